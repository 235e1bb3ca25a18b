//! Which district a hand-written text names: one resolver for project records (where
//! the id is required and anything else gets a hint) and for ledger imports (where
//! names are read as they are written).

use crate::model::District;

/// What a text names among a board's districts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named<'s> {
    Id(&'s District),
    Name(&'s District),
    /// The name without its suffix or with another of the same kind: 「金谷园」 or
    /// 「金谷园办事处」 for 「金谷园街道」, but not 「红山园区」 for 「红山街道」.
    Variant(&'s District),
    /// Only close: the one district sharing the first two characters or more (a hint,
    /// never read as that district).
    Near(&'s District),
    Unknown,
}

impl<'s> Named<'s> {
    /// The district a ledger's text is read as: by id, name or a variant of the name.
    pub fn for_import(self) -> Option<&'s District> {
        match self {
            Named::Id(d) | Named::Name(d) | Named::Variant(d) => Some(d),
            Named::Near(_) | Named::Unknown => None,
        }
    }
}

/// What `text` names among `districts`.
pub fn resolve<'s>(text: &str, districts: &'s [District]) -> Named<'s> {
    let find = |hit: &dyn Fn(&District) -> bool| districts.iter().find(|d| hit(d));
    find(&|d| d.id == text)
        .map(Named::Id)
        .or_else(|| find(&|d| d.name == text).map(Named::Name))
        .or_else(|| find(&|d| same_district(text, &d.name)).map(Named::Variant))
        .or_else(|| near(text, districts).map(Named::Near))
        .unwrap_or(Named::Unknown)
}

/// Suffixes of district names a text may leave out or write another way, by kind.
const SUFFIXES: [(&str, u8); 8] =
    [("街道办事处", 0), ("办事处", 0), ("街道", 0), ("街办", 0), ("镇", 1), ("乡", 2), ("园区", 3), ("开发区", 4)];

/// A district name without its suffix, and the suffix's kind.
fn bare(name: &str) -> (&str, Option<u8>) {
    SUFFIXES
        .iter()
        .find_map(|(s, kind)| name.strip_suffix(s).filter(|b| !b.is_empty()).map(|b| (b, Some(*kind))))
        .unwrap_or((name, None))
}

/// Whether `text` names the district called `name`, without a suffix or with another of
/// the same kind.
fn same_district(text: &str, name: &str) -> bool {
    let ((t, tk), (n, nk)) = (bare(text), bare(name));
    t == n && (tk.is_none() || tk == nk)
}

/// The one district whose name shares the first two characters or more with `text`.
fn near<'s>(text: &str, districts: &'s [District]) -> Option<&'s District> {
    let common = |name: &str| text.chars().zip(name.chars()).take_while(|(a, b)| a == b).count();
    let mut near = districts.iter().filter(|d| common(&d.name) >= 2 && !text.is_ascii());
    let first = near.next()?;
    near.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: &str, name: &str) -> District {
        District { id: id.into(), name: name.into() }
    }

    #[test]
    fn names_match_without_or_with_another_suffix_of_the_same_kind() {
        assert!(same_district("金谷园", "金谷园街道"));
        assert!(same_district("金谷园办事处", "金谷园街道"));
        assert!(same_district("城关", "城关镇"));
        assert!(!same_district("红山园区", "红山街道"));
        assert!(!same_district("红山园区", "红山工业园区"));
        assert!(!same_district("城关乡", "城关镇"));
    }

    #[test]
    fn ids_names_variants_and_near_names_are_told_apart() {
        let all = [d("jinguyuan", "金谷园街道"), d("hongshan", "红山街道"), d("gongyeyuan", "红山工业园区")];
        assert_eq!(resolve("jinguyuan", &all), Named::Id(&all[0]));
        assert_eq!(resolve("红山工业园区", &all), Named::Name(&all[2]));
        assert_eq!(resolve("金谷园办事处", &all), Named::Variant(&all[0]));
        assert_eq!(resolve("金谷园镇", &all), Named::Near(&all[0]));
        assert_eq!(resolve("金谷园镇", &all).for_import(), None, "a town is not a street");
        assert_eq!(resolve("红山园区", &all), Named::Unknown, "two districts begin with 红山");
        assert_eq!(resolve("jingu", &all), Named::Unknown);
    }
}
