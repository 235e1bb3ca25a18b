//! The columns of a project as a table row, in one list: `projects.csv`, the project
//! objects of `projects.json` and `summary.json`, and the poster sheets' table all take
//! their columns from [`COLUMNS`], in its order; the monthly report workbook's red list and
//! problem list are selections of it by key ([`list`]).
//!
//! Adding a column is one entry here (and its heading under `col` in the language files
//! when it has no heading yet). The ledger workbook `projects.xlsx` is not in this list:
//! its columns are the ones `guatu import` reads back (`import::columns`).

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::metrics::{ProjectMetrics, Reason, Status};
use crate::model::{Board, Entry, Project, Stage};
use crate::num::{Decimal, Ratio};
use crate::view::Labels;

/// What a column holds for one project as of a month.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    Text(&'a str),
    Maybe(Option<&'a str>),
    /// A district id: the data gives the id, tables its name.
    District(&'a str),
    Date(NaiveDate),
    Stage(Stage),
    Status(Status),
    Amount(Option<Decimal>),
    Rate(Option<Ratio>),
    /// A fraction that tables read in percentage points (the lag).
    Points(Option<Ratio>),
    /// Why the project has its status.
    Reasons(&'a [Reason]),
    /// 形象进度: the percent, else the ledger's words for it.
    Progress(Option<Decimal>, Option<&'a str>),
}

impl Value<'_> {
    fn is_none(&self) -> bool {
        matches!(self, Value::Maybe(None) | Value::Amount(None) | Value::Progress(None, None))
            || matches!(self, Value::Rate(None) | Value::Points(None))
    }

    /// The value as the CSV and the poster write it: names instead of ids, labels instead
    /// of keys, rates as fractions of six decimals, blank when there is none.
    pub fn text(&self, board: &Board, l: &Labels<'_>) -> String {
        match *self {
            Value::Text(s) => s.to_string(),
            Value::Maybe(s) => s.unwrap_or_default().to_string(),
            Value::District(id) => board.site.district(id).map_or(id, |d| d.name.as_str()).to_string(),
            Value::Date(d) => d.to_string(),
            Value::Stage(s) => l.get("stage", s.key()),
            Value::Status(s) => l.get("status", s.key()),
            Value::Amount(a) => a.map(|a| a.to_string()).unwrap_or_default(),
            Value::Rate(r) | Value::Points(r) => r.map(|r| format!("{:.6}", r.to_f64())).unwrap_or_default(),
            Value::Reasons(r) => crate::view::reason_texts(r, &board.site, l).join(l.text("punct", "sep")),
            Value::Progress(Some(pc), _) => format!("{pc}%"),
            Value::Progress(None, Some(words)) => words.to_string(),
            Value::Progress(None, None) => "—".to_string(),
        }
    }
}

/// The data files' form: ids, keys, numbers, `null` when there is none.
impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) | Value::District(t) => s.serialize_str(t),
            Value::Maybe(t) => t.serialize(s),
            Value::Date(d) => s.collect_str(d),
            Value::Stage(st) => st.serialize(s),
            Value::Status(st) => st.serialize(s),
            Value::Amount(a) | Value::Progress(a, _) => a.serialize(s),
            Value::Rate(r) | Value::Points(r) => r.serialize(s),
            Value::Reasons(r) => r.serialize(s),
        }
    }
}

/// Whether and how a column is in the data files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InData {
    No,
    /// Always a member, `null` when there is none.
    Always,
    /// A member only when there is a value.
    WhenGiven,
}

/// A column's place on the poster sheets' table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OnPoster {
    /// Share of the table's width; the shares of all poster columns and the row number's
    /// ([`ROW_NUMBER`]) add up to 1.
    pub share: f64,
    /// Lines the text may take before it shrinks and is cut.
    pub lines: usize,
    /// Centred rather than left-aligned.
    pub centred: bool,
}

/// One column.
pub struct Column {
    /// Its name in the data files.
    pub key: &'static str,
    /// Its heading: section and key in the language files (`None`: the key itself).
    pub heading: Option<(&'static str, &'static str)>,
    /// Its value for a project as of a month.
    pub value: for<'a> fn(&'a Project, &'a ProjectMetrics) -> Value<'a>,
    /// In `projects.json` and `summary.json`.
    pub data: InData,
    /// In `projects.csv`.
    pub csv: bool,
    /// On the poster sheets.
    pub poster: Option<OnPoster>,
}

impl Column {
    /// The heading in the board's language.
    pub fn heading(&self, l: &Labels<'_>) -> String {
        self.heading.map_or_else(|| self.key.to_string(), |(section, key)| l.get(section, key))
    }
}

/// The poster's row number, before the columns.
pub const ROW_NUMBER: OnPoster = OnPoster { share: 0.045, lines: 1, centred: true };

const fn on_poster(share: f64, lines: usize, centred: bool) -> Option<OnPoster> {
    Some(OnPoster { share, lines, centred })
}

/// A column that is in the data files and the CSV and not on the posters, headed by its
/// key under `col`.
const fn data(key: &'static str, value: for<'a> fn(&'a Project, &'a ProjectMetrics) -> Value<'a>) -> Column {
    Column { key, heading: Some(("col", key)), value, data: InData::Always, csv: true, poster: None }
}

/// A column of the report workbook's lists only.
const fn listed(key: &'static str, value: for<'a> fn(&'a Project, &'a ProjectMetrics) -> Value<'a>) -> Column {
    Column { data: InData::No, csv: false, ..data(key, value) }
}

/// Every column, in the order of the data files, the CSV and the poster.
pub const COLUMNS: &[Column] = &[
    Column { heading: None, ..data("id", |p, _| Value::Text(&p.id)) },
    Column { poster: on_poster(0.205, 3, false), ..data("name", |p, _| Value::Text(&p.name)) },
    data("district", |p, _| Value::District(&p.district)),
    data("category", |p, _| Value::Maybe(p.category.as_deref())),
    data("level", |p, _| Value::Maybe(p.level.as_deref())),
    Column { poster: on_poster(0.085, 2, true), ..data("leader", |p, _| Value::Text(&p.leader)) },
    Column { poster: on_poster(0.115, 3, false), ..data("unit", |p, _| Value::Text(&p.unit)) },
    Column { poster: on_poster(0.095, 1, true), ..data("deadline", |p, _| Value::Date(p.deadline)) },
    Column { poster: on_poster(0.265, 4, false), ..listed("note", |p, m| Value::Maybe(of_month(p, m, |e| &e.note))) },
    Column {
        heading: Some(("col", "percent")),
        poster: on_poster(0.12, 1, false),
        ..listed("progress", |p, m| Value::Progress(m.percent, physical_progress(p, m)))
    },
    data("stage", |_, m| Value::Stage(m.stage)),
    data("percent", |_, m| Value::Amount(m.percent)),
    Column {
        data: InData::WhenGiven,
        csv: false,
        ..data("physical_progress", |p, m| Value::Maybe(physical_progress(p, m)))
    },
    data("annual_plan", |_, m| Value::Amount(m.annual_plan)),
    data("ytd_invested", |_, m| Value::Amount(Some(m.ytd_invested))),
    data("cumulative_invested", |_, m| Value::Amount(Some(m.cumulative_invested))),
    Column { data: InData::WhenGiven, csv: false, ..data("prior_invested", |p, _| Value::Amount(p.prior_invested)) },
    data("total_investment", |p, _| Value::Amount(p.total_investment)),
    data("completion_rate", |_, m| Value::Rate(m.completion_rate)),
    data("lag", |_, m| Value::Points(m.lag)),
    Column { poster: on_poster(0.07, 2, true), ..data("status", |_, m| Value::Status(m.status)) },
    Column { heading: Some(("report", "reason")), ..listed("reasons", |_, m| Value::Reasons(&m.reasons)) },
    listed("problems", |p, m| Value::Maybe(of_month(p, m, |e| &e.problems))),
    listed("next", |p, m| Value::Maybe(of_month(p, m, |e| &e.next))),
];

/// A text of the month's entry.
fn of_month<'a>(p: &'a Project, m: &ProjectMetrics, text: fn(&Entry) -> &Option<String>) -> Option<&'a str> {
    m.entry_of_month.and_then(|k| text(&p.progress[k]).as_deref())
}

/// The words of the latest entry that gives 形象进度 in words.
fn physical_progress<'a>(p: &'a Project, m: &ProjectMetrics) -> Option<&'a str> {
    m.physical_progress.and_then(|i| p.progress[i].physical_progress.as_deref())
}

/// A project's columns in the data files, as members of the JSON object `map`.
pub fn serialize_data<M: serde::ser::SerializeMap>(
    map: &mut M,
    p: &Project,
    m: &ProjectMetrics,
) -> Result<(), M::Error> {
    for c in COLUMNS {
        let v = (c.value)(p, m);
        match c.data {
            InData::No => {}
            InData::WhenGiven if v.is_none() => {}
            InData::Always | InData::WhenGiven => map.serialize_entry(c.key, &v)?,
        }
    }
    Ok(())
}

/// The columns of `keys`, in that order.
///
/// # Panics
/// When a key is not a column's.
pub fn list(keys: &[&str]) -> Vec<&'static Column> {
    let column = |k: &&str| COLUMNS.iter().find(|c| c.key == *k).unwrap_or_else(|| panic!("no column `{k}`"));
    keys.iter().map(column).collect()
}

/// The columns of `projects.csv`.
pub fn csv() -> impl Iterator<Item = &'static Column> {
    COLUMNS.iter().filter(|c| c.csv)
}

/// The columns of the poster table, after the row number.
pub fn poster() -> impl Iterator<Item = (&'static Column, OnPoster)> {
    COLUMNS.iter().filter_map(|c| c.poster.map(|on| (c, on)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = COLUMNS.iter().map(|c| c.key).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    #[test]
    fn poster_shares_and_the_row_number_fill_the_table() {
        let sum: f64 = poster().map(|(_, on)| on.share).sum::<f64>() + ROW_NUMBER.share;
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
    }

    #[test]
    fn progress_reads_the_percent_then_the_words() {
        let none = Value::Progress(None, None);
        assert!(none.is_none());
        assert!(!Value::Progress(None, Some("主体封顶")).is_none());
        assert!(!Value::Amount(Some(Decimal::ZERO)).is_none());
    }
}
