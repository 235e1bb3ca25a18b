//! `data/projects.xlsx`: every project as one row of the monthly ledger (台账), with the
//! columns `guatu import` reads, so that an office can fill in the next month and import
//! it back. Importing the file of a build into the same board changes nothing.
//!
//! Numbers are numbers (amounts in the money unit, 形象进度 as a fraction shown as a
//! percentage), dates are dates; the bytes depend only on the inputs, as in the report
//! workbook.

use anyhow::Result;
use chrono::NaiveDate;

use super::workbook::{Page, Properties, Sheet, Style, StyleId, Workbook};

use crate::format::month_label;
use crate::import::columns::{Column, Field, COLUMNS};
use crate::import::values::stage_label;
use crate::metrics::{ProjectMetrics, Summary};
use crate::model::{Board, Lang, Project};
use crate::num::{Decimal, SCALE};
use crate::view::{fill, Labels};

/// Row of the column headers (0-based); the title is on the row above.
const HEADER_ROW: u32 = 1;

struct Styles {
    title: StyleId,
    header: StyleId,
    text: StyleId,
    wrap: StyleId,
    whole: StyleId,
    fraction: StyleId,
    percent: StyleId,
    percent_fraction: StyleId,
    month: StyleId,
    date: StyleId,
}

impl Styles {
    fn new(book: &mut Workbook) -> Styles {
        let super::report_xlsx::BaseFormats { title, header, cell } = super::report_xlsx::BaseFormats::new();
        let mut num = |f: &'static str| book.style(Style { num_format: Some(f), ..cell.clone() });
        let (whole, fraction, percent) = (num("#,##0"), num("#,##0.0###"), num("0%"));
        let (percent_fraction, month, date) = (num("0.0###%"), num("yyyy-mm"), num("yyyy-mm-dd"));
        Styles {
            title: book.style(title),
            header: book.style(header),
            text: book.style(cell.clone()),
            wrap: book.style(Style { wrap: true, ..cell }),
            whole,
            fraction,
            percent,
            percent_fraction,
            month,
            date,
        }
    }
}

enum Cell<'a> {
    Text(&'a str),
    Number(usize),
    Amount(Decimal),
    /// Percentage points, written as a fraction.
    Percent(Decimal),
    Month(NaiveDate),
    Date(NaiveDate),
    Blank,
}

/// The header of a column: the money unit is named on amounts.
pub fn header(c: &Column, lang: Lang, unit: &str) -> String {
    match (lang, c.is_money()) {
        (Lang::ZhCn, true) => format!("{}（{unit}）", c.zh),
        (Lang::ZhCn, false) => c.zh.to_string(),
        (Lang::En, true) => format!("{} ({unit})", c.en),
        (Lang::En, false) => c.en.to_string(),
    }
}

/// The title (`ledger.title`): names the month so that an import finds it without
/// `--month`; `{month}` is the month's name, `{yyyy_mm}` the month as `2026-10`.
fn title(board: &Board, s: &Summary, l: &Labels<'_>) -> String {
    let (month, yyyy_mm) = (month_label(s.month, l), s.month.to_string());
    fill(l.text("ledger", "title"), &[("site", &board.site.title), ("month", &month), ("yyyy_mm", &yyyy_mm)])
}

/// The workbook of the report month `s`, to save.
pub(crate) fn projects_workbook(board: &Board, s: &Summary, l: &Labels<'_>) -> Result<Workbook> {
    let lang = l.lang();
    let title = title(board, s, l);
    let mut book = Workbook::new(Properties {
        title: title.clone(),
        subject: None,
        author: board.site.organization.clone(),
        company: board.site.organization.clone(),
        created: Some(s.month.first_day()),
    });
    let st = Styles::new(&mut book);
    let ws = book.add_sheet(l.text("ledger", "sheet"))?;
    let last_col = u16::try_from(COLUMNS.len() - 1)?;
    ws.title_row(0, 24.0, last_col, &title, st.title)?;
    ws.row(HEADER_ROW, None)?;
    for (c, col) in (0u16..).zip(&COLUMNS) {
        ws.text(c, &header(col, lang, &board.site.money_unit), st.header)?;
        ws.set_width(c, width(col.field))?;
    }
    let mut order: Vec<usize> = (0..board.projects.len()).collect();
    let district_pos = |id: &str| board.site.districts.iter().position(|d| d.id == id);
    order.sort_by_key(|&i| (district_pos(&board.projects[i].district), i));
    for (n, (r, &i)) in (HEADER_ROW + 1..).zip(&order).enumerate() {
        ws.row(r, None)?;
        for (c, cell) in (0u16..).zip(row(board, &board.projects[i], &s.projects[i], s, n + 1, lang)) {
            write_cell(ws, c, cell, &st)?;
        }
    }
    ws.freeze(HEADER_ROW + 1, 2)?;
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + u32::try_from(order.len())?, last_col)?;
    ws.page(Page { paper: 8, landscape: true, fit_width: true });
    ws.repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(book)
}

fn width(f: Field) -> f64 {
    match f {
        Field::Serial => 6.0,
        Field::Name => 34.0,
        Field::Note | Field::Problems | Field::Next => 40.0,
        Field::Owner => 26.0,
        Field::Unit | Field::District => 14.0,
        _ => 12.0,
    }
}

/// The cells of one project, in [`COLUMNS`] order.
fn row<'a>(
    board: &'a Board,
    p: &'a Project,
    m: &'a ProjectMetrics,
    s: &'a Summary,
    n: usize,
    lang: Lang,
) -> impl Iterator<Item = Cell<'a>> {
    let entry = m.entry_of_month.map(|i| &p.progress[i]);
    let text = |t: Option<&'a String>| t.map_or(Cell::Blank, |t| Cell::Text(t));
    let amount = |d: Option<Decimal>| d.map_or(Cell::Blank, Cell::Amount);
    COLUMNS.iter().map(move |col| match col.field {
        Field::Serial => Cell::Number(n),
        Field::Name => Cell::Text(&p.name),
        Field::District => Cell::Text(board.site.district(&p.district).map_or(&p.district, |d| &d.name)),
        Field::Category => text(p.category.as_ref()),
        Field::Level => text(p.level.as_ref()),
        Field::Leader => Cell::Text(&p.leader),
        Field::Unit => Cell::Text(&p.unit),
        Field::Owner => text(p.owner.as_ref()),
        Field::Start => p.start.map_or(Cell::Blank, |m| Cell::Month(m.first_day())),
        Field::Deadline => Cell::Date(p.deadline),
        Field::TotalInvestment => amount(p.total_investment),
        Field::AnnualPlan => amount(p.annual_plan.get(&s.month.year).copied()),
        Field::Invested => amount(entry.map(|e| e.invested.unwrap_or(e.added))),
        Field::Percent => entry.and_then(|e| e.percent).map_or(Cell::Blank, Cell::Percent),
        Field::Stage => Cell::Text(stage_label(m.stage, lang)),
        Field::Note => text(entry.and_then(|e| e.note.as_ref())),
        Field::Problems => text(entry.and_then(|e| e.problems.as_ref())),
        Field::Next => text(entry.and_then(|e| e.next.as_ref())),
        // Read on import only, never among COLUMNS.
        Field::Ytd | Field::PriorInvested | Field::Physical | Field::Nature | Field::Period | Field::Year => {
            Cell::Blank
        }
    })
}

/// Writes `cell` in column `c` of the current row.
fn write_cell(ws: &mut Sheet, c: u16, cell: Cell<'_>, st: &Styles) -> Result<()> {
    let whole = |d: Decimal| d.0 % SCALE == 0;
    match cell {
        Cell::Text(t) => {
            let wrap = t.contains('\n') || t.chars().count() > 12;
            ws.text(c, t, if wrap { st.wrap } else { st.text })
        }
        Cell::Number(n) => ws.number(c, n as f64, st.whole),
        Cell::Amount(d) => ws.number(c, d.to_f64(), if whole(d) { st.whole } else { st.fraction }),
        Cell::Percent(p) => ws.number(c, p.to_f64() / 100.0, if whole(p) { st.percent } else { st.percent_fraction }),
        Cell::Month(d) => ws.date(c, d, st.month),
        Cell::Date(d) => ws.date(c, d, st.date),
        // A blank cell has the text style (the ledger's plain cell).
        Cell::Blank => ws.blank(c, st.text),
    }
}
