//! guatu's sheets (the monthly report and the project ledger) as Office Open XML
//! workbooks, written by rust_xlsxwriter.
//!
//! The sheets use a handful of cell formats, described by [`Style`] and made once per
//! workbook; rows are written one after another, each cell in a column of the current
//! row. The bytes depend only on the cells: the document's dates are the
//! [`Properties::created`] day, and rust_xlsxwriter gives every zip entry the same time.

use anyhow::{bail, Context as _, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet};

/// How a cell looks. [`Workbook::style`] turns one into a [`StyleId`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Style {
    pub bold: bool,
    /// Font size in points; the default font size (11) when `None`.
    pub size: Option<u8>,
    /// A thin border on all four sides.
    pub border: bool,
    /// Solid background colour, `0xRRGGBB`.
    pub fill: Option<u32>,
    pub center: bool,
    pub vertical_center: bool,
    pub wrap: bool,
    /// Excel number format code, e.g. `#,##0` or `yyyy-mm-dd`.
    pub num_format: Option<&'static str>,
}

impl Style {
    fn format(&self) -> Format {
        let f = Format::new();
        let f = if self.bold { f.set_bold() } else { f };
        let f = self.size.into_iter().fold(f, Format::set_font_size);
        let f = if self.border { f.set_border(FormatBorder::Thin) } else { f };
        let f = self.fill.into_iter().fold(f, |f, rgb| f.set_background_color(Color::RGB(rgb)));
        let f = if self.center { f.set_align(FormatAlign::Center) } else { f };
        let f = if self.vertical_center { f.set_align(FormatAlign::VerticalCenter) } else { f };
        let f = if self.wrap { f.set_text_wrap() } else { f };
        self.num_format.into_iter().fold(f, Format::set_num_format)
    }
}

/// A style of a workbook (its index among the workbook's formats).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StyleId(usize);

/// Document properties (`docProps/core.xml`, `docProps/app.xml`).
#[derive(Clone, Debug, Default)]
pub struct Properties {
    pub title: String,
    pub subject: Option<String>,
    pub author: String,
    pub company: String,
    /// Creation and modification date (midnight UTC); 1980-01-01 when `None`, so that
    /// the bytes never depend on the clock.
    pub created: Option<NaiveDate>,
}

/// A workbook being written.
pub struct Workbook {
    props: Properties,
    styles: Vec<Style>,
    formats: Vec<Format>,
    sheets: Vec<Sheet>,
}

/// Page setup of a sheet.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    /// Excel paper size code: 9 is A4, 8 is A3.
    pub paper: u8,
    pub landscape: bool,
    /// Scale to one page wide (and as many tall as it takes).
    pub fit_width: bool,
}

/// One worksheet and the row being written.
///
/// rust_xlsxwriter hashes the whole [`Format`] of every cell written with one, which was
/// half of the workbooks' instructions; so cells are written bare, and each run of one
/// style down a column gets its format in one call (a blank cell is made by its format
/// alone).
pub struct Sheet {
    ws: Worksheet,
    /// The workbook's formats when the sheet was added.
    formats: Vec<Format>,
    row: Option<u32>,
    /// The run still growing in each column: first row, last row, style.
    runs: Vec<Option<(u32, u32, StyleId)>>,
    /// Every call made on the sheet, spelled out: with the workbook's properties and
    /// styles, what its bytes are made from (see [`Workbook::save_cached`]).
    calls: Vec<u8>,
}

impl Workbook {
    /// An empty workbook.
    pub fn new(props: Properties) -> Workbook {
        Workbook { props, styles: vec![Style::default()], formats: vec![Format::new()], sheets: Vec::new() }
    }

    /// The id of `style`, added to the workbook's formats the first time it is asked for.
    /// A sheet knows the styles made before it was added.
    pub fn style(&mut self, style: Style) -> StyleId {
        StyleId(self.styles.iter().position(|s| *s == style).unwrap_or_else(|| {
            self.formats.push(style.format());
            self.styles.push(style);
            self.styles.len() - 1
        }))
    }

    /// Adds a sheet named `name` and returns it for writing.
    pub fn add_sheet(&mut self, name: &str) -> Result<&mut Sheet> {
        let mut ws = Worksheet::new();
        ws.set_name(name).with_context(|| format!("`{name}` cannot name an Excel sheet"))?;
        let mut calls = Vec::new();
        spell(&mut calls, b'N', &[], name);
        self.sheets.push(Sheet { ws, formats: self.formats.clone(), row: None, runs: Vec::new(), calls });
        Ok(self.sheets.last_mut().expect("just added"))
    }

    /// The workbook as an `.xlsx` file in the render cache, made by [`save`](Self::save)
    /// unless an earlier build made one from the same calls, properties and styles with
    /// the same program (the bytes depend on nothing else).
    pub fn save_cached(self, level: u8, cache: &crate::cache::Cache) -> Result<std::path::PathBuf> {
        let Some(program) = crate::render::memo::program_hash() else {
            // Without the program's hash no key is safe: made under a key of its own bytes.
            let bytes = self.save(level)?;
            let key = cache.key("workbook", &[b"unkeyed", &bytes]);
            let [path] = cache.files(&key, ["xlsx"], || Ok([bytes]))?;
            return Ok(path);
        };
        let described = format!("{:?}\n{:?}\n{level}", self.props, self.styles);
        let mut parts: Vec<&[u8]> = vec![program.as_bytes(), described.as_bytes()];
        parts.extend(self.sheets.iter().map(|s| s.calls.as_slice()));
        let key = cache.key("workbook", &parts);
        let [path] = cache.files(&key, ["xlsx"], || Ok([self.save(level)?]))?;
        Ok(path)
    }

    /// The workbook as the bytes of an `.xlsx` file, its sheets deflated at zlib `level`.
    pub fn save(self, level: u8) -> Result<Vec<u8>> {
        let p = &self.props;
        let created = p.created.unwrap_or(NaiveDate::from_ymd_opt(1980, 1, 1).expect("valid date"));
        let props = DocProperties::new()
            .set_title(p.title.as_str())
            .set_author(p.author.as_str())
            .set_company(p.company.as_str())
            .set_creation_datetime(&excel_date(created)?);
        let props = p.subject.iter().fold(props, |props, s| props.set_subject(s.as_str()));
        let mut book = rust_xlsxwriter::Workbook::new();
        book.set_properties(&props).set_zip_compression_level(level);
        for mut s in self.sheets {
            for c in 0..s.runs.len() {
                s.close_run(c)?;
            }
            book.push_worksheet(s.ws);
        }
        Ok(book.save_to_buffer()?)
    }
}

impl Sheet {
    /// Sets the width of column `col` in character widths, as Excel's column width dialog.
    pub fn set_width(&mut self, col: u16, width: f64) -> Result<()> {
        spell(&mut self.calls, b'W', &[u64::from(col), width.to_bits()], "");
        self.ws.set_column_width(col, width)?;
        Ok(())
    }

    /// Starts row `row` (0-based), with a height in points if not the default.
    pub fn row(&mut self, row: u32, height: Option<f64>) -> Result<()> {
        let h = height.map_or(u64::MAX, f64::to_bits);
        spell(&mut self.calls, b'R', &[u64::from(row), u64::from(height.is_some()), h], "");
        if let Some(h) = height {
            self.ws.set_row_height(row, h)?;
        }
        self.row = Some(row);
        Ok(())
    }

    /// The current row, with `style` for the cell in column `col` of it.
    fn cell(&mut self, col: u16, style: StyleId) -> Result<u32> {
        let Some(row) = self.row else { bail!("a cell before its row") };
        if style.0 >= self.formats.len() {
            bail!("a style made after its sheet");
        }
        let c = usize::from(col);
        self.runs.resize(self.runs.len().max(c + 1), None);
        match &mut self.runs[c] {
            Some((_, last, s)) if *last + 1 == row && *s == style => *last = row,
            Some((_, last, s)) if *last == row && *s == style => {}
            _ => {
                self.close_run(c)?;
                self.runs[c] = Some((row, row, style));
            }
        }
        Ok(row)
    }

    /// Sets the format of the run of column `c`, if any.
    fn close_run(&mut self, c: usize) -> Result<()> {
        if let Some((first, last, style)) = self.runs[c].take() {
            let col = u16::try_from(c)?;
            self.ws.set_range_format(first, col, last, col, &self.formats[style.0])?;
        }
        Ok(())
    }

    /// A text cell; an empty text makes a blank cell with the style.
    pub fn text(&mut self, col: u16, text: &str, style: StyleId) -> Result<()> {
        spell(&mut self.calls, b'T', &[u64::from(col), style.0 as u64], text);
        let row = self.cell(col, style)?;
        self.ws.write_string(row, col, text)?;
        Ok(())
    }

    /// A number cell.
    pub fn number(&mut self, col: u16, value: f64, style: StyleId) -> Result<()> {
        if !value.is_finite() {
            bail!("{value} is not a number Excel can hold");
        }
        spell(&mut self.calls, b'F', &[u64::from(col), style.0 as u64, value.to_bits()], "");
        let row = self.cell(col, style)?;
        self.ws.write_number(row, col, value)?;
        Ok(())
    }

    /// A date cell (`style` gives it a date format).
    pub fn date(&mut self, col: u16, date: NaiveDate, style: StyleId) -> Result<()> {
        spell(&mut self.calls, b'D', &[u64::from(col), style.0 as u64], &date.to_string());
        let date = excel_date(date)?;
        let row = self.cell(col, style)?;
        self.ws.write_datetime(row, col, date)?;
        Ok(())
    }

    /// A cell with a style and no value.
    pub fn blank(&mut self, col: u16, style: StyleId) -> Result<()> {
        spell(&mut self.calls, b'B', &[u64::from(col), style.0 as u64], "");
        self.cell(col, style)?;
        Ok(())
    }

    /// Row `row` as a title over columns `0..=last_col`: one merged cell of `height` points,
    /// every cell of it with `style`.
    pub fn title_row(&mut self, row: u32, height: f64, last_col: u16, text: &str, style: StyleId) -> Result<()> {
        spell(&mut self.calls, b'M', &[u64::from(row), height.to_bits(), u64::from(last_col), style.0 as u64], text);
        self.row(row, Some(height))?;
        let Some(f) = self.formats.get(style.0) else { bail!("a style made after its sheet") };
        self.ws.merge_range(row, 0, row, last_col, text, f)?;
        Ok(())
    }

    /// Freezes the rows above `row` and the columns left of `col`.
    pub fn freeze(&mut self, row: u32, col: u16) -> Result<()> {
        spell(&mut self.calls, b'Z', &[u64::from(row), u64::from(col)], "");
        self.ws.set_freeze_panes(row, col)?;
        Ok(())
    }

    /// An autofilter on the header row `r1` over the table `(r1, c1)`–`(r2, c2)`.
    pub fn autofilter(&mut self, r1: u32, c1: u16, r2: u32, c2: u16) -> Result<()> {
        spell(&mut self.calls, b'A', &[u64::from(r1), u64::from(c1), u64::from(r2), u64::from(c2)], "");
        self.ws.autofilter(r1, c1, r2, c2)?;
        Ok(())
    }

    /// Rows printed on top of every page.
    pub fn repeat_rows(&mut self, first: u32, last: u32) -> Result<()> {
        spell(&mut self.calls, b'P', &[u64::from(first), u64::from(last)], "");
        self.ws.set_repeat_rows(first, last)?;
        Ok(())
    }

    /// Paper, orientation and scaling for printing.
    pub fn page(&mut self, page: Page) {
        let Page { paper, landscape, fit_width } = page;
        spell(&mut self.calls, b'G', &[u64::from(paper), u64::from(landscape), u64::from(fit_width)], "");
        self.ws.set_paper_size(page.paper);
        if page.landscape {
            self.ws.set_landscape();
        }
        if page.fit_width {
            self.ws.set_print_fit_to_pages(1, 0);
        }
    }
}

/// Appends one call to a sheet's `calls`: its letter, its numbers and its text, each of a
/// fixed length or length-prefixed, so that no two lists of calls spell the same bytes.
fn spell(calls: &mut Vec<u8>, call: u8, numbers: &[u64], text: &str) {
    calls.push(call);
    calls.extend(numbers.iter().flat_map(|n| n.to_le_bytes()));
    calls.extend_from_slice(&(text.len() as u64).to_le_bytes());
    calls.extend_from_slice(text.as_bytes());
}

/// `date` as rust_xlsxwriter's date (it counts Excel's days, 1900 date system).
fn excel_date(date: NaiveDate) -> Result<ExcelDateTime> {
    let (Ok(y), Ok(m), Ok(d)) = (u16::try_from(date.year()), u8::try_from(date.month()), u8::try_from(date.day()))
    else {
        bail!("{date} is outside the dates an Excel cell holds");
    };
    ExcelDateTime::from_ymd(y, m, d).with_context(|| format!("{date} is outside the dates an Excel cell holds"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        let d = |y, m, day| excel_date(NaiveDate::from_ymd_opt(y, m, day).unwrap());
        assert_eq!(d(2026, 6, 30).unwrap().to_excel(), 46203.0);
        assert!(d(1899, 1, 1).is_err());
    }

    #[test]
    fn sheet_names_are_checked() {
        let mut book = Workbook::new(Properties::default());
        book.add_sheet("S").unwrap();
        assert!(book.add_sheet("a/b").is_err());
        assert!(book.add_sheet("s").is_ok(), "checked when saving");
        assert!(book.save(1).is_err(), "sheet names are case-insensitive");
    }

    #[test]
    fn styles_are_shared() {
        let mut book = Workbook::new(Properties::default());
        let a = book.style(Style { bold: true, ..Style::default() });
        let b = book.style(Style { bold: true, ..Style::default() });
        let c = book.style(Style { num_format: Some("0.0%"), ..Style::default() });
        assert_eq!(a, b);
        assert_ne!(a, c);
        let ws = book.add_sheet("S").unwrap();
        let late = Style { wrap: true, ..Style::default() };
        ws.row(0, None).unwrap();
        ws.text(0, "x", c).unwrap();
        assert!(ws.number(1, f64::NAN, c).is_err());
        let late = book.style(late);
        assert!(book.sheets[0].text(1, "y", late).is_err(), "a style made after the sheet");
    }

    #[test]
    fn the_bytes_depend_only_on_the_cells() {
        let make = || {
            let mut book = Workbook::new(Properties {
                title: "t".into(),
                created: NaiveDate::from_ymd_opt(2026, 6, 1),
                ..Properties::default()
            });
            let st = book.style(Style { num_format: Some("yyyy-mm-dd"), ..Style::default() });
            let ws = book.add_sheet("S").unwrap();
            ws.row(0, None).unwrap();
            ws.date(0, NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(), st).unwrap();
            book.save(1).unwrap()
        };
        let a = make();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(a, make());
    }
}
