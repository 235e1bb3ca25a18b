//! Typed reading of YAML nodes, recording a positioned diagnostic for every mistake.

use chrono::NaiveDate;

use crate::diag::{suggest, Diagnostics};
use crate::num::{parse_date, parse_date_or_month, Decimal, Month, MAX_FIGURE};
use crate::yaml::{Node, Pos, Value};

/// Where problems go: the file being read and the collector.
pub struct Ctx<'d> {
    /// Path relative to the root.
    pub file: &'d str,
    pub diags: &'d mut Diagnostics,
}

impl Ctx<'_> {
    /// Records an error at `pos`, with an optional fix.
    pub fn error(&mut self, pos: Pos, message: impl Into<String>, help: Option<String>) {
        self.diags.error(self.file, pos, message).help = help;
    }

    /// Records a warning at `pos`, with an optional fix.
    pub fn warning(&mut self, pos: Pos, message: impl Into<String>, help: Option<String>) {
        self.diags.warning(self.file, pos, message).help = help;
    }
}

/// The fields of one mapping, tracking which were read.
pub struct Fields<'a> {
    pub pos: Pos,
    pairs: &'a [(Node, Node)],
    used: Vec<bool>,
    what: &'static str,
}

/// Opens `node` as a mapping, reporting duplicate keys; `what` names it in messages.
pub fn open_map<'a>(ctx: &mut Ctx<'_>, node: &'a Node, what: &'static str) -> Option<Fields<'a>> {
    let Value::Map(pairs) = &node.value else {
        ctx.error(
            node.pos,
            format!("{what} must be a mapping of `key: value` lines, found {}", node.kind()),
            Some("write one `key: value` per line, indented under it".into()),
        );
        return None;
    };
    for (i, (k, _)) in pairs.iter().enumerate() {
        let key = k.scalar().unwrap_or("");
        if pairs[..i].iter().any(|(seen, _)| seen.scalar().unwrap_or("") == key) {
            ctx.error(k.pos, format!("duplicate field `{key}`"), Some("keep one of the two lines".into()));
        }
    }
    Some(Fields { pos: node.pos, pairs, used: vec![false; pairs.len()], what })
}

impl<'a> Fields<'a> {
    /// The key and value of `key`, marking it read.
    fn pair(&mut self, key: &str) -> Option<&'a (Node, Node)> {
        let i = self.pairs.iter().position(|(k, _)| k.scalar() == Some(key))?;
        self.used[i] = true;
        Some(&self.pairs[i])
    }

    /// The value of `key`, if present and neither null nor an empty string.
    pub fn get(&mut self, key: &str) -> Option<&'a Node> {
        self.pair(key).map(|(_, v)| v).filter(|v| !is_blank(v))
    }

    /// The value of a required `key`; a missing one is reported at the mapping,
    /// an empty one on its own line.
    pub fn req(&mut self, ctx: &mut Ctx<'_>, key: &str) -> Option<&'a Node> {
        match self.pair(key) {
            Some((_, v)) if !is_blank(v) => Some(v),
            Some((k, v)) => {
                ctx.error(
                    if v.is_null() { k.pos } else { v.pos },
                    format!("the required field `{key}` is empty"),
                    Some(format!("write a value after `{key}:`")),
                );
                None
            }
            None => {
                ctx.error(
                    self.pos,
                    format!("{} is missing the required field `{key}`", self.what),
                    Some(format!("add a line `{key}: …`")),
                );
                None
            }
        }
    }

    /// Reports every key that was not read as unknown, suggesting the closest allowed one.
    pub fn finish(self, ctx: &mut Ctx<'_>, allowed: &[&str]) {
        let unread = self.pairs.iter().zip(&self.used).filter(|(_, used)| !**used).map(|((k, _), _)| k);
        for (k, key) in unread.map(|k| (k, k.scalar().unwrap_or(""))).filter(|(_, key)| !allowed.contains(key)) {
            let help = suggest(key, allowed.iter().copied())
                .map(|s| format!("did you mean \"{s}\"?"))
                .or_else(|| Some(format!("allowed fields: {}", allowed.join(", "))));
            ctx.error(k.pos, format!("unknown field `{key}` in {}", self.what), help);
        }
    }
}

/// Null, or a scalar of only white space.
fn is_blank(node: &Node) -> bool {
    node.is_null() || node.scalar().is_some_and(|s| s.trim().is_empty())
}

fn found(node: &Node) -> String {
    match node.scalar() {
        Some(s) if !node.is_null() => format!("`{s}`"),
        _ => node.kind().to_string(),
    }
}

/// The longest text a field may hold: what one Excel cell holds, since every text field
/// goes into the open-data workbook.
pub const MAX_TEXT_CHARS: usize = 32_767;

/// A text field: any non-null scalar of at most [`MAX_TEXT_CHARS`] characters.
pub fn text(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } if text.chars().count() > MAX_TEXT_CHARS => {
            ctx.error(
                node.pos,
                format!("{what} is {} characters long, at most {MAX_TEXT_CHARS}", text.chars().count()),
                Some(
                    "shorten the text (an Excel cell holds 32,767 characters); long explanations belong in a page"
                        .into(),
                ),
            );
            None
        }
        Value::Scalar { text, .. } if text.chars().any(is_unshowable) => {
            let (at, c) = text.chars().enumerate().find(|(_, c)| is_unshowable(*c)).unwrap_or_default();
            ctx.error(
                node.pos,
                format!("{what} holds the control character U+{:04X} (character {})", u32::from(c), at + 1),
                Some("delete it: no page, poster or workbook can show it (it often comes with text copied from another program)".into()),
            );
            None
        }
        Value::Scalar { text, .. } if !node.is_null() => Some(text.clone()),
        _ => {
            ctx.error(
                node.pos,
                format!("{what} must be text, found {}", node.kind()),
                Some(format!("write the text on the same line after `{what}: `")),
            );
            None
        }
    }
}

/// A character that XML, and so every page, poster and workbook, cannot hold or show:
/// control characters other than tab and line ends, and the non-characters U+FFFE/U+FFFF.
fn is_unshowable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// A number with at most four decimals.
pub fn decimal(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<Decimal> {
    if let Value::Scalar { text, quoted: false } = &node.value {
        if Decimal::is_too_large(text) {
            ctx.error(
                node.pos,
                format!("{what} is too large: {}, the largest figure is {MAX_FIGURE}", text.trim()),
                Some("check the digits and the money unit (money_unit in site.yaml)".into()),
            );
            return None;
        }
        if let Some(d) = Decimal::parse(text) {
            return Some(d);
        }
    }
    let help = node.scalar().and_then(number_meant).map_or_else(
        || "write digits only, e.g. `3200` or `3200.5`, without quotes or units".to_string(),
        |n| format!("did you mean `{n}`? write digits only, without quotes, separators or units"),
    );
    ctx.error(
        node.pos,
        format!("{what} must be a number with at most four decimals, found {}", found(node)),
        Some(help),
    );
    None
}

/// The number meant by one written as on paper: full-width digits (１２０), thousands
/// separators (1,200 or 1，200), a percent sign; also a number in quotes. None if it is
/// no number even so (a money unit is not dropped: `8亿元` is not `8` 万元).
fn number_meant(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let trimmed = trimmed.strip_suffix(['%', '％']).unwrap_or(trimmed).trim_end();
    let meant: String = trimmed
        .chars()
        .filter(|c| !matches!(c, ',' | '，'))
        .map(|c| match c {
            '．' => '.',
            '－' => '-',
            c => ascii_digit(c),
        })
        .collect();
    Decimal::parse(&meant).map(|_| meant)
}

/// A full-width digit (０–９) as its ASCII digit; any other character as it is.
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
        c => c,
    }
}

/// A non-negative number.
pub fn amount(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<Decimal> {
    let v = decimal(ctx, node, what)?;
    if v.is_negative() {
        ctx.error(
            node.pos,
            format!("{what} must not be negative, found {v}"),
            Some(if what == "invested" {
                "to correct an earlier month, change that month's `invested` instead".into()
            } else {
                "write the amount without a minus sign".into()
            }),
        );
        return None;
    }
    Some(v)
}

/// A positive whole number.
pub fn positive_int(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<u32> {
    let v = node.scalar().filter(|_| !node.is_null()).and_then(|s| s.parse::<u32>().ok()).filter(|n| *n > 0);
    if v.is_none() {
        ctx.error(
            node.pos,
            format!("{what} must be a whole number above 0, found {}", found(node)),
            Some("e.g. `12`".into()),
        );
    }
    v
}

/// A boolean.
pub fn boolean(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<bool> {
    match node.scalar() {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => {
            ctx.error(
                node.pos,
                format!("{what} must be true or false, found {}", found(node)),
                Some("write `true` or `false`".into()),
            );
            None
        }
    }
}

/// `m` if it lies in [`Month::FIRST`]..=[`Month::LAST`]; otherwise an error at `node`.
fn in_range(ctx: &mut Ctx<'_>, node: &Node, what: &str, m: Month) -> Option<Month> {
    if (Month::FIRST..=Month::LAST).contains(&m) {
        return Some(m);
    }
    ctx.error(
        node.pos,
        format!("{what} {} is outside 1949-01 to 2100-12", found(node)),
        Some("check the year; boards cover months from 1949-01 to 2100-12".into()),
    );
    None
}

/// A month `YYYY-MM`.
pub fn month(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<Month> {
    if let Some(m) = node.scalar().and_then(Month::parse) {
        return in_range(ctx, node, what, m);
    }
    let meant = node.scalar().and_then(date_meant).map(|(y, m, _)| format!("{y:04}-{m:02}"));
    ctx.error(
        node.pos,
        format!("{what} must be a month YYYY-MM, found {}", found(node)),
        Some(meant.map_or_else(|| "e.g. `2026-03`".into(), |m| format!("did you mean `{m}`?"))),
    );
    None
}

/// The date or month meant by one written as on paper: `2026/3`, `2026.03.15`,
/// `2026年3月15日`, `2026-3`, full-width digits. None unless it is a real date or month
/// with a four-digit year.
fn date_meant(text: &str) -> Option<(i32, u32, Option<u32>)> {
    let text: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '－' | '／' | '．' => '-',
            c => ascii_digit(c),
        })
        .collect();
    let text = text.trim_end_matches(['日', '月']);
    let parts: Vec<&str> = text.split(['-', '/', '.', '年', '月']).collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let year: i32 = parts[0].parse().ok().filter(|_| parts[0].len() == 4)?;
    let month: u32 = parts[1].parse().ok().filter(|m| (1..=12).contains(m))?;
    let day = parts.get(2).map(|d| d.parse().ok().filter(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some()));
    Some((year, month, day.map_or(Some(None), |d| d.map(Some))?))
}

/// [`date_meant`] as the text to write.
fn date_meant_text(text: &str) -> Option<String> {
    date_meant(text).map(|(y, m, d)| match d {
        Some(d) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("{y:04}-{m:02}"),
    })
}

/// A month, or a date of which only the month counts.
pub fn month_or_date(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<Month> {
    let s = node.scalar().unwrap_or("");
    if let Some(m) = Month::parse(s).or_else(|| parse_date(s).map(Month::of_date)) {
        return in_range(ctx, node, what, m);
    }
    ctx.error(
        node.pos,
        format!("{what} must be YYYY-MM or YYYY-MM-DD, found {}", found(node)),
        Some(meant_or(node, "e.g. `2026-03` or `2026-03-15`")),
    );
    None
}

/// A date `YYYY-MM-DD`, or a month meaning its last day.
pub fn date_or_month(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<NaiveDate> {
    if let Some(d) = node.scalar().and_then(parse_date_or_month) {
        return in_range(ctx, node, what, Month::of_date(d)).map(|_| d);
    }
    ctx.error(
        node.pos,
        format!("{what} must be a date YYYY-MM-DD or a month YYYY-MM, found {}", found(node)),
        Some(meant_or(node, "e.g. `2027-06-30` or `2027-06` (the month's last day)")),
    );
    None
}

/// "did you mean …?" with the date meant by `node`, else `example`.
fn meant_or(node: &Node, example: &str) -> String {
    node.scalar().and_then(date_meant_text).map_or_else(|| example.into(), |d| format!("did you mean `{d}`?"))
}

/// True for a valid id: `^[a-z0-9][a-z0-9-]{0,63}$`.
pub fn is_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && !s.starts_with('-')
        && s.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// An id field.
pub fn id(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Option<String> {
    let s = text(ctx, node, what)?;
    if !is_id(&s) {
        ctx.error(
            node.pos,
            format!("{what} `{s}` is not a valid id"),
            Some("use 1–64 lowercase ASCII letters, digits and `-`, starting with a letter or digit".into()),
        );
        return None;
    }
    Some(s)
}

/// One of a fixed set of words.
pub fn one_of<'w>(ctx: &mut Ctx<'_>, node: &Node, what: &str, words: &[&'w str]) -> Option<&'w str> {
    one_of_or_synonym(ctx, node, what, words, |_| None)
}

/// [`one_of`], where a word that `synonym` knows (another word for one of `words`, as
/// offices write it) is still an error, with that word as the fix.
pub fn one_of_or_synonym<'w>(
    ctx: &mut Ctx<'_>,
    node: &Node,
    what: &str,
    words: &[&'w str],
    synonym: impl Fn(&str) -> Option<&'w str>,
) -> Option<&'w str> {
    let s = node.scalar().unwrap_or("");
    if let Some(w) = words.iter().find(|w| **w == s) {
        return Some(w);
    }
    let help = synonym(s.trim())
        .or_else(|| suggest(s, words.iter().copied()))
        .map_or_else(|| format!("use one of: {}", words.join(", ")), |w| format!("did you mean \"{w}\"?"));
    ctx.error(node.pos, format!("{what} must be one of {}, found {}", words.join(", "), found(node)), Some(help));
    None
}

/// A list; anything else is reported.
pub fn list<'a>(ctx: &mut Ctx<'_>, node: &'a Node, what: &str) -> &'a [Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => {
            ctx.error(
                node.pos,
                format!("{what} must be a list, found {}", node.kind()),
                Some("write one `- item` per line or `[a, b]`".into()),
            );
            &[]
        }
    }
}

/// A list of text items.
pub fn text_list(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Vec<(Pos, String)> {
    list(ctx, node, what).iter().filter_map(|n| text(ctx, n, what).map(|t| (n.pos, t))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_as_on_paper_are_read_back() {
        let meant = date_meant_text;
        assert_eq!(meant("2026-3"), Some("2026-03".into()));
        assert_eq!(meant("2026/03"), Some("2026-03".into()));
        assert_eq!(meant("2026.3.5"), Some("2026-03-05".into()));
        assert_eq!(meant("2026年3月"), Some("2026-03".into()));
        assert_eq!(meant("2026年12月31日"), Some("2026-12-31".into()));
        assert_eq!(meant("２０２６－０３"), Some("2026-03".into()));
        assert_eq!(meant("２０２６/０３"), Some("2026-03".into()));
        assert_eq!(meant("2026/02/30"), None, "no such day");
        assert_eq!(meant("2026/13"), None);
        assert_eq!(meant("26/03"), None, "two-digit years are not guessed");
        assert_eq!(meant("第3季度"), None);
    }

    #[test]
    fn numbers_written_as_on_paper_are_read_back() {
        assert_eq!(number_meant("1,200"), Some("1200".into()));
        assert_eq!(number_meant("1，200.5"), Some("1200.5".into()));
        assert_eq!(number_meant("１２０"), Some("120".into()));
        assert_eq!(number_meant("３．５"), Some("3.5".into()));
        assert_eq!(number_meant("40%"), Some("40".into()));
        assert_eq!(number_meant("100"), Some("100".into()));
        assert_eq!(number_meant("1000万元"), None);
        assert_eq!(number_meant("很多"), None);
        assert_eq!(number_meant("1.23456"), None);
    }

    #[test]
    fn ids_follow_the_spec_pattern() {
        assert!(is_id("jinguyuan"));
        assert!(is_id("a-1"));
        assert!(is_id("9"));
        assert!(!is_id("-a"));
        assert!(!is_id("Ab"));
        assert!(!is_id("a_b"));
        assert!(!is_id(&"a".repeat(65)));
        assert!(!is_id(""));
    }
}
