//! Reading the values of ledger cells the way offices write them: amounts in 万元 as
//! numbers or text, percentages as 0.45 / 45 / 「45%」, dates as Excel dates or text
//! such as 2026.3, 2026-03 or 2026年3月, and the report month in a title.

use chrono::NaiveDate;

use super::ledger::{number_text, Cell};
use crate::model::{Lang, Stage};
use crate::num::{Decimal, Month, SCALE};

/// A date or a month, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// A month (a deadline means its last day).
    Month(Month),
    /// A calendar date.
    Date(NaiveDate),
}

impl When {
    /// The month.
    pub fn month(self) -> Month {
        match self {
            When::Month(m) => m,
            When::Date(d) => Month::of_date(d),
        }
    }

    /// The date a deadline means: a month's last day.
    pub fn deadline(self) -> NaiveDate {
        match self {
            When::Month(m) => m.last_day(),
            When::Date(d) => d,
        }
    }

    /// `YYYY-MM` or `YYYY-MM-DD`, as project files write it.
    pub fn yaml(self) -> String {
        match self {
            When::Month(m) => m.to_string(),
            When::Date(d) => d.to_string(),
        }
    }
}

/// A number to four decimals, rounded (Excel keeps binary fractions).
fn decimal_of(x: f64) -> Option<Decimal> {
    let scaled = (x * SCALE as f64).round();
    (x.is_finite() && scaled.abs() < 9.0e15).then_some(Decimal(scaled as i64))
}

/// Cells that mean "nothing" in a ledger: 「-」, 「—」, 「/」, 「无」.
fn is_dash(t: &str) -> bool {
    matches!(t, "-" | "—" | "——" | "－" | "/" | "／" | "无" | "\\")
}

/// An amount of money: a number, or text like 「1,200」 or 「1200万元」.
pub fn amount(c: &Cell) -> Result<Option<Decimal>, String> {
    match c {
        Cell::Empty => Ok(None),
        Cell::Number(x) => decimal_of(*x).map(Some).ok_or_else(|| format!("「{}」 is not an amount", number_text(*x))),
        Cell::Date(d) => Err(format!("「{d}」 is a date, not an amount")),
        Cell::Text(t) if is_dash(t.trim()) => Ok(None),
        Cell::Text(t) => {
            let s: String = t.chars().filter(|c| !c.is_whitespace() && *c != ',' && *c != '，').collect();
            let s = s.strip_suffix("万元").or_else(|| s.strip_suffix('万')).unwrap_or(&s);
            let parsed = s.parse::<f64>().ok().filter(|_| s.bytes().all(|b| b.is_ascii_digit() || b"+-.".contains(&b)));
            parsed.and_then(decimal_of).map(Some).ok_or_else(|| format!("「{t}」 is not an amount"))
        }
    }
}

/// A percentage in points (45 for 45%). `fraction`: plain numbers are fractions (0.45).
pub fn percent(c: &Cell, fraction: bool) -> Result<Option<Decimal>, String> {
    let scale = |x: f64| decimal_of(if fraction { x * 100.0 } else { x });
    match c {
        Cell::Empty => Ok(None),
        Cell::Number(x) => scale(*x).map(Some).ok_or_else(|| format!("「{}」 is not a percentage", number_text(*x))),
        Cell::Date(d) => Err(format!("「{d}」 is a date, not a percentage")),
        Cell::Text(t) if is_dash(t.trim()) => Ok(None),
        Cell::Text(t) => {
            let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            let bad = || format!("「{t}」 is not a percentage");
            match s.strip_suffix(['%', '％']) {
                Some(p) => p.parse::<f64>().ok().and_then(decimal_of).map(Some).ok_or_else(bad),
                None => s.parse::<f64>().ok().and_then(scale).map(Some).ok_or_else(bad),
            }
        }
    }
}

/// Whether the plain numbers of a 形象进度 column are fractions: every number in it is at most 1.
pub fn percent_column_is_fraction<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> bool {
    let mut any = false;
    for c in cells {
        let x = match c {
            Cell::Number(x) => Some(*x),
            Cell::Text(t) if !t.contains(['%', '％']) => t.trim().parse::<f64>().ok(),
            _ => None,
        };
        if let Some(x) = x {
            if x > 1.0 {
                return false;
            }
            any = true;
        }
    }
    any
}

/// A date or month: an Excel date, 2026.3, 2026-03, 2026/3/31, 2026年3月, 2026年3月31日,
/// 2026年底, 20260331, 202603.
pub fn when(c: &Cell) -> Result<Option<When>, String> {
    match c {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(When::Date(*d))),
        Cell::Number(x) if x.fract() == 0.0 && (20_000.0..=80_000.0).contains(x) => {
            // An Excel date serial in a cell without a date format.
            let d =
                NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|e| e.checked_add_days(chrono::Days::new(*x as u64)));
            d.map(|d| Some(When::Date(d))).ok_or_else(|| format!("「{x}」 is not a date"))
        }
        Cell::Number(x) => when_text(&number_text(*x)),
        Cell::Text(t) if is_dash(t.trim()) => Ok(None),
        Cell::Text(t) => when_text(t),
    }
}

fn when_text(t: &str) -> Result<Option<When>, String> {
    let bad = || format!("「{t}」 is not a date");
    let mut s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    for suffix in ["前", "底", "末", "日", "号", "份"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
        }
    }
    let year_end = t.contains("年底") || t.contains("年末");
    let s: String =
        s.chars().map(|c| if matches!(c, '年' | '月' | '.' | '/' | '．' | '-') { '-' } else { c }).collect();
    let parts: Vec<&str> = s.trim_end_matches('-').split('-').filter(|p| !p.is_empty()).collect();
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let num = |p: &str| p.parse::<u32>().ok();
    let month = |y: &str, m: &str| {
        let (y, m) = (num(y)?, num(m)?);
        (y.to_string().len() == 4 && (1..=12).contains(&m)).then_some(Month { year: y as i32, month: m })
    };
    let date = |y: &str, m: &str, d: &str| NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?);
    let found = match parts.as_slice() {
        [y] if y.len() == 4 && year_end => month(y, "12").map(When::Month),
        [ym] if ym.len() == 6 => month(&ym[..4], &ym[4..]).map(When::Month),
        [ymd] if ymd.len() == 8 => date(&ymd[..4], &ymd[4..6], &ymd[6..]).map(When::Date),
        [y, m] if y.len() == 4 => month(y, m).map(When::Month),
        [y, m, d] if y.len() == 4 => date(y, m, d).map(When::Date),
        _ => None,
    };
    found.filter(|w| (1900..2200).contains(&w.month().year)).map(Some).ok_or_else(bad)
}

/// The word a ledger writes for a stage (the default theme's label), read back by [`stage`].
pub fn stage_label(s: Stage, lang: Lang) -> &'static str {
    let i = Stage::ALL.iter().position(|x| *x == s).expect("every stage");
    match lang {
        Lang::ZhCn => ["前期", "签约", "开工", "在建", "竣工", "投产"][i],
        Lang::En => ["Planning", "Signed", "Started", "Under construction", "Completed", "Operating"][i],
    }
}

/// A stage from its Chinese or English word.
pub fn stage(c: &Cell) -> Result<Option<Stage>, String> {
    let Some(t) = c.text() else { return Ok(None) };
    let w = t.trim().to_ascii_lowercase();
    if is_dash(&w) {
        return Ok(None);
    }
    Stage::from_word(&w).map(Some).ok_or_else(|| format!("「{t}」 is not a stage"))
}

/// The report month a text names: 「2026年10月」, 「2026年1-10月」 (the last month),
/// 「2026-10」, 「202610」; or the year and month found separately, such as
/// 「XX县2026年重点项目推进台账（10月）」.
pub fn month_in(text: &str) -> (Option<i32>, Option<u32>) {
    let chars: Vec<char> = text.chars().collect();
    let mut year = None;
    let mut month = None;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let digits: String = chars[start..i].iter().collect();
        let next = chars.get(i).copied();
        let before_digit = start > 0 && chars[start - 1].is_ascii_digit();
        let n: u32 = digits.parse().unwrap_or(0);
        match digits.len() {
            4 if (2000..2100).contains(&n) && !before_digit => {
                year = year.or(Some(n as i32));
                // 2026-10, 2026.10, 2026/10, 2026_10
                if matches!(next, Some('-' | '.' | '/' | '_')) {
                    let m: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
                    if let Some(m) = m.parse::<u32>().ok().filter(|m| (1..=12).contains(m) && m.to_string().len() <= 2)
                    {
                        month = month.or(Some(m));
                    }
                }
            }
            6 if (2000..2100).contains(&(n / 100)) && (1..=12).contains(&(n % 100)) => {
                year = year.or(Some((n / 100) as i32));
                month = month.or(Some(n % 100));
            }
            1 | 2 if next == Some('月') && (1..=12).contains(&n) => {
                // The last 「N月」 of the text wins: 「1-10月」 means October.
                month = Some(n);
            }
            _ => {}
        }
    }
    (year, month)
}

/// The month of a year and month found in a text, if both are known.
pub fn month_of(year: Option<i32>, month: Option<u32>) -> Option<Month> {
    Some(Month { year: year?, month: month? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn amounts_as_numbers_or_text() {
        assert_eq!(amount(&Cell::Number(1200.0)), Ok(Some(d("1200"))));
        assert_eq!(amount(&Cell::Number(0.1 + 0.2)), Ok(Some(d("0.3"))));
        assert_eq!(amount(&t("1,200.5")), Ok(Some(d("1200.5"))));
        assert_eq!(amount(&t("1200万元")), Ok(Some(d("1200"))));
        assert_eq!(amount(&t(" 35 万")), Ok(Some(d("35"))));
        assert_eq!(amount(&t("-")), Ok(None));
        assert_eq!(amount(&Cell::Empty), Ok(None));
        assert_eq!(amount(&t("-20")), Ok(Some(d("-20"))));
        assert!(amount(&t("约500")).unwrap_err().contains("约500"));
        assert!(amount(&t("1e5")).is_err());
        assert!(amount(&t("NaN")).is_err());
    }

    #[test]
    fn percentages_as_fractions_points_or_text() {
        assert_eq!(percent(&Cell::Number(0.45), true), Ok(Some(d("45"))));
        assert_eq!(percent(&Cell::Number(45.0), false), Ok(Some(d("45"))));
        assert_eq!(percent(&t("45%"), true), Ok(Some(d("45"))));
        assert_eq!(percent(&t("45.5％"), false), Ok(Some(d("45.5"))));
        assert_eq!(percent(&Cell::Number(0.275), true), Ok(Some(d("27.5"))));
        assert!(percent(&t("主体封顶"), false).is_err());
        assert!(percent_column_is_fraction(&[Cell::Number(0.45), t("60%"), Cell::Number(1.0)]));
        assert!(!percent_column_is_fraction(&[Cell::Number(0.45), Cell::Number(45.0)]));
        assert!(!percent_column_is_fraction(&[t("45%")]));
    }

    #[test]
    fn dates_and_months_in_every_usual_form() {
        let m = |y, mo| Ok(Some(When::Month(Month { year: y, month: mo })));
        let day = |y, mo, da| Ok(Some(When::Date(NaiveDate::from_ymd_opt(y, mo, da).unwrap())));
        assert_eq!(when(&t("2026.3")), m(2026, 3));
        assert_eq!(when(&Cell::Number(2026.3)), m(2026, 3));
        assert_eq!(when(&Cell::Number(2026.12)), m(2026, 12));
        assert_eq!(when(&t("2026-03")), m(2026, 3));
        assert_eq!(when(&t("2026年3月")), m(2026, 3));
        assert_eq!(when(&t("2026年3月底前")), m(2026, 3));
        assert_eq!(when(&t("2026年底")), m(2026, 12));
        assert_eq!(when(&t("202603")), m(2026, 3));
        assert_eq!(when(&t("2026/3/31")), day(2026, 3, 31));
        assert_eq!(when(&t("2026年3月31日")), day(2026, 3, 31));
        assert_eq!(when(&t("20260331")), day(2026, 3, 31));
        assert_eq!(when(&Cell::Number(46112.0)), day(2026, 3, 31));
        assert!(when(&t("2026")).is_err());
        assert!(when(&t("2026.13")).is_err());
        assert!(when(&t("2026年2月30日")).is_err());
        assert!(when(&t("明年")).is_err());
        assert_eq!(when(&t("—")), Ok(None));
    }

    #[test]
    fn stages_in_chinese_and_english() {
        assert_eq!(stage(&t("在建")), Ok(Some(Stage::Construction)));
        assert_eq!(stage(&t("Under construction")), Ok(Some(Stage::Construction)));
        assert_eq!(stage(&t("completed")), Ok(Some(Stage::Completed)));
        assert!(stage(&t("快完了")).is_err());
        for s in Stage::ALL {
            for lang in [Lang::ZhCn, Lang::En] {
                assert_eq!(stage(&t(stage_label(s, lang))), Ok(Some(s)));
            }
        }
    }

    #[test]
    fn the_month_of_a_title_or_file_name() {
        assert_eq!(month_in("XX县2026年重点项目推进台账（10月）"), (Some(2026), Some(10)));
        assert_eq!(month_in("2026年1-10月重点项目完成情况"), (Some(2026), Some(10)));
        assert_eq!(month_in("台账2026-09"), (Some(2026), Some(9)));
        assert_eq!(month_in("台账202609"), (Some(2026), Some(9)));
        assert_eq!(month_in("2026年重点项目台账"), (Some(2026), None));
        assert_eq!(month_in("10月"), (None, Some(10)));
        assert_eq!(month_in("ledger"), (None, None));
    }
}
