//! `data/projects.xlsx`: every project as one row of the monthly ledger (台账), with the
//! columns `guatu import` reads, so that an office can fill in the next month and import
//! it back. Importing the file of a build into the same board changes nothing.
//!
//! Numbers are numbers (amounts in the money unit, 形象进度 as a fraction shown as a
//! percentage), dates are dates; the bytes depend only on the inputs, as in the report
//! workbook.

use anyhow::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Worksheet};

use crate::format::month_label;
use crate::import::columns::{Column, Field, COLUMNS};
use crate::import::values::stage_label;
use crate::metrics::{ProjectMetrics, Summary};
use crate::model::{Board, Lang, Project};
use crate::num::{Decimal, SCALE};

/// Row of the column headers (0-based); the title is on the row above.
const HEADER_ROW: u32 = 1;

struct Styles {
    title: Format,
    header: Format,
    text: Format,
    wrap: Format,
    whole: Format,
    fraction: Format,
    percent: Format,
    percent_fraction: Format,
    month: Format,
    date: Format,
    blank: Format,
}

impl Styles {
    fn new() -> Styles {
        let super::xlsx::BaseFormats { title, header, cell } = super::xlsx::BaseFormats::new();
        let num = |f: &str| cell.clone().set_num_format(f);
        Styles {
            title,
            header,
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap(),
            whole: num("#,##0"),
            fraction: num("#,##0.0###"),
            percent: num("0%"),
            percent_fraction: num("0.0###%"),
            month: num("yyyy-mm"),
            date: num("yyyy-mm-dd"),
            blank: cell,
        }
    }
}

/// One cell of the sheet.
enum Cell {
    Text(String),
    Number(usize),
    Amount(Decimal),
    /// Percentage points, written as a fraction.
    Percent(Decimal),
    Month(ExcelDateTime),
    Date(ExcelDateTime),
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

/// The title: names the month so that an import finds it without `--month`.
fn title(board: &Board, s: &Summary, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{} 项目台账（{}）", board.site.title, month_label(s.month, lang)),
        Lang::En => format!("{} — project ledger {}", board.site.title, s.month),
    }
}

/// The workbook of the report month `s`.
pub fn projects_xlsx(board: &Board, s: &Summary, lang: Lang) -> Result<Vec<u8>> {
    let _span = crate::timings::Span::named("projects_xlsx");
    let mut book = super::xlsx::new_workbook();
    let created = ExcelDateTime::from_ymd(u16::try_from(s.month.year)?, u8::try_from(s.month.month)?, 1)?;
    let title = title(board, s, lang);
    book.set_properties(
        &DocProperties::new()
            .set_title(title.as_str())
            .set_author(board.site.organization.as_str())
            .set_company(board.site.organization.as_str())
            .set_creation_datetime(&created),
    );
    let ws = book.add_worksheet();
    ws.set_name(if lang == Lang::ZhCn { "台账" } else { "Ledger" })?;
    let st = Styles::new();
    let last_col = u16::try_from(COLUMNS.len() - 1)?;
    ws.merge_range(0, 0, 0, last_col, &title, &st.title)?;
    ws.set_row_height(0, 24)?;
    for (c, col) in (0u16..).zip(&COLUMNS) {
        ws.write_string_with_format(HEADER_ROW, c, header(col, lang, &board.site.money_unit), &st.header)?;
        ws.set_column_width(c, width(col.field))?;
    }
    let mut order: Vec<usize> = (0..board.projects.len()).collect();
    let district_pos = |id: &str| board.site.districts.iter().position(|d| d.id == id);
    order.sort_by_key(|&i| (district_pos(&board.projects[i].district), i));
    let mut formats = super::xlsx::ColumnFormats::default();
    for (n, (r, &i)) in (HEADER_ROW + 1..).zip(&order).enumerate() {
        let cells = row(board, &board.projects[i], &s.projects[i], s, n + 1, lang)?;
        for (c, cell) in (0u16..).zip(cells) {
            formats.set(r, c, write_cell(ws, r, c, cell, &st)?);
        }
    }
    formats.apply(ws)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + u32::try_from(order.len())?, last_col)?;
    ws.set_landscape().set_paper_size(8).set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(book.save_to_buffer()?)
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
fn row(board: &Board, p: &Project, m: &ProjectMetrics, s: &Summary, n: usize, lang: Lang) -> Result<Vec<Cell>> {
    let entry = m.entry_of_month.map(|i| &p.progress[i]);
    let text = |t: Option<&String>| t.map_or(Cell::Blank, |t| Cell::Text(t.clone()));
    let amount = |d: Option<Decimal>| d.map_or(Cell::Blank, Cell::Amount);
    let mut cells = Vec::with_capacity(COLUMNS.len());
    for col in &COLUMNS {
        cells.push(match col.field {
            Field::Serial => Cell::Number(n),
            Field::Name => Cell::Text(p.name.clone()),
            Field::District => {
                Cell::Text(board.site.district(&p.district).map_or_else(|| p.district.clone(), |d| d.name.clone()))
            }
            Field::Category => text(p.category.as_ref()),
            Field::Level => text(p.level.as_ref()),
            Field::Leader => Cell::Text(p.leader.clone()),
            Field::Unit => Cell::Text(p.unit.clone()),
            Field::Owner => text(p.owner.as_ref()),
            Field::Start => match p.start {
                Some(m) => Cell::Month(ExcelDateTime::from_ymd(u16::try_from(m.year)?, u8::try_from(m.month)?, 1)?),
                None => Cell::Blank,
            },
            Field::Deadline => Cell::Date(ExcelDateTime::parse_from_str(&p.deadline.to_string())?),
            Field::TotalInvestment => amount(p.total_investment),
            Field::AnnualPlan => amount(p.annual_plan.get(&s.month.year).copied()),
            Field::Invested => amount(entry.map(|e| e.invested)),
            Field::Percent => entry.map_or(Cell::Blank, |e| Cell::Percent(e.percent)),
            Field::Stage => Cell::Text(stage_label(m.stage, lang).to_string()),
            Field::Note => text(entry.and_then(|e| e.note.as_ref())),
            Field::Problems => text(entry.and_then(|e| e.problems.as_ref())),
            Field::Next => text(entry.and_then(|e| e.next.as_ref())),
        });
    }
    Ok(cells)
}

/// Writes the value of `cell` (none for a blank) and returns its format, which the caller
/// sets through [`ColumnFormats`](super::xlsx::ColumnFormats).
fn write_cell<'f>(ws: &mut Worksheet, r: u32, c: u16, cell: Cell, st: &'f Styles) -> Result<&'f Format> {
    let whole = |d: Decimal| d.0 % SCALE == 0;
    Ok(match cell {
        Cell::Text(t) => {
            let wrap = t.contains('\n') || t.chars().count() > 12;
            ws.write_string(r, c, t)?;
            if wrap {
                &st.wrap
            } else {
                &st.text
            }
        }
        Cell::Number(n) => {
            ws.write_number(r, c, n as f64)?;
            &st.whole
        }
        Cell::Amount(d) => {
            ws.write_number(r, c, d.to_f64())?;
            if whole(d) {
                &st.whole
            } else {
                &st.fraction
            }
        }
        Cell::Percent(p) => {
            ws.write_number(r, c, p.to_f64() / 100.0)?;
            if whole(p) {
                &st.percent
            } else {
                &st.percent_fraction
            }
        }
        Cell::Month(d) => {
            ws.write_datetime(r, c, &d)?;
            &st.month
        }
        Cell::Date(d) => {
            ws.write_datetime(r, c, &d)?;
            &st.date
        }
        Cell::Blank => &st.blank,
    })
}
