//! Excel workbook of the monthly report (月度通报): the district and unit rankings,
//! the red list (黑榜) and the problem list, one sheet each.
//!
//! Every sheet has the same layout: a title on row 1, the column headers on row 2
//! (bold, filled, frozen), the data from row 3. Numbers are written as numbers —
//! amounts in the money unit, rates as fractions shown as `0.0%`, lags in
//! percentage points — so that the sheet can be sorted and summed. The bytes depend
//! only on the inputs: the document's creation time is the report month's first day.

use anyhow::Result;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::format::{money, month_label};
use crate::metrics::{Aggregate, Summary};
use crate::model::{Board, Lang};
use crate::num::{Decimal, Ratio};
use crate::report;
use crate::view::{group_row, reason_texts, Labels};

/// Words the theme's language files do not have.
struct Words {
    /// Sheet 1 name and title.
    districts_sheet: &'static str,
    /// Sheet 2 name and title.
    units_sheet: &'static str,
    /// Sheet 3 name and title.
    red_sheet: &'static str,
    /// Sheet 4 name and title.
    problems_sheet: &'static str,
    /// The district column of the district ranking.
    district: &'static str,
    /// The running number column.
    serial: &'static str,
    /// The reasons column of the red list.
    reason: &'static str,
    /// Appended to the lag header of the rankings.
    points: &'static str,
    /// Between reasons.
    reason_sep: &'static str,
    /// Amount headers: `{label}{open}{unit}{close}`.
    unit_open: &'static str,
    /// Closes the unit.
    unit_close: &'static str,
    /// Around a remark in a title.
    aside: (&'static str, &'static str),
    /// Workbook subject.
    subject: &'static str,
}

const ZH: Words = Words {
    districts_sheet: "街道排名",
    units_sheet: "责任单位排名",
    red_sheet: "黑榜",
    problems_sheet: "问题清单",
    district: "街道",
    serial: "序号",
    reason: "原因",
    points: "(百分点)",
    reason_sep: "；",
    unit_open: "(",
    unit_close: ")",
    aside: ("（", "）"),
    subject: "月度通报",
};

const EN: Words = Words {
    districts_sheet: "District ranking",
    units_sheet: "Unit ranking",
    red_sheet: "Red list",
    problems_sheet: "Problem list",
    district: "District",
    serial: "No.",
    reason: "Reasons",
    points: " (points)",
    reason_sep: "; ",
    unit_open: " (",
    unit_close: ")",
    aside: (" (", ")"),
    subject: "Monthly report",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    }
}

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
    /// The width of the text Excel shows, for sizing the column.
    fn width(&self) -> usize {
        match self {
            Cell::Text(t) => display_width(t),
            other => other.shown().len(),
        }
    }

    /// The text Excel shows (ASCII for every cell but text).
    fn shown(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Amount(d) => money(*d),
            Cell::Rate(r) => r.map(|r| format!("{}%", r.percent_1dp())).unwrap_or_default(),
            Cell::Points(r) => r.map(|r| crate::num::tenths(r.round_scaled(1000))).unwrap_or_default(),
            Cell::Change(c) => c.map(|c| format!("{c:+}")).unwrap_or_default(),
        }
    }
}

/// A sheet: name, title, headers and rows.
struct Table {
    name: &'static str,
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// The formats of the workbook.
struct Styles {
    title: Format,
    header: Format,
    text: Format,
    count: Format,
    whole: Format,
    fraction: Format,
    rate: Format,
    points: Format,
    change: Format,
    blank: Format,
}

/// An empty workbook, compressed at zlib level 1 (the fastest) instead of the default 6.
/// Measured: level 3 took a quarter less CPU than 6 for files 10–20 % larger (10k board);
/// level 2 a third less again in the compressor than 3 for files 7–9 % larger; level 1
/// 3 % less of the whole build's instructions than 2 (1k × 12 board) for files 26–29 %
/// larger than 2's (the 1k board's report workbook 37 → 47 KB, its project workbook
/// 139 → 179 KB): a few MB more for a 10,000-project site of 360 MB.
pub(super) fn new_workbook() -> Workbook {
    let mut book = Workbook::new();
    book.set_zip_compression_level(1);
    book
}

/// The formats every guatu workbook starts from: the title above the table, the column
/// headers, and the bordered, vertically centred cell that the other formats refine.
pub(super) struct BaseFormats {
    pub title: Format,
    pub header: Format,
    pub cell: Format,
}

impl BaseFormats {
    pub fn new() -> BaseFormats {
        let cell = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        BaseFormats {
            title: Format::new().set_bold().set_font_size(14).set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            cell,
        }
    }
}

impl Styles {
    fn new() -> Styles {
        let BaseFormats { title, header, cell } = BaseFormats::new();
        let num = |f: &str| cell.clone().set_num_format(f);
        Styles {
            title,
            header,
            text: cell.clone().set_text_wrap(),
            count: num("0"),
            whole: num("#,##0"),
            fraction: num("#,##0.0###"),
            rate: num("0.0%"),
            points: num("0.0"),
            change: num("+0;-0;0"),
            blank: cell,
        }
    }
}

/// The report of month `s` as an Excel workbook.
pub fn report_xlsx(board: &Board, s: &Summary, prev: Option<&Summary>, l: &Labels<'_>) -> Result<Vec<u8>> {
    let _span = crate::timings::Span::named("report_xlsx");
    let w = words(l.lang());
    let site = &board.site;
    let month = month_label(s.month, l.lang());
    let heading = |sheet: &str| format!("{} {month} {sheet}", site.title);

    let mut book = new_workbook();
    let created = ExcelDateTime::from_ymd(u16::try_from(s.month.year)?, u8::try_from(s.month.month)?, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(heading(w.subject))
            .set_subject(w.subject)
            .set_author(site.organization.as_str())
            .set_company(site.organization.as_str())
            .set_creation_datetime(&created),
    );
    let styles = Styles::new();
    let time = format!("{}{} {}{}", w.aside.0, l.get("kpi", "time_progress"), format_rate(s.time_progress), w.aside.1);
    let tables = [
        ranking(
            w.districts_sheet,
            format!("{}{time}", heading(w.districts_sheet)),
            w.district.to_string(),
            &s.districts,
            prev.map(|p| p.districts.as_slice()),
            board,
            l,
        ),
        ranking(
            w.units_sheet,
            format!("{}{time}", heading(w.units_sheet)),
            l.get("col", "unit"),
            &s.units,
            prev.map(|p| p.units.as_slice()),
            board,
            l,
        ),
        red_list(w, heading(w.red_sheet), board, s, l),
        problem_list(w, heading(w.problems_sheet), board, s, l),
    ];
    for t in &tables {
        write_table(book.add_worksheet(), t, &styles)?;
    }
    Ok(book.save_to_buffer()?)
}

fn format_rate(r: Ratio) -> String {
    format!("{}%", r.percent_1dp())
}

/// `label(unit)` for amount headers.
fn with_unit(w: &Words, label: String, unit: &str) -> String {
    format!("{label}{}{unit}{}", w.unit_open, w.unit_close)
}

/// A ranking sheet: groups in rank order with their rank change against `prev`.
fn ranking(
    name: &'static str,
    title: String,
    group_header: String,
    groups: &[Aggregate],
    prev: Option<&[Aggregate]>,
    board: &Board,
    l: &Labels<'_>,
) -> Table {
    let w = words(l.lang());
    let unit = &board.site.money_unit;
    let headers = vec![
        l.get("col", "rank"),
        l.get("kpi", "vs_last_month"),
        group_header,
        l.get("col", "projects"),
        l.get("col", "started"),
        with_unit(w, l.get("col", "annual_plan"), unit),
        with_unit(w, l.get("col", "ytd_invested"), unit),
        l.get("col", "completion_rate"),
        format!("{}{}", l.get("kpi", "lag"), w.points),
        l.get("col", "red"),
        l.get("col", "yellow"),
        l.get("col", "green"),
        l.get("status", "done"),
    ];
    let mut ordered: Vec<&Aggregate> = groups.iter().collect();
    ordered.sort_by_key(|a| (a.rank.is_none(), a.rank));
    let prev: std::collections::HashMap<&str, &Aggregate> =
        prev.unwrap_or_default().iter().map(|b| (b.id.as_str(), b)).collect();
    let rows = ordered
        .into_iter()
        .map(|a| {
            let before = prev.get(a.id.as_str()).copied();
            vec![
                a.rank.map_or(Cell::Text(String::new()), Cell::Count),
                Cell::Change(group_row(a, None, before).rank_change),
                Cell::Text(a.name.clone()),
                Cell::Count(a.projects),
                Cell::Count(a.started),
                Cell::Amount(a.annual_plan),
                Cell::Amount(a.ytd_invested),
                Cell::Rate(a.completion_rate),
                Cell::Points(a.lag),
                Cell::Count(a.status.red),
                Cell::Count(a.status.yellow),
                Cell::Count(a.status.green),
                Cell::Count(a.status.done),
            ]
        })
        .collect();
    Table { name, title, headers, rows }
}

/// `section.key` of the language file, or `fallback` when the file lacks it.
fn label_or(l: &Labels<'_>, section: &str, key: &str, fallback: &str) -> String {
    let v = l.get(section, key);
    if v == key {
        fallback.to_string()
    } else {
        v
    }
}

/// The district name of a project's district id.
fn district_name(board: &Board, id: &str) -> String {
    board.site.district(id).map_or_else(|| id.to_string(), |d| d.name.clone())
}

/// The red list in `s.red_list` order.
fn red_list(w: &'static Words, title: String, board: &Board, s: &Summary, l: &Labels<'_>) -> Table {
    let headers = vec![
        w.serial.to_string(),
        l.get("col", "name"),
        l.get("col", "district"),
        l.get("col", "leader"),
        l.get("col", "unit"),
        l.get("col", "completion_rate"),
        l.get("col", "lag"),
        label_or(l, "report", "reason", w.reason),
    ];
    let rows = s
        .red_list
        .iter()
        .filter_map(|id| board.projects.binary_search_by(|p| p.id.as_str().cmp(id)).ok())
        .enumerate()
        .map(|(n, i)| {
            let (p, m) = (&board.projects[i], &s.projects[i]);
            vec![
                Cell::Count(n + 1),
                Cell::Text(p.name.clone()),
                Cell::Text(district_name(board, &p.district)),
                Cell::Text(p.leader.clone()),
                Cell::Text(p.unit.clone()),
                Cell::Rate(m.completion_rate),
                Cell::Points(m.lag),
                Cell::Text(reason_texts(&m.reasons, &board.site, l).join(w.reason_sep)),
            ]
        })
        .collect();
    Table { name: w.red_sheet, title, headers, rows }
}

/// Every problem reported for the month, in project order.
fn problem_list(w: &'static Words, title: String, board: &Board, s: &Summary, l: &Labels<'_>) -> Table {
    let headers = vec![
        w.serial.to_string(),
        l.get("col", "name"),
        l.get("col", "district"),
        l.get("col", "unit"),
        l.get("col", "leader"),
        l.get("col", "problems"),
        l.get("col", "next"),
    ];
    let rows = report::problems(board, s)
        .into_iter()
        .enumerate()
        .map(|(n, (p, e))| {
            vec![
                Cell::Count(n + 1),
                Cell::Text(p.name.clone()),
                Cell::Text(district_name(board, &p.district)),
                Cell::Text(p.unit.clone()),
                Cell::Text(p.leader.clone()),
                Cell::Text(e.problems.clone().unwrap_or_default()),
                Cell::Text(e.next.clone().unwrap_or_default()),
            ]
        })
        .collect();
    Table { name: w.problems_sheet, title, headers, rows }
}

/// Display width in character widths: East Asian wide characters count 2.
fn display_width(text: &str) -> usize {
    text.lines().map(|line| line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()).max().unwrap_or(0)
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

/// Writes `t` into `ws`: title, headers, rows, widths, frozen header, print setup.
fn write_table(ws: &mut Worksheet, t: &Table, st: &Styles) -> Result<()> {
    ws.set_name(t.name)?;
    let cols = u16::try_from(t.headers.len())?;
    ws.merge_range(0, 0, 0, cols - 1, &t.title, &st.title)?;
    ws.set_row_height(0, 24)?;
    for (c, h) in (0u16..).zip(&t.headers) {
        ws.write_string_with_format(HEADER_ROW, c, h, &st.header)?;
    }
    let mut formats = ColumnFormats::default();
    for (r, row) in (HEADER_ROW + 1..).zip(&t.rows) {
        for (c, cell) in (0u16..).zip(row) {
            formats.set(r, c, write_cell(ws, r, c, cell, st)?);
        }
    }
    formats.apply(ws)?;
    for (c, h) in (0u16..).zip(&t.headers) {
        let widest = t.rows.iter().filter_map(|row| row.get(usize::from(c))).map(Cell::width);
        let width = widest.chain([display_width(h)]).max().unwrap_or(0) + 2;
        ws.set_column_width(c, width.clamp(MIN_WIDTH, MAX_WIDTH) as f64)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(())
}

/// Points of a lag: 100 × the fraction, to a millionth of a point (so 0.3 gives 30,
/// not 30.000000000000004).
fn points_value(r: Ratio) -> f64 {
    r.round_scaled(100_000_000) as f64 / 1_000_000.0
}

/// Writes the value of `cell` (none for a blank) and returns its format, which the caller
/// sets through [`ColumnFormats`].
fn write_cell<'f>(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell, st: &'f Styles) -> Result<&'f Format> {
    Ok(match cell {
        Cell::Text(t) if t.is_empty() => &st.blank,
        Cell::Text(t) => {
            ws.write_string(r, c, t)?;
            &st.text
        }
        Cell::Count(n) => {
            ws.write_number(r, c, *n as f64)?;
            &st.count
        }
        Cell::Amount(d) => {
            ws.write_number(r, c, d.to_f64())?;
            if d.0 % crate::num::SCALE == 0 {
                &st.whole
            } else {
                &st.fraction
            }
        }
        Cell::Rate(Some(x)) => {
            ws.write_number(r, c, x.to_f64())?;
            &st.rate
        }
        Cell::Points(Some(x)) => {
            ws.write_number(r, c, points_value(*x))?;
            &st.points
        }
        Cell::Change(Some(n)) => {
            ws.write_number(r, c, *n as f64)?;
            &st.change
        }
        Cell::Rate(None) | Cell::Points(None) | Cell::Change(None) => &st.blank,
    })
}

/// Cell formats set a column at a time. rust_xlsxwriter hashes the whole [`Format`] every
/// time a cell is written with one, which took a tenth of a large workbook's time; so cells
/// are written bare and each run of one format down a column is set in one call (a blank
/// cell is made by its format alone).
#[derive(Default)]
pub(super) struct ColumnFormats<'f> {
    /// The run still growing in each column: first row, last row, format.
    open: Vec<Option<(u32, u32, &'f Format)>>,
    /// Finished runs: column, first row, last row, format.
    done: Vec<(u16, u32, u32, &'f Format)>,
}

impl<'f> ColumnFormats<'f> {
    /// Cell `(r, c)` has format `f`; cells of a column come in row order.
    pub fn set(&mut self, r: u32, c: u16, f: &'f Format) {
        let i = usize::from(c);
        if self.open.len() <= i {
            self.open.resize(i + 1, None);
        }
        let slot = &mut self.open[i];
        if let Some((_, last, g)) = slot {
            if *last + 1 == r && std::ptr::eq(*g, f) {
                *last = r;
                return;
            }
        }
        if let Some((first, last, g)) = slot.replace((r, r, f)) {
            self.done.push((c, first, last, g));
        }
    }

    /// Every run: column, first row, last row, format.
    fn runs(self) -> Vec<(u16, u32, u32, &'f Format)> {
        let ColumnFormats { open, mut done } = self;
        done.extend((0u16..).zip(open).filter_map(|(c, run)| run.map(|(first, last, f)| (c, first, last, f))));
        done
    }

    /// Sets every run's format on `ws`.
    pub fn apply(self, ws: &mut Worksheet) -> Result<()> {
        for (c, first, last, f) in self.runs() {
            ws.set_range_format(first, c, last, c, f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(display_width("金谷园街道"), 10);
        assert_eq!(display_width("A1（b）"), 7);
        assert_eq!(display_width("75.0%"), 5);
    }

    #[test]
    fn formats_are_set_in_runs_down_each_column() {
        let (a, b) = (Format::new().set_bold(), Format::new().set_italic());
        let mut f = ColumnFormats::default();
        for (r, fmt) in [(2, &a), (3, &a), (4, &b), (5, &a), (7, &a)] {
            f.set(r, 0, fmt);
        }
        for r in 2..=7 {
            f.set(r, 1, &a);
        }
        let runs: Vec<(u16, u32, u32, bool)> =
            f.runs().into_iter().map(|(c, first, last, g)| (c, first, last, std::ptr::eq(g, &a))).collect();
        // A new run starts where the format changes and after a row without a cell.
        assert_eq!(runs, [(0, 2, 3, true), (0, 4, 4, false), (0, 5, 5, true), (0, 7, 7, true), (1, 2, 7, true)]);
    }

    #[test]
    fn points_are_exact_enough_to_read() {
        assert_eq!(points_value(Ratio::new(3, 10)), 30.0);
        assert_eq!(points_value(Ratio::new(-1, 4)), -25.0);
        assert_eq!(points_value(Ratio::new(1, 3)), 33.333333);
    }
}
