//! Excel workbook of the monthly report (月度通报): the district and unit rankings,
//! the red list (黑榜) and the problem list, one sheet each.
//!
//! Every sheet has the same layout: a title on row 1, the column headers on row 2
//! (bold, filled, frozen), the data from row 3. Numbers are written as numbers —
//! amounts in the money unit, rates as fractions shown as `0.0%`, lags in
//! percentage points — so that the sheet can be sorted and summed. The bytes depend
//! only on the inputs: the document's creation time is the report month's first day.

use super::workbook::{Page, Properties, Sheet, Style, StyleId, Workbook};
use anyhow::Result;

use crate::format::{money, month_label, percent};
use crate::metrics::{lists, Aggregate, ProjectMetrics, Summary};
use crate::model::{Board, Project};
use crate::num::{Decimal, Ratio};
use crate::table::{self, Value};
use crate::view::{fill, group_row, Labels};

/// Row of the column headers (0-based); the title is on the row above.
pub const HEADER_ROW: u32 = 1;

/// Widest column, in character widths; longer text wraps.
const MAX_WIDTH: usize = 48;
/// Narrowest column.
const MIN_WIDTH: usize = 6;

/// One cell of a table.
enum Cell {
    Text(String),
    Count(usize),
    Amount(Decimal),
    /// A fraction shown as a percentage; blank when none.
    Rate(Option<Ratio>),
    /// A fraction shown in percentage points; blank when none.
    Points(Option<Ratio>),
    /// A signed whole number (rank change); blank when none.
    Change(Option<i64>),
}

impl Cell {
    /// The width of the text Excel shows, for sizing the column, or more than `cap` when
    /// that is wider; numbers are measured without being formatted.
    fn width(&self, cap: usize) -> usize {
        match self {
            Cell::Text(t) => display_width(t, cap),
            Cell::Count(n) => digits(*n as u128),
            Cell::Amount(d) => money(*d).len(),
            Cell::Rate(r) => r.map_or(0, |r| tenths_width(r.round_scaled(1000)) + 1),
            Cell::Points(r) => r.map_or(0, |r| tenths_width(r.round_scaled(1000))),
            Cell::Change(c) => c.map_or(0, |c| 1 + digits(u128::from(c.unsigned_abs()))),
        }
    }
}

/// Decimal digits of `n`.
fn digits(n: u128) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The length of [`crate::num::tenths`]`(t)`: sign, whole part, point, one decimal.
fn tenths_width(t: i128) -> usize {
    usize::from(t < 0) + digits(t.unsigned_abs() / 10) + 2
}

/// A sheet's headers and rows.
struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// The cell formats of the workbook.
struct Styles {
    title: StyleId,
    header: StyleId,
    text: StyleId,
    count: StyleId,
    whole: StyleId,
    fraction: StyleId,
    rate: StyleId,
    points: StyleId,
    change: StyleId,
    blank: StyleId,
}

/// zlib level of the workbooks' parts: 1, the fastest. Measured: level 3 took a quarter
/// less CPU than 6 for files 10–20 % larger (10k board); level 2 a third less again in the
/// compressor than 3 for files 7–9 % larger; level 1 3 % less of the whole build's
/// instructions than 2 (1k × 12 board) for files 26–29 % larger than 2's: a few MB more
/// for a 10,000-project site of 360 MB.
pub(super) const ZIP_LEVEL: u8 = 1;

/// The formats every guatu workbook starts from: the title above the table, the column
/// headers, and the bordered, vertically centred cell that the other formats refine.
pub(super) struct BaseFormats {
    pub title: Style,
    pub header: Style,
    pub cell: Style,
}

impl BaseFormats {
    pub fn new() -> BaseFormats {
        let cell = Style { border: true, vertical_center: true, ..Style::default() };
        BaseFormats {
            title: Style { bold: true, size: Some(14), vertical_center: true, ..Style::default() },
            header: Style { bold: true, fill: Some(0xD9E1F2), center: true, wrap: true, ..cell.clone() },
            cell,
        }
    }
}

impl Styles {
    fn new(book: &mut Workbook) -> Styles {
        let BaseFormats { title, header, cell } = BaseFormats::new();
        let mut num = |f: &'static str| book.style(Style { num_format: Some(f), ..cell.clone() });
        let (count, whole, fraction) = (num("0"), num("#,##0"), num("#,##0.0###"));
        let (rate, points, change) = (num("0.0%"), num("0.0"), num("+0;-0;0"));
        Styles {
            title: book.style(title),
            header: book.style(header),
            text: book.style(Style { wrap: true, ..cell.clone() }),
            count,
            whole,
            fraction,
            rate,
            points,
            change,
            blank: book.style(cell),
        }
    }
}

/// The report of month `s` as the bytes of an Excel workbook.
pub fn report_xlsx(board: &Board, s: &Summary, prev: Option<&Summary>, l: &Labels<'_>) -> Result<Vec<u8>> {
    report_workbook(board, s, prev, l)?.save(ZIP_LEVEL)
}

/// The report of month `s` as an Excel workbook, to save.
pub(crate) fn report_workbook(board: &Board, s: &Summary, prev: Option<&Summary>, l: &Labels<'_>) -> Result<Workbook> {
    let site = &board.site;
    let month = month_label(s.month, l);
    let heading = |sheet: &str| format!("{} {month} {sheet}", site.title);
    let subject = l.text("workbook", "subject");

    let mut book = Workbook::new(Properties {
        title: heading(subject),
        subject: Some(subject.to_string()),
        author: site.organization.clone(),
        company: site.organization.clone(),
        created: Some(s.month.first_day()),
    });
    let styles = Styles::new(&mut book);
    let (open, close) = (l.text("punct", "open"), l.text("punct", "close"));
    let time = format!("{open}{} {}{close}", l.text("kpi", "time_progress"), percent(Some(s.time_progress)));
    let unit = &site.money_unit;
    let districts = ranking(l.get("workbook", "district"), &s.districts, prev.map(|p| &p.districts[..]), unit, l);
    let units = ranking(l.get("col", "unit"), &s.units, prev.map(|p| &p.units[..]), unit, l);
    let red_list = (s.red_list.iter())
        .filter_map(|id| board.projects.binary_search_by(|p| p.id.as_str().cmp(id)).ok())
        .map(|i| (&board.projects[i], &s.projects[i]));
    let sheets = [
        (l.text("workbook", "districts_sheet"), time.as_str(), districts),
        (l.text("workbook", "units_sheet"), &time, units),
        (l.text("workbook", "red_sheet"), "", list(RED_LIST, red_list, board, l)),
        (l.text("workbook", "problems_sheet"), "", list(PROBLEM_LIST, lists::with_problems(board, s), board, l)),
    ];
    for (name, after, t) in &sheets {
        write_table(book.add_sheet(name)?, &format!("{}{after}", heading(name)), t, &styles)?;
    }
    Ok(book)
}

/// `label(unit)` for amount headers (`workbook.amount`).
fn with_unit(l: &Labels<'_>, label: &str, unit: &str) -> String {
    fill(l.text("workbook", "amount"), &[("label", label), ("unit", unit)])
}

/// A ranking column's cell of a group, given the group a month earlier.
type GroupCell = fn(&Aggregate, Option<&Aggregate>) -> Cell;

/// A ranking sheet: groups in rank order with their rank change against `prev`.
fn ranking(header: String, groups: &[Aggregate], prev: Option<&[Aggregate]>, unit: &str, l: &Labels<'_>) -> Table {
    let columns: [(String, GroupCell); 13] = [
        (l.get("col", "rank"), |a, _| a.rank.map_or(Cell::Text(String::new()), Cell::Count)),
        (l.get("kpi", "vs_last_month"), |a, before| Cell::Change(group_row(a, None, before).rank_change)),
        (header, |a, _| Cell::Text(a.name.clone())),
        (l.get("col", "projects"), |a, _| Cell::Count(a.projects)),
        (l.get("col", "started"), |a, _| Cell::Count(a.started)),
        (with_unit(l, l.text("col", "annual_plan"), unit), |a, _| Cell::Amount(a.annual_plan)),
        (with_unit(l, l.text("col", "ytd_invested"), unit), |a, _| Cell::Amount(a.ytd_invested)),
        (l.get("col", "completion_rate"), |a, _| Cell::Rate(a.completion_rate)),
        (fill(l.text("workbook", "lag"), &[("label", l.text("kpi", "lag"))]), |a, _| Cell::Points(a.lag)),
        (l.get("col", "red"), |a, _| Cell::Count(a.status.red)),
        (l.get("col", "yellow"), |a, _| Cell::Count(a.status.yellow)),
        (l.get("col", "green"), |a, _| Cell::Count(a.status.green)),
        (l.get("status", "done"), |a, _| Cell::Count(a.status.done)),
    ];
    let mut ordered: Vec<&Aggregate> = groups.iter().collect();
    ordered.sort_by_key(|a| (a.rank.is_none(), a.rank));
    let prev: std::collections::HashMap<&str, &Aggregate> =
        prev.unwrap_or_default().iter().map(|b| (b.id.as_str(), b)).collect();
    let row = |a: &Aggregate| columns.iter().map(|(_, cell)| cell(a, prev.get(a.id.as_str()).copied())).collect();
    let rows = ordered.into_iter().map(row).collect();
    Table { headers: columns.into_iter().map(|(h, _)| h).collect(), rows }
}

/// The columns of the red list, after the serial number.
const RED_LIST: &[&str] = &["name", "district", "leader", "unit", "completion_rate", "lag", "reasons"];
/// The columns of the problem list, after the serial number.
const PROBLEM_LIST: &[&str] = &["name", "district", "unit", "leader", "problems", "next"];

/// A list of projects with a serial number and the columns of `keys`.
fn list<'a>(
    keys: &[&str],
    projects: impl Iterator<Item = (&'a Project, &'a ProjectMetrics)>,
    board: &Board,
    l: &Labels<'_>,
) -> Table {
    let columns = table::list(keys);
    let headers = std::iter::once(l.get("workbook", "serial")).chain(columns.iter().map(|c| c.heading(l))).collect();
    let cell = |v| match v {
        Value::Amount(Some(a)) => Cell::Amount(a),
        Value::Rate(r) => Cell::Rate(r),
        Value::Points(r) => Cell::Points(r),
        v => Cell::Text(v.text(board, l)),
    };
    let rows = (1..)
        .zip(projects)
        .map(|(n, (p, m))| {
            std::iter::once(Cell::Count(n)).chain(columns.iter().map(|c| cell((c.value)(p, m)))).collect()
        })
        .collect();
    Table { headers, rows }
}

/// Display width in character widths (East Asian wide characters count 2) of the widest
/// line, counted up to the first line wider than `cap`.
fn display_width(text: &str, cap: usize) -> usize {
    let mut widest = 0;
    for line in text.split('\n') {
        let mut w = 0;
        for c in line.chars() {
            w += if is_wide(c) { 2 } else { 1 };
            if w > cap {
                return w;
            }
        }
        widest = widest.max(w);
    }
    widest
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Writes `title` and `t` into `ws`: title, headers, rows, widths, frozen header, print setup.
fn write_table(ws: &mut Sheet, title: &str, t: &Table, st: &Styles) -> Result<()> {
    let cols = u16::try_from(t.headers.len())?;
    ws.title_row(0, 24.0, cols - 1, title, st.title)?;
    ws.row(HEADER_ROW, None)?;
    for (c, h) in (0u16..).zip(&t.headers) {
        ws.text(c, h, st.header)?;
    }
    for (r, row) in (HEADER_ROW + 1..).zip(&t.rows) {
        ws.row(r, None)?;
        for (c, cell) in (0u16..).zip(row) {
            write_cell(ws, c, cell, st)?;
        }
    }
    for (c, h) in (0u16..).zip(&t.headers) {
        // A column at the widest width needs no more rows measured.
        let cap = MAX_WIDTH - 2;
        let mut widest = display_width(h, cap);
        for cell in t.rows.iter().filter_map(|row| row.get(usize::from(c))) {
            if widest > cap {
                break;
            }
            widest = widest.max(cell.width(cap));
        }
        ws.set_width(c, (widest + 2).clamp(MIN_WIDTH, MAX_WIDTH) as f64)?;
    }
    ws.freeze(HEADER_ROW + 1, 0)?;
    ws.page(Page { paper: 9, landscape: true, fit_width: true });
    ws.repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(())
}

/// Points of a lag: 100 × the fraction, to a millionth of a point (so 0.3 gives 30,
/// not 30.000000000000004).
fn points_value(r: Ratio) -> f64 {
    r.round_scaled(100_000_000) as f64 / 1_000_000.0
}

/// Writes `cell` (a blank with the cell format when it has no value) in column `c`.
fn write_cell(ws: &mut Sheet, c: u16, cell: &Cell, st: &Styles) -> Result<()> {
    match cell {
        Cell::Text(t) if t.is_empty() => ws.blank(c, st.blank),
        Cell::Text(t) => ws.text(c, t, st.text),
        Cell::Count(n) => ws.number(c, *n as f64, st.count),
        Cell::Amount(d) => {
            let style = if d.0 % crate::num::SCALE == 0 { st.whole } else { st.fraction };
            ws.number(c, d.to_f64(), style)
        }
        Cell::Rate(Some(x)) => ws.number(c, x.to_f64(), st.rate),
        Cell::Points(Some(x)) => ws.number(c, points_value(*x), st.points),
        Cell::Change(Some(n)) => ws.number(c, *n as f64, st.change),
        Cell::Rate(None) | Cell::Points(None) | Cell::Change(None) => ws.blank(c, st.blank),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(display_width("金谷园街道", 48), 10);
        assert_eq!(display_width("A1（b）", 48), 7);
        assert_eq!(display_width("ab\n金谷园", 48), 6, "the widest line");
        assert_eq!(display_width("金谷园街道", 3), 4, "stops past the cap");
        assert_eq!(display_width("75.0%", 48), 5);
    }

    #[test]
    fn number_widths_are_the_lengths_of_what_excel_shows() {
        use crate::num::tenths;
        for n in [0usize, 7, 10, 99, 100, 12_345] {
            assert_eq!(Cell::Count(n).width(48), n.to_string().len(), "{n}");
        }
        for c in [0i64, 3, -3, 12, -120] {
            assert_eq!(Cell::Change(Some(c)).width(48), format!("{c:+}").len(), "{c}");
        }
        for (a, b) in [(0, 1), (281, 1000), (-5, 1000), (1, 3), (-7, 3), (123_456, 10)] {
            let r = Ratio::new(a, b);
            assert_eq!(Cell::Rate(Some(r)).width(48), format!("{}%", r.percent_1dp()).len(), "{a}/{b}");
            assert_eq!(Cell::Points(Some(r)).width(48), tenths(r.round_scaled(1000)).len(), "{a}/{b}");
        }
        assert_eq!(Cell::Rate(None).width(48), 0);
    }

    #[test]
    fn points_are_exact_enough_to_read() {
        assert_eq!(points_value(Ratio::new(3, 10)), 30.0);
        assert_eq!(points_value(Ratio::new(-1, 4)), -25.0);
        assert_eq!(points_value(Ratio::new(1, 3)), 33.333333);
    }
}
