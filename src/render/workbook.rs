//! A small writer of Office Open XML workbooks (`.xlsx`, ECMA-376 SpreadsheetML) for
//! guatu's own sheets: the monthly report and the project ledger.
//!
//! It writes exactly what those sheets use — text and number cells with a handful of
//! cell formats, column widths, a merged title row, frozen header rows, an autofilter,
//! print titles and a landscape fit-to-width page — as a workbook that Excel, WPS,
//! LibreOffice and calamine open. Cells are appended in row order and go straight into
//! the sheet's XML, so a sheet of 10,000 rows costs one pass over its cells and its own
//! bytes of memory. Text is written as inline strings; the compressor finds the repeats.
//! The bytes depend only on the cells: every zip entry carries the same fixed time.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use anyhow::{bail, Result};
use chrono::{Datelike, NaiveDate};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The most characters a cell holds (Excel's limit).
const MAX_TEXT: usize = 32_767;

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

/// A style of a workbook (its index in the cell formats).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StyleId(u32);

/// Document properties (`docProps/core.xml`, `docProps/app.xml`).
#[derive(Clone, Debug, Default)]
pub struct Properties {
    pub title: String,
    pub subject: Option<String>,
    pub author: String,
    pub company: String,
    /// Creation and modification date (midnight UTC).
    pub created: Option<NaiveDate>,
}

/// A workbook being written.
pub struct Workbook {
    props: Properties,
    styles: Vec<Style>,
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

/// One worksheet: its settings and the XML of the rows written so far.
pub struct Sheet {
    name: String,
    widths: Vec<(u16, f64)>,
    rows: String,
    /// The row being written and the next column it accepts.
    open_row: Option<(u32, u16)>,
    /// The last row and column with a cell.
    extent: Option<(u32, u16)>,
    merges: Vec<(u32, u16, u32, u16)>,
    freeze: Option<(u32, u16)>,
    autofilter: Option<(u32, u16, u32, u16)>,
    repeat_rows: Option<(u32, u32)>,
    page: Option<Page>,
}

impl Workbook {
    /// An empty workbook.
    pub fn new(props: Properties) -> Workbook {
        Workbook { props, styles: vec![Style::default()], sheets: Vec::new() }
    }

    /// The id of `style`, added to the workbook's formats the first time it is asked for.
    pub fn style(&mut self, style: Style) -> StyleId {
        let i = self.styles.iter().position(|s| *s == style).unwrap_or_else(|| {
            self.styles.push(style);
            self.styles.len() - 1
        });
        StyleId(u32::try_from(i).expect("a few styles"))
    }

    /// Adds a sheet named `name` and returns it for writing.
    pub fn add_sheet(&mut self, name: &str) -> Result<&mut Sheet> {
        let bad = name.is_empty()
            || name.chars().count() > 31
            || name.contains(['[', ']', ':', '*', '?', '/', '\\'])
            || name.starts_with('\'')
            || name.ends_with('\'');
        if bad {
            bail!("`{name}` cannot name an Excel sheet");
        }
        if self.sheets.iter().any(|s| s.name.to_lowercase() == name.to_lowercase()) {
            bail!("two sheets named `{name}`");
        }
        self.sheets.push(Sheet {
            name: name.to_string(),
            widths: Vec::new(),
            rows: String::new(),
            open_row: None,
            extent: None,
            merges: Vec::new(),
            freeze: None,
            autofilter: None,
            repeat_rows: None,
            page: None,
        });
        Ok(self.sheets.last_mut().expect("just added"))
    }

    /// The workbook as the bytes of an `.xlsx` file.
    pub fn save(mut self, level: i64) -> Result<Vec<u8>> {
        for s in &mut self.sheets {
            s.close_row();
        }
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        // The small parts are stored: starting a deflate stream costs more than it saves.
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(DateTime::default());
        let deflated = stored.compression_method(CompressionMethod::Deflated).compression_level(Some(level));
        let n = self.sheets.len();
        let mut part = |name: &str, text: &str, compress: bool| -> Result<()> {
            zip.start_file(name, if compress { deflated } else { stored })?;
            zip.write_all(text.as_bytes())?;
            Ok(())
        };
        part("[Content_Types].xml", &content_types(n), false)?;
        part("_rels/.rels", RELS, false)?;
        part("docProps/app.xml", &app(&self.props, &self.sheets), false)?;
        part("docProps/core.xml", &core(&self.props), false)?;
        part("xl/workbook.xml", &workbook_xml(&self.sheets), false)?;
        part("xl/_rels/workbook.xml.rels", &workbook_rels(n), false)?;
        part("xl/styles.xml", &styles_xml(&self.styles), false)?;
        for (i, s) in self.sheets.iter().enumerate() {
            part(&format!("xl/worksheets/sheet{}.xml", i + 1), &s.xml(i == 0), true)?;
        }
        Ok(zip.finish()?.into_inner())
    }
}

impl Sheet {
    /// Sets the width of column `col` in character widths, as Excel's column width dialog.
    pub fn set_width(&mut self, col: u16, width: f64) {
        self.widths.retain(|(c, _)| *c != col);
        self.widths.push((col, width));
        self.widths.sort_by_key(|(c, _)| *c);
    }

    /// Starts row `row` (0-based), after every row written so far, with a height in points
    /// if not the default.
    pub fn row(&mut self, row: u32, height: Option<f64>) -> Result<()> {
        if let Some((r, _)) = self.open_row {
            if row <= r {
                bail!("rows must be written in order: row {} after row {}", row + 1, r + 1);
            }
        }
        self.close_row();
        let _ = write!(self.rows, "<row r=\"{}\"", row + 1);
        if let Some(h) = height {
            let _ = write!(self.rows, " ht=\"{h}\" customHeight=\"1\"");
        }
        self.rows.push('>');
        self.open_row = Some((row, 0));
        Ok(())
    }

    fn close_row(&mut self) {
        if self.open_row.take().is_some() {
            self.rows.push_str("</row>");
        }
    }

    /// Opens the `<c>` element of column `col` of the current row.
    fn cell_start(&mut self, col: u16, style: StyleId) -> Result<()> {
        let Some((row, next)) = self.open_row else { bail!("a cell before its row") };
        if col < next {
            bail!("cells of a row must be written in column order");
        }
        self.open_row = Some((row, col + 1));
        let (last_row, last_col) = self.extent.unwrap_or((0, 0));
        self.extent = Some((last_row.max(row), last_col.max(col)));
        self.rows.push_str("<c r=\"");
        push_ref(&mut self.rows, row, col);
        self.rows.push('"');
        if style.0 != 0 {
            self.rows.push_str(" s=\"");
            self.rows.push_str(itoa::Buffer::new().format(style.0));
            self.rows.push('"');
        }
        Ok(())
    }

    /// A text cell; an empty text makes a blank cell with the style.
    pub fn text(&mut self, col: u16, text: &str, style: StyleId) -> Result<()> {
        if text.is_empty() {
            return self.blank(col, style);
        }
        if text.chars().count() > MAX_TEXT {
            bail!("a text of {} characters does not fit an Excel cell (at most {MAX_TEXT})", text.chars().count());
        }
        self.cell_start(col, style)?;
        let preserve = text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace);
        self.rows.push_str(if preserve {
            " t=\"inlineStr\"><is><t xml:space=\"preserve\">"
        } else {
            " t=\"inlineStr\"><is><t>"
        });
        push_escaped(&mut self.rows, text);
        self.rows.push_str("</t></is></c>");
        Ok(())
    }

    /// A number cell.
    pub fn number(&mut self, col: u16, value: f64, style: StyleId) -> Result<()> {
        if !value.is_finite() {
            bail!("{value} is not a number Excel can hold");
        }
        self.cell_start(col, style)?;
        self.rows.push_str("><v>");
        push_number(&mut self.rows, value);
        self.rows.push_str("</v></c>");
        Ok(())
    }

    /// A date cell (the date as Excel's day number; `style` gives it a date format).
    pub fn date(&mut self, col: u16, date: NaiveDate, style: StyleId) -> Result<()> {
        self.number(col, excel_day(date)?, style)
    }

    /// A cell with a style and no value.
    pub fn blank(&mut self, col: u16, style: StyleId) -> Result<()> {
        self.cell_start(col, style)?;
        self.rows.push_str("/>");
        Ok(())
    }

    /// Row `row` as a title over columns `0..=last_col`: one merged cell of `height` points,
    /// every cell of it with `style`.
    pub fn title_row(&mut self, row: u32, height: f64, last_col: u16, text: &str, style: StyleId) -> Result<()> {
        self.row(row, Some(height))?;
        self.text(0, text, style)?;
        for c in 1..=last_col {
            self.blank(c, style)?;
        }
        self.merge(row, 0, row, last_col);
        Ok(())
    }

    /// Merges the cells from `(r1, c1)` to `(r2, c2)`; the top left cell's value shows.
    pub fn merge(&mut self, r1: u32, c1: u16, r2: u32, c2: u16) {
        self.merges.push((r1, c1, r2, c2));
    }

    /// Freezes the rows above `row` and the columns left of `col`.
    pub fn freeze(&mut self, row: u32, col: u16) {
        self.freeze = Some((row, col));
    }

    /// An autofilter on the header row `r1` over the table `(r1, c1)`–`(r2, c2)`.
    pub fn autofilter(&mut self, r1: u32, c1: u16, r2: u32, c2: u16) {
        self.autofilter = Some((r1, c1, r2, c2));
    }

    /// Rows printed on top of every page.
    pub fn repeat_rows(&mut self, first: u32, last: u32) {
        self.repeat_rows = Some((first, last));
    }

    /// Paper, orientation and scaling for printing.
    pub fn page(&mut self, page: Page) {
        self.page = Some(page);
    }

    /// The sheet's XML, its parts in the order the schema requires.
    fn xml(&self, selected: bool) -> String {
        let mut x = String::with_capacity(self.rows.len() + 2048);
        x.push_str(XML_HEAD);
        x.push_str("<worksheet xmlns=\"");
        x.push_str(NS_MAIN);
        x.push_str("\" xmlns:r=\"");
        x.push_str(NS_REL);
        x.push_str("\">");
        if self.page.is_some_and(|p| p.fit_width) {
            x.push_str("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>");
        }
        x.push_str("<dimension ref=\"A1");
        if let Some((r, c)) = self.extent.filter(|e| *e != (0, 0)) {
            x.push(':');
            push_ref(&mut x, r, c);
        }
        x.push_str("\"/>");
        self.views(&mut x, selected);
        x.push_str("<sheetFormatPr defaultRowHeight=\"15\"/>");
        if !self.widths.is_empty() {
            x.push_str("<cols>");
            // Neighbouring columns of one width share an element, as Excel writes them.
            let mut i = 0;
            while i < self.widths.len() {
                let (first, w) = self.widths[i];
                let mut last = first;
                while self.widths.get(i + 1).is_some_and(|&(c, v)| c == last + 1 && v == w) {
                    i += 1;
                    last += 1;
                }
                let _ = write!(
                    x,
                    "<col min=\"{}\" max=\"{}\" width=\"{}\" customWidth=\"1\"/>",
                    first + 1,
                    last + 1,
                    stored_width(w)
                );
                i += 1;
            }
            x.push_str("</cols>");
        }
        if self.rows.is_empty() {
            x.push_str("<sheetData/>");
        } else {
            x.push_str("<sheetData>");
            x.push_str(&self.rows);
            x.push_str("</sheetData>");
        }
        if let Some((r1, c1, r2, c2)) = self.autofilter {
            x.push_str("<autoFilter ref=\"");
            push_range(&mut x, r1, c1, r2, c2);
            x.push_str("\"/>");
        }
        if !self.merges.is_empty() {
            let _ = write!(x, "<mergeCells count=\"{}\">", self.merges.len());
            for &(r1, c1, r2, c2) in &self.merges {
                x.push_str("<mergeCell ref=\"");
                push_range(&mut x, r1, c1, r2, c2);
                x.push_str("\"/>");
            }
            x.push_str("</mergeCells>");
        }
        x.push_str(
            "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>",
        );
        if let Some(p) = self.page {
            let _ = write!(x, "<pageSetup paperSize=\"{}\"", p.paper);
            if p.landscape {
                x.push_str(" orientation=\"landscape\"");
            }
            if p.fit_width {
                x.push_str(" fitToHeight=\"0\"");
            }
            x.push_str("/>");
        }
        x.push_str("</worksheet>");
        x
    }

    /// `<sheetViews>`: the frozen panes and the selection below them.
    fn views(&self, x: &mut String, selected: bool) {
        x.push_str("<sheetViews><sheetView");
        if selected {
            x.push_str(" tabSelected=\"1\"");
        }
        x.push_str(" workbookViewId=\"0\"");
        let Some((row, col)) = self.freeze.filter(|f| *f != (0, 0)) else {
            x.push_str("/></sheetViews>");
            return;
        };
        x.push('>');
        let mut top_left = String::new();
        push_ref(&mut top_left, row, col);
        let pane = match (row > 0, col > 0) {
            (true, true) => "bottomRight",
            (true, false) => "bottomLeft",
            _ => "topRight",
        };
        x.push_str("<pane");
        if col > 0 {
            let _ = write!(x, " xSplit=\"{col}\"");
        }
        if row > 0 {
            let _ = write!(x, " ySplit=\"{row}\"");
        }
        let _ = write!(x, " topLeftCell=\"{top_left}\" activePane=\"{pane}\" state=\"frozen\"/>");
        if row > 0 && col > 0 {
            x.push_str("<selection pane=\"topRight\"/><selection pane=\"bottomLeft\"/>");
        }
        let _ = write!(x, "<selection pane=\"{pane}\" activeCell=\"{top_left}\" sqref=\"{top_left}\"/>");
        x.push_str("</sheetView></sheetViews>");
    }
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>",
    "</Relationships>"
);

fn content_types(sheets: usize) -> String {
    let mut x = String::from(XML_HEAD);
    x.push_str(concat!(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
        "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>",
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
    ));
    for i in 1..=sheets {
        let _ = write!(x, "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
    }
    x.push_str("</Types>");
    x
}

fn app(props: &Properties, sheets: &[Sheet]) -> String {
    let mut x = String::from(XML_HEAD);
    x.push_str("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>guatu</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>");
    let _ = write!(
        x,
        "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>{}</vt:i4></vt:variant></vt:vector></HeadingPairs>",
        sheets.len()
    );
    let _ = write!(x, "<TitlesOfParts><vt:vector size=\"{}\" baseType=\"lpstr\">", sheets.len());
    for s in sheets {
        x.push_str("<vt:lpstr>");
        push_escaped(&mut x, &s.name);
        x.push_str("</vt:lpstr>");
    }
    x.push_str("</vt:vector></TitlesOfParts><Company>");
    push_escaped(&mut x, &props.company);
    x.push_str("</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>");
    x
}

fn core(props: &Properties) -> String {
    let mut x = String::from(XML_HEAD);
    x.push_str("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    let mut element = |tag: &str, text: &str| {
        let _ = write!(x, "<{tag}>");
        push_escaped(&mut x, text);
        let _ = write!(x, "</{tag}>");
    };
    element("dc:title", &props.title);
    if let Some(s) = &props.subject {
        element("dc:subject", s);
    }
    element("dc:creator", &props.author);
    element("cp:lastModifiedBy", &props.author);
    if let Some(d) = props.created {
        let when = d.format("%Y-%m-%dT00:00:00Z");
        let _ = write!(x, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified>");
    }
    x.push_str("</cp:coreProperties>");
    x
}

fn workbook_xml(sheets: &[Sheet]) -> String {
    let mut x = String::from(XML_HEAD);
    let _ = write!(x, "<workbook xmlns=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\"><workbookPr/><bookViews><workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>");
    for (i, s) in sheets.iter().enumerate() {
        x.push_str("<sheet name=\"");
        push_escaped(&mut x, &s.name);
        let _ = write!(x, "\" sheetId=\"{0}\" r:id=\"rId{0}\"/>", i + 1);
    }
    x.push_str("</sheets>");
    // Excel lists the defined names sorted by name: _FilterDatabase before Print_Titles.
    let mut names = String::new();
    for (i, s) in sheets.iter().enumerate() {
        if let Some((r1, c1, r2, c2)) = s.autofilter {
            let _ = write!(names, "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">");
            push_sheet_ref(&mut names, &s.name);
            push_abs_range(&mut names, r1, c1, r2, c2);
            names.push_str("</definedName>");
        }
    }
    for (i, s) in sheets.iter().enumerate() {
        if let Some((first, last)) = s.repeat_rows {
            let _ = write!(names, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\">");
            push_sheet_ref(&mut names, &s.name);
            let _ = write!(names, "${}:${}</definedName>", first + 1, last + 1);
        }
    }
    if !names.is_empty() {
        let _ = write!(x, "<definedNames>{names}</definedNames>");
    }
    x.push_str("<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>");
    x
}

fn workbook_rels(sheets: usize) -> String {
    let mut x = String::from(XML_HEAD);
    x.push_str("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for i in 1..=sheets {
        let _ =
            write!(x, "<Relationship Id=\"rId{i}\" Type=\"{NS_REL}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
    }
    let _ = write!(x, "<Relationship Id=\"rId{}\" Type=\"{NS_REL}/styles\" Target=\"styles.xml\"/>", sheets + 1);
    x.push_str("</Relationships>");
    x
}

/// Built-in number formats of Excel that guatu uses; others get ids from 164 on.
fn builtin_format(code: &str) -> Option<u32> {
    match code {
        "0" => Some(1),
        "0.00" => Some(2),
        "#,##0" => Some(3),
        "#,##0.00" => Some(4),
        "0%" => Some(9),
        "0.00%" => Some(10),
        _ => None,
    }
}

fn styles_xml(styles: &[Style]) -> String {
    // The distinct number formats, fonts and fills, in order of first use.
    let mut formats: Vec<&str> = Vec::new();
    let mut fonts: Vec<(bool, u8)> = vec![(false, 11)];
    let mut fills: Vec<u32> = Vec::new();
    let mut xfs = String::new();
    for s in styles {
        let num = s.num_format.map_or(0, |code| {
            builtin_format(code).unwrap_or_else(|| {
                let i = formats.iter().position(|f| *f == code).unwrap_or_else(|| {
                    formats.push(code);
                    formats.len() - 1
                });
                164 + i as u32
            })
        });
        let font = (s.bold, s.size.unwrap_or(11));
        let font_id = fonts.iter().position(|f| *f == font).unwrap_or_else(|| {
            fonts.push(font);
            fonts.len() - 1
        });
        // Fills 0 and 1 are the two Excel requires (none, gray125).
        let fill_id = s.fill.map_or(0, |rgb| {
            2 + fills.iter().position(|f| *f == rgb).unwrap_or_else(|| {
                fills.push(rgb);
                fills.len() - 1
            })
        });
        let _ = write!(
            xfs,
            "<xf numFmtId=\"{num}\" fontId=\"{font_id}\" fillId=\"{fill_id}\" borderId=\"{}\" xfId=\"0\"",
            u8::from(s.border)
        );
        for (on, attr) in [
            (num != 0, "applyNumberFormat"),
            (font_id != 0, "applyFont"),
            (fill_id != 0, "applyFill"),
            (s.border, "applyBorder"),
        ] {
            if on {
                let _ = write!(xfs, " {attr}=\"1\"");
            }
        }
        if s.center || s.vertical_center || s.wrap {
            xfs.push_str(" applyAlignment=\"1\"><alignment");
            if s.center {
                xfs.push_str(" horizontal=\"center\"");
            }
            if s.vertical_center {
                xfs.push_str(" vertical=\"center\"");
            }
            if s.wrap {
                xfs.push_str(" wrapText=\"1\"");
            }
            xfs.push_str("/></xf>");
        } else {
            xfs.push_str("/>");
        }
    }
    let mut x = String::from(XML_HEAD);
    let _ = write!(x, "<styleSheet xmlns=\"{NS_MAIN}\">");
    if !formats.is_empty() {
        let _ = write!(x, "<numFmts count=\"{}\">", formats.len());
        for (i, code) in formats.iter().enumerate() {
            let _ = write!(x, "<numFmt numFmtId=\"{}\" formatCode=\"", 164 + i);
            push_escaped(&mut x, code);
            x.push_str("\"/>");
        }
        x.push_str("</numFmts>");
    }
    let _ = write!(x, "<fonts count=\"{}\">", fonts.len());
    for (bold, size) in &fonts {
        x.push_str("<font>");
        if *bold {
            x.push_str("<b/>");
        }
        let _ =
            write!(x, "<sz val=\"{size}\"/><color rgb=\"FF000000\"/><name val=\"Calibri\"/><family val=\"2\"/></font>");
    }
    let _ = write!(
        x,
        "</fonts><fills count=\"{}\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>",
        fills.len() + 2
    );
    for rgb in &fills {
        let _ = write!(x, "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF{rgb:06X}\"/><bgColor indexed=\"64\"/></patternFill></fill>");
    }
    x.push_str("</fills><borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>");
    x.push_str("<border>");
    for side in ["left", "right", "top", "bottom"] {
        let _ = write!(x, "<{side} style=\"thin\"><color auto=\"1\"/></{side}>");
    }
    x.push_str("<diagonal/></border></borders>");
    x.push_str(
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    );
    let _ = write!(x, "<cellXfs count=\"{}\">{xfs}</cellXfs>", styles.len());
    x.push_str("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>");
    x.push_str("<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>");
    x
}

/// The width Excel stores for a column shown `width` characters wide (Calibri 11: a
/// character is 7 pixels, plus 5 pixels of padding, in 1/256 of a character).
fn stored_width(width: f64) -> f64 {
    if width <= 0.0 {
        return 0.0;
    }
    let pixels = if width < 1.0 { (width * 12.0).round() } else { (width * 7.0).round() + 5.0 };
    (pixels / 7.0 * 256.0).trunc() / 256.0
}

/// Excel's day number of `date` (1900 date system: day 1 is 1900-01-01, counting the
/// 29 February 1900 that Lotus assumed).
fn excel_day(date: NaiveDate) -> Result<f64> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
    let first = NaiveDate::from_ymd_opt(1900, 3, 1).expect("valid date");
    if date < first || date.year() > 9999 {
        bail!("{date} is outside the dates an Excel cell holds here");
    }
    Ok((date - epoch).num_days() as f64)
}

/// `A1`-style reference of (row, col), both 0-based.
fn push_ref(out: &mut String, row: u32, col: u16) {
    push_col(out, col);
    out.push_str(itoa::Buffer::new().format(row + 1));
}

fn push_col(out: &mut String, col: u16) {
    let mut letters = [0u8; 3];
    let mut n = u32::from(col) + 1;
    let mut i = letters.len();
    while n > 0 {
        i -= 1;
        letters[i] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    out.push_str(std::str::from_utf8(&letters[i..]).expect("ASCII letters"));
}

fn push_range(out: &mut String, r1: u32, c1: u16, r2: u32, c2: u16) {
    push_ref(out, r1, c1);
    if (r1, c1) != (r2, c2) {
        out.push(':');
        push_ref(out, r2, c2);
    }
}

/// `$A$2:$X$100`.
fn push_abs_range(out: &mut String, r1: u32, c1: u16, r2: u32, c2: u16) {
    for (k, (r, c)) in [(r1, c1), (r2, c2)].into_iter().enumerate() {
        if k == 1 {
            out.push(':');
        }
        out.push('$');
        push_col(out, c);
        out.push('$');
        out.push_str(itoa::Buffer::new().format(r + 1));
    }
}

/// `'Sheet name'!` with quotes doubled, escaped for XML.
fn push_sheet_ref(out: &mut String, name: &str) {
    out.push('\'');
    push_escaped(out, &name.replace('\'', "''"));
    out.push_str("'!");
}

/// A number as Excel stores it: integers without a fraction, others in the shortest form
/// that reads back as the same `f64`.
fn push_number(out: &mut String, x: f64) {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        out.push_str(itoa::Buffer::new().format(x as i64));
    } else {
        let mut buf = zmij::Buffer::new();
        let text = buf.format_finite(x);
        if text.contains('e') {
            // Plain digits, as Excel writes them, for the rare tiny or huge value.
            let _ = write!(out, "{x}");
        } else {
            out.push_str(text);
        }
    }
}

/// XML text: `&`, `<`, `>` and `"` as entities, and the control characters XML cannot hold
/// as Excel's `_xHHHH_` escapes (so a text that itself reads like such an escape has its
/// `_` escaped, as Excel does).
fn push_escaped(out: &mut String, text: &str) {
    let b = text.as_bytes();
    let special =
        |b: u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'_') || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    // U+FFFE and U+FFFF, not characters in XML either.
    let noncharacter = |i: usize| b[i] == 0xEF && matches!(b.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF]));
    let mut last = 0;
    for (i, &c) in b.iter().enumerate() {
        if i < last {
            continue;
        }
        if noncharacter(i) {
            out.push_str(&text[last..i]);
            out.push_str(if b[i + 2] == 0xBE { "_xFFFE_" } else { "_xFFFF_" });
            last = i + 3;
            continue;
        }
        if !special(c) || (c == b'_' && !looks_like_escape(&b[i..])) {
            continue;
        }
        out.push_str(&text[last..i]);
        match c {
            b'&' => out.push_str("&amp;"),
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            b'"' => out.push_str("&quot;"),
            _ => {
                let _ = write!(out, "_x{c:04X}_");
            }
        }
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// Whether `b` starts with `_xHHHH_`.
fn looks_like_escape(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_count_columns_in_letters() {
        let r = |row, col| {
            let mut s = String::new();
            push_ref(&mut s, row, col);
            s
        };
        assert_eq!(r(0, 0), "A1");
        assert_eq!(r(1, 25), "Z2");
        assert_eq!(r(9, 26), "AA10");
        assert_eq!(r(0, 701), "ZZ1");
        assert_eq!(r(0, 702), "AAA1");
        assert_eq!(r(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn widths_are_stored_as_excel_does() {
        // Excel's own column width 8.43 is stored as 9.140625; rust_xlsxwriter's 12 as 12.7109375.
        assert_eq!(stored_width(8.43), 9.140625);
        assert_eq!(stored_width(12.0), 12.7109375);
        assert_eq!(stored_width(0.0), 0.0);
    }

    #[test]
    fn dates_are_excel_day_numbers() {
        let d = |y, m, day| excel_day(NaiveDate::from_ymd_opt(y, m, day).unwrap()).unwrap();
        assert_eq!(d(1900, 3, 1), 61.0);
        assert_eq!(d(2026, 6, 30), 46203.0);
        assert!(excel_day(NaiveDate::from_ymd_opt(1899, 1, 1).unwrap()).is_err());
    }

    #[test]
    fn text_is_escaped_for_xml() {
        let mut s = String::new();
        push_escaped(&mut s, "a<b>&\"c\"\u{1}d\n中_x_x0041_");
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;c&quot;_x0001_d\n中_x_x005F_x0041_");
        let mut s = String::new();
        push_escaped(&mut s, "甲\u{fffe}乙\u{ffff}\u{fffd}");
        assert_eq!(s, "甲_xFFFE_乙_xFFFF_\u{fffd}");
    }

    #[test]
    fn numbers_read_back_exactly() {
        for x in [0.0, 3.0, -25.0, 0.1, 33.333333, 1234.5678, 1e15, 0.28104, 1e-7, -0.000123] {
            let mut s = String::new();
            push_number(&mut s, x);
            assert_eq!(s.parse::<f64>().unwrap(), x, "{s}");
        }
    }

    #[test]
    fn cells_must_come_in_order() {
        let mut book = Workbook::new(Properties::default());
        let st = book.style(Style::default());
        let ws = book.add_sheet("S").unwrap();
        ws.row(1, None).unwrap();
        ws.number(2, 1.0, st).unwrap();
        assert!(ws.number(1, 1.0, st).is_err(), "column before the last one");
        assert!(ws.row(0, None).is_err(), "row before the last one");
        assert!(book.add_sheet("s").is_err(), "sheet names are case-insensitive");
        assert!(book.add_sheet("a/b").is_err());
    }

    #[test]
    fn styles_are_shared() {
        let mut book = Workbook::new(Properties::default());
        let a = book.style(Style { bold: true, ..Style::default() });
        let b = book.style(Style { bold: true, ..Style::default() });
        let c = book.style(Style { num_format: Some("0.0%"), ..Style::default() });
        assert_eq!(a, b);
        assert_ne!(a, c);
        let xml = styles_xml(&book.styles);
        assert!(xml.contains("<cellXfs count=\"3\">"), "{xml}");
        assert!(xml.contains("<numFmt numFmtId=\"164\" formatCode=\"0.0%\"/>"), "{xml}");
    }
}
