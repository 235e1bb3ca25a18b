//! Reading the values of ledger cells the way offices write them: amounts in 万元 as
//! numbers or text, percentages as 0.45 / 45 / 「45%」, dates as Excel dates or text
//! such as 2026.3, 2026-03 or 2026年3月, and the report month in a title.

use chrono::NaiveDate;

use super::columns::MoneyUnit;
use super::sheets::{number_text, Cell};
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

/// A number cell read by `number`, a text cell (but a dash) by `text`; `what` the value is, for errors.
fn figure(
    c: &Cell,
    what: &str,
    number: impl Fn(f64) -> Option<Decimal>,
    text: impl Fn(&str) -> Option<Decimal>,
) -> Result<Option<Decimal>, String> {
    match c {
        Cell::Empty => Ok(None),
        Cell::Number(x) => number(*x).map(Some).ok_or_else(|| format!("「{}」 is not {what}", number_text(*x))),
        Cell::Date(d) => Err(format!("「{d}」 is a date, not {what}")),
        Cell::Text(t) if is_dash(t.trim()) => Ok(None),
        Cell::Text(t) => text(t).map(Some).ok_or_else(|| format!("「{t}」 is not {what}")),
    }
}

/// An amount of money: a number, or text like 「1,200」 or 「1200万元」.
pub fn amount(c: &Cell) -> Result<Option<Decimal>, String> {
    figure(c, "an amount", decimal_of, |t| {
        let s: String = t.chars().filter(|c| !c.is_whitespace() && *c != ',' && *c != '，').collect();
        let s = s.strip_suffix("万元").or_else(|| s.strip_suffix('万')).unwrap_or(&s);
        s.parse::<f64>()
            .ok()
            .filter(|_| s.bytes().all(|b| b.is_ascii_digit() || b"+-.".contains(&b)))
            .and_then(decimal_of)
    })
}

/// A percentage in points (45 for 45%). `fraction`: plain numbers are fractions (0.45).
pub fn percent(c: &Cell, fraction: bool) -> Result<Option<Decimal>, String> {
    let scale = |x: f64| decimal_of(if fraction { x * 100.0 } else { x });
    figure(c, "a percentage", scale, |t| {
        let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        match s.strip_suffix(['%', '％']) {
            Some(p) => p.parse::<f64>().ok().and_then(decimal_of),
            None => s.parse::<f64>().ok().and_then(scale),
        }
    })
}

/// Whether the plain numbers of a 形象进度 column are fractions: every number in it is at most 1.
pub fn percent_column_is_fraction<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> bool {
    let numbers: Vec<f64> = cells
        .into_iter()
        .filter_map(|c| match c {
            Cell::Number(x) => Some(*x),
            Cell::Text(t) if !t.contains(['%', '％']) => t.trim().parse::<f64>().ok(),
            _ => None,
        })
        .collect();
    !numbers.is_empty() && !numbers.iter().any(|x| *x > 1.0)
}

/// A date or month: an Excel date, 2026.3, 2026-03, 2026/3/31, 2026年3月, 2026年3月31日,
/// 2026年底, 20260331, 202603.
pub fn when(c: &Cell) -> Result<Option<When>, String> {
    match c {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(When::Date(*d))),
        Cell::Number(x) if x.fract() == 0.0 && (20_000.0..=80_000.0).contains(x) => {
            // An Excel date serial in a cell without a date format.
            #[expect(clippy::cast_sign_loss, reason = "a whole number from 20,000 to 80,000, as the guard says")]
            let days = *x as u64;
            let d = NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|e| e.checked_add_days(chrono::Days::new(days)));
            d.map(|d| Some(When::Date(d))).ok_or_else(|| format!("「{x}」 is not a date"))
        }
        Cell::Number(x) => when_text(&number_text(*x)),
        Cell::Text(t) if is_dash(t.trim()) => Ok(None),
        Cell::Text(t) => when_text(t),
    }
}

fn when_text(t: &str) -> Result<Option<When>, String> {
    let bad = || format!("「{t}」 is not a date");
    let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let s = ["前", "底", "末", "日", "号", "份"].iter().fold(s.as_str(), |s, x| s.strip_suffix(x).unwrap_or(s));
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
    let (mut year, mut month) = (None, None);
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let run = &rest[start..];
        let (digits, after) = run.split_at(run.find(|c: char| !c.is_ascii_digit()).unwrap_or(run.len()));
        rest = after;
        let next = after.chars().next();
        let n: u32 = digits.parse().unwrap_or(0);
        match digits.len() {
            4 if (2000..2100).contains(&n) => {
                year = year.or(Some(n as i32));
                // 2026-10, 2026.10, 2026/10, 2026_10
                if matches!(next, Some('-' | '.' | '/' | '_')) {
                    let m: String = after[1..].chars().take_while(char::is_ascii_digit).collect();
                    month = month.or(m.parse().ok().filter(|m| (1..=12).contains(m)));
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

/// An amount read in a column whose header names `from`, in the board's unit `to`:
/// exact, or an error when the amount has no exact value at four decimals.
pub fn convert(d: Decimal, from: MoneyUnit, to: MoneyUnit) -> Result<Decimal, String> {
    let shift = i64::from(from.0) - i64::from(to.0);
    let pow = |n: i64| 10i64.checked_pow(u32::try_from(n).ok()?);
    let exact = if shift >= 0 {
        pow(shift).and_then(|f| d.0.checked_mul(f)).map(Decimal)
    } else {
        pow(-shift).filter(|f| d.0 % f == 0).map(|f| Decimal(d.0 / f))
    };
    exact.filter(|v| v.0.abs() < 9 * 10i64.pow(15)).ok_or_else(|| {
        format!("「{d}」 {} cannot be written exactly in {} with at most four decimals", from.word(), to.word())
    })
}

/// A cell that holds a unit and a person, 「福建武邵高速公路发展有限公司␣␣␣␣李介立」,
/// split at its last run of spaces: the person is the last part when it is a short
/// name (2–4 characters). Otherwise the whole text and no person.
pub fn split_person(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    let parts: Vec<&str> = t.split(|c: char| c.is_whitespace()).filter(|p| !p.is_empty()).collect();
    if let [rest @ .., last] = parts.as_slice() {
        let org: String = rest.concat();
        let n = last.chars().count();
        if org.chars().count() >= 3 && (2..=4).contains(&n) && last.chars().all(is_han) {
            return (org, Some((*last).to_string()));
        }
    }
    (t.to_string(), None)
}

/// A person's name as ledgers align it, 「成␣␣斌」: the spaces out of a short Chinese name.
pub fn tidy_person(text: &str) -> String {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if squeezed.chars().count() <= 4 && squeezed.chars().all(is_han) {
        squeezed
    } else {
        text.trim().to_string()
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '·')
}

/// Markers offices put on names (★ for a provincial project, ● for a new one).
const MARKERS: &[char] = &['★', '☆', '●', '○', '◆', '◇', '▲', '△', '■', '□', '※', '＊', '*', '▶'];

/// A name without the markers at its start or end, and the markers removed.
pub fn strip_markers(name: &str) -> (String, Vec<char>) {
    let mut found = Vec::new();
    let t = name.trim_matches(|c: char| {
        let marker = MARKERS.contains(&c);
        if marker && !found.contains(&c) {
            found.push(c);
        }
        marker || c.is_whitespace()
    });
    (t.to_string(), found)
}

/// 建设起止时间 as one range: 「2009-2011」, 「09.10-11.3」, 「2009.10-2011.3」,
/// 「2009年10月-2011年3月」, 「2010-」 → the start month and the deadline (a year alone
/// starts in January and ends in December).
pub fn period(c: &Cell) -> Result<(Option<Month>, Option<When>), String> {
    let Some(t) = c.text() else { return Ok((None, None)) };
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || is_dash(&t) {
        return Ok((None, None));
    }
    let bad = || format!("「{t}」 is not a range of years or months such as 2009-2011 or 09.10-11.3");
    let sep = ['-', '—', '–', '－', '~', '～', '至', '到'];
    let (a, b) = t.split_once(sep).map_or((t.as_str(), ""), |(a, b)| (a, b.trim_start_matches(sep)));
    let start = period_end(a).ok_or_else(bad)?;
    let end = if b.is_empty() { None } else { Some(period_end(b).ok_or_else(bad)?) };
    // 「2009-10」 may be October 2009 or 2009 to 2010: say so rather than guess.
    if a.len() == 4 && b.len() <= 2 && !b.is_empty() && start.1.is_none() {
        return Err(format!("「{t}」 may be a month or two years: write 2009-2010 or 2009.10"));
    }
    let first = Month { year: start.0, month: start.1.unwrap_or(1) };
    let last = end.map(|(y, m)| When::Month(Month { year: y, month: m.unwrap_or(12) }));
    if last.is_some_and(|l| l.month() < first) {
        return Err(format!("「{t}」 ends before it starts"));
    }
    Ok((Some(first), last))
}

/// One end of a period: 「2009」, 「09.10」, 「2011.3」, 「2009年10月」, 「2011年」.
fn period_end(s: &str) -> Option<(i32, Option<u32>)> {
    let s = s.trim_end_matches(['年', '底', '月']);
    let parts: Vec<&str> = s.split(['.', '．', '/', '年']).filter(|p| !p.is_empty()).collect();
    let year = |y: &str| -> Option<i32> {
        let n: i32 = y.parse().ok()?;
        match y.len() {
            4 if (1949..=2100).contains(&n) => Some(n),
            2 => Some(2000 + n),
            _ => None,
        }
    };
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    match parts.as_slice() {
        [y] => Some((year(y)?, None)),
        [y, m] => Some((year(y)?, Some(m.parse().ok().filter(|m| (1..=12).contains(m))?))),
        _ => None,
    }
}

/// The stage a 项目性质 / 建设性质 word and the figures mean: 续建 is under construction,
/// 新开工 started once it has investment (planning before), 竣工 completed, 前期 planning.
/// 扩建, 改建 and the like say how, not where, a project is: no stage.
pub fn nature_stage(c: &Cell, invested: bool) -> Result<Option<Stage>, String> {
    let Some(t) = c.text() else { return Ok(None) };
    let w: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if w.is_empty() || is_dash(&w) {
        return Ok(None);
    }
    let started = if invested { Stage::Started } else { Stage::Planning };
    let words: [(&[&str], Option<Stage>); 7] = [
        (&["续建", "在建"], Some(Stage::Construction)),
        (&["新开工", "新建", "开工"], Some(started)),
        (&["竣工", "建成", "完工"], Some(Stage::Completed)),
        (&["投产", "运营"], Some(Stage::Operating)),
        (&["前期", "预备", "储备", "谋划"], Some(Stage::Planning)),
        (&["签约"], Some(Stage::Signed)),
        (&["扩建", "改建", "迁建", "技改", "改扩建"], None),
    ];
    let found = words.iter().find(|(ws, _)| ws.iter().any(|x| w.contains(x)));
    found.map(|(_, s)| *s).ok_or_else(|| format!("「{t}」 is not a 项目性质 guatu knows"))
}

/// The percent complete of the whole project that a 形象进度 text states, 「形象进度80%」,
/// 「总体完成60%」, 「80%」; none for a part's, 「路基完成75%，桥梁下部结构完成60%」.
pub fn whole_percent(text: &str) -> Option<Decimal> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (before, after) = t.split_once(['%', '％'])?;
    let lead = before.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let value = before[lead.len()..].parse::<f64>().ok().and_then(decimal_of)?;
    const FILLER: [&str; 18] = [
        "形象进度",
        "总工程量",
        "工程量",
        "总进度",
        "总体",
        "整体",
        "项目",
        "工程",
        "累计",
        "已经",
        "已",
        "完成",
        "达到",
        "达",
        "约",
        "为",
        "的",
        "了",
    ];
    let punctuation = |c: char| "：:，,。;；".contains(c);
    let rest = format!("{lead}{after}");
    let left = FILLER.iter().fold(rest.trim_matches(punctuation).to_string(), |left, w| left.replace(w, ""));
    // One percentage, and nothing but filler words around it.
    (!after.contains(['%', '％']) && left.trim_matches(punctuation).is_empty()).then_some(value)
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

    #[test]
    fn amounts_convert_between_units_exactly_or_not_at_all() {
        let (yi, wan, yuan) = (MoneyUnit(8), MoneyUnit(4), MoneyUnit(0));
        assert_eq!(convert(d("1.25"), yi, wan), Ok(d("12500")));
        assert_eq!(convert(d("12500"), wan, yi), Ok(d("1.25")));
        assert_eq!(convert(d("1234"), yuan, wan), Ok(d("0.1234")));
        assert!(convert(d("0.5"), yuan, wan).unwrap_err().contains("cannot be written exactly"));
        assert!(convert(d("100000000000"), yi, yuan).is_err());
    }

    #[test]
    fn a_unit_and_its_person_in_one_cell() {
        let p = |s: &str| split_person(s);
        assert_eq!(
            p("福建武邵高速公路发展有限公司      李介立"),
            ("福建武邵高速公路发展有限公司".into(), Some("李介立".into()))
        );
        assert_eq!(p("南平市政府   张兆民"), ("南平市政府".into(), Some("张兆民".into())));
        assert_eq!(p("区发改委"), ("区发改委".into(), None));
        assert_eq!(p("成  斌"), ("成  斌".into(), None));
        assert_eq!(p("Some Company Ltd"), ("Some Company Ltd".into(), None));
        assert_eq!(tidy_person("成  斌"), "成斌");
        assert_eq!(tidy_person(" 张三 "), "张三");
    }

    #[test]
    fn markers_come_off_names() {
        assert_eq!(strip_markers("★古雷腾龙芳烃项目"), ("古雷腾龙芳烃项目".into(), vec!['★']));
        assert_eq!(strip_markers("●甲项目★"), ("甲项目".into(), vec!['●', '★']));
        assert_eq!(strip_markers("甲项目"), ("甲项目".into(), vec![]));
    }

    #[test]
    fn periods_give_start_and_deadline() {
        let m = |y, mo| Month { year: y, month: mo };
        let w = |y, mo| Some(When::Month(m(y, mo)));
        assert_eq!(period(&t("2009-2011")), Ok((Some(m(2009, 1)), w(2011, 12))));
        assert_eq!(period(&t("09.10-11.3")), Ok((Some(m(2009, 10)), w(2011, 3))));
        assert_eq!(period(&t("2010-")), Ok((Some(m(2010, 1)), None)));
        assert_eq!(period(&t("2009.10-2011.3")), Ok((Some(m(2009, 10)), w(2011, 3))));
        assert_eq!(period(&t("2009年10月-2011年3月")), Ok((Some(m(2009, 10)), w(2011, 3))));
        assert_eq!(period(&t("2009～2011")), Ok((Some(m(2009, 1)), w(2011, 12))));
        assert_eq!(period(&Cell::Empty), Ok((None, None)));
        assert!(period(&t("2009-10")).unwrap_err().contains("may be a month or two years"));
        assert!(period(&t("2011-2009")).is_err());
        assert!(period(&t("明年")).is_err());
    }

    #[test]
    fn nature_words_and_figures_give_the_stage() {
        assert_eq!(nature_stage(&t("续建"), true), Ok(Some(Stage::Construction)));
        assert_eq!(nature_stage(&t("新开工"), true), Ok(Some(Stage::Started)));
        assert_eq!(nature_stage(&t("新建"), false), Ok(Some(Stage::Planning)));
        assert_eq!(nature_stage(&t("竣工"), true), Ok(Some(Stage::Completed)));
        assert_eq!(nature_stage(&t("前期"), false), Ok(Some(Stage::Planning)));
        assert_eq!(nature_stage(&t("扩建"), true), Ok(None));
        assert!(nature_stage(&t("其他"), true).is_err());
    }

    #[test]
    fn a_percent_counts_only_when_the_text_states_it_for_the_whole_project() {
        assert_eq!(whole_percent("80%"), Some(d("80")));
        assert_eq!(whole_percent("形象进度80%"), Some(d("80")));
        assert_eq!(whole_percent("总体完成 60.5％"), Some(d("60.5")));
        assert_eq!(whole_percent("工程已完成总工程量的45%。"), Some(d("45")));
        assert_eq!(whole_percent("路基完成75%，桥梁下部结构完成60%"), None);
        assert_eq!(whole_percent("完成路基土方40%"), None);
        assert_eq!(whole_percent("主体施工至8层"), None);
    }
}
