//! Reading a ledger (台账): workbook or CSV → sheets of cells, the header row, and the
//! data rows with their row numbers as the office sees them.

use std::borrow::Cow;
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use calamine::{open_workbook_auto, Data, Dimensions, Range, Reader, Sheets};
use chrono::NaiveDate;

use super::columns::{normalize, Field, Header, Mapping};
use super::limits;

/// One cell's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, trimmed.
    Text(String),
    /// A number.
    Number(f64),
    /// A date cell.
    Date(NaiveDate),
}

impl Cell {
    /// True when the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text (numbers in their shortest form, dates as `YYYY-MM-DD`).
    pub fn text(&self) -> Option<String> {
        match self {
            Cell::Empty => None,
            Cell::Text(t) => Some(t.clone()),
            Cell::Number(x) => Some(number_text(*x)),
            Cell::Date(d) => Some(d.to_string()),
        }
    }

    fn from_text(s: &str) -> Cell {
        let t = s.replace("\r\n", "\n").replace('\r', "\n");
        let t = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_string())
        }
    }
}

/// `12`, `12.5`: the shortest text of a number, without float noise past four decimals.
pub fn number_text(x: f64) -> String {
    let r = (x * 10_000.0).round() / 10_000.0;
    format!("{}", if (r - x).abs() < 1e-9 * x.abs().max(1.0) { r } else { x })
}

/// A sheet as a grid of cells; row and column 0 are the sheet's A1.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// The sheet's name (`None` for CSV).
    pub name: Option<String>,
    /// Rows from row 1.
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn cell(&self, r: usize, c: usize) -> &Cell {
        self.rows.get(r).and_then(|row| row.get(c)).unwrap_or(&Cell::Empty)
    }
}

/// Reads every sheet of a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`) or the one sheet of a CSV file.
pub fn read(path: &Path) -> Result<Vec<Sheet>> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            let sheet = read_csv(&bytes)?;
            refuse_control(&file, &sheet)?;
            Ok(vec![sheet])
        }
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => refuse_panics(path, || read_workbook(path, &file)),
        _ => bail!("{}: not a ledger: give an .xlsx, .xls or .csv file", path.display()),
    }
}

/// The workbook reader panics on some damaged files (cell references that overflow,
/// styles that are not there); such a file is refused as damaged, without the
/// panic's own message, instead of ending the import.
fn refuse_panics(path: &Path, read: impl FnOnce() -> Result<Vec<Sheet>>) -> Result<Vec<Sheet>> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|_| {
        bail!(
            "{}: the workbook is damaged and cannot be read; open it in Excel or WPS and save it again",
            path.display()
        )
    })
}

fn read_workbook(path: &Path, file: &str) -> Result<Vec<Sheet>> {
    limits::check_parts(path, file)?;
    let mut book = open_workbook_auto(path).with_context(|| format!("reading {}", path.display()))?;
    let sheets = book.sheet_names().into_iter().map(|name| {
        // The merged areas, where the format keeps them.
        let merged = match &mut book {
            Sheets::Xlsx(x) => x.worksheet_merge_cells(&name).and_then(Result::ok).unwrap_or_default(),
            Sheets::Xls(x) => x.worksheet_merge_cells(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let range = bounded_range(&mut book, &name, &merged, file)?;
        let sheet = Sheet { rows: grid(&range, &merged), name: Some(name) };
        refuse_control(file, &sheet)?;
        Ok(sheet)
    });
    sheets.collect()
}

/// The sheet's cells, refused before the dense range is built when the used range
/// (with its merged areas) spans more than [`limits::MAX_CELLS`].
fn bounded_range<R: std::io::Read + std::io::Seek>(
    book: &mut Sheets<R>,
    name: &str,
    merged: &[Dimensions],
    file: &str,
) -> Result<Range<Data>> {
    let merged_end = merged.iter().map(|m| m.end).fold((0, 0), |a, e| (a.0.max(e.0), a.1.max(e.1)));
    if !merged.is_empty() {
        limits::check_span(file, name, merged_end)?;
    }
    let Sheets::Xlsx(x) = book else {
        let range = book.worksheet_range(name).with_context(|| format!("reading sheet {name}"))?;
        if let Some(end) = range.end() {
            limits::check_span(file, name, end)?;
        }
        return Ok(range);
    };
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Range::empty()),
        Err(e) => return Err(e).with_context(|| format!("reading sheet {name}")),
    };
    let mut cells = Vec::new();
    let mut end = merged_end;
    while let Some(c) = reader.next_cell().with_context(|| format!("reading sheet {name}"))? {
        if matches!(c.get_value(), calamine::DataRef::Empty) {
            continue;
        }
        let pos = c.get_position();
        end = (end.0.max(pos.0), end.1.max(pos.1));
        limits::check_span(file, name, end)?;
        let value = match Data::from(c.get_value().clone()) {
            Data::String(t) => Data::String(ooxml_unescape(&t)),
            d => d,
        };
        cells.push(calamine::Cell::new(pos, value));
    }
    Ok(Range::from_sparse(cells))
}

/// An OOXML text with its `_xHHHH_` escapes decoded (ECMA-376 Part 1, 22.9.2.19): Excel
/// writes control characters as `_x001B_` and a literal `_x0041_` as `_x005F_x0041_`.
fn ooxml_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let code = tail.get(2..6).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()) && tail.get(6..7) == Some("_"));
        let c = code.and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
        out.push_str(&c.map_or_else(|| "_x".to_string(), String::from));
        rest = &tail[if c.is_some() { 7 } else { 2 }..];
    }
    out.push_str(rest);
    out
}

/// Refuses a text cell holding a control character other than TAB, LF and CR: it would
/// reach the project files and the published pages unseen.
fn refuse_control(file: &str, sheet: &Sheet) -> Result<()> {
    let is_bad =
        |ch: char| (ch.is_control() && !matches!(ch, '\t' | '\n' | '\r')) || matches!(ch, '\u{fffe}' | '\u{ffff}');
    let mut cells =
        sheet.rows.iter().enumerate().flat_map(|(r, row)| row.iter().enumerate().map(move |(c, x)| (r, c, x)));
    let bad = cells.find_map(|(r, c, x)| match x {
        Cell::Text(t) => Some((r, c, t.chars().find(|&ch| is_bad(ch))?)),
        _ => None,
    });
    let Some((r, c, ch)) = bad else { return Ok(()) };
    let at = limits::cell_name((r as u32, c as u32));
    let place = sheet.name.as_ref().map_or_else(|| format!("cell {at}"), |n| format!("sheet 「{n}」 cell {at}"));
    bail!(
        "{file}: {place}: the text holds the control character U+{:04X}, which no ledger means; \
         nothing was written. Remove it from the cell (retype the text) and import again",
        u32::from(ch)
    )
}

/// The sheet's cells from A1, with each merged area filled with its first cell's value.
fn grid(range: &Range<Data>, merged: &[Dimensions]) -> Vec<Vec<Cell>> {
    let Some((r0, c0)) = range.start() else { return Vec::new() };
    let (r0, c0) = (r0 as usize, c0 as usize);
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0];
    rows.extend(range.rows().map(|row| std::iter::repeat_n(Cell::Empty, c0).chain(row.iter().map(cell)).collect()));
    for m in merged {
        let (top, left) = (m.start.0 as usize, m.start.1 as usize);
        let value = rows.get(top).and_then(|r| r.get(left)).cloned().unwrap_or(Cell::Empty);
        let right = m.end.1 as usize;
        for r in top..=(m.end.0 as usize).min(rows.len().saturating_sub(1)) {
            let row = &mut rows[r];
            row.resize(row.len().max(right + 1), Cell::Empty);
            row[left..=right].fill(value.clone());
        }
    }
    rows
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::from_text(s),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => Cell::Date(t.date()),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or(Cell::from_text(s), Cell::Date),
        Data::DurationIso(s) => Cell::from_text(s),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Reads CSV bytes: UTF-8 (with or without a byte order mark), else GB18030 (which
/// reads GBK and GB2312), as Excel on Chinese Windows saves it.
fn read_csv(bytes: &[u8]) -> Result<Sheet> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_or_else(|_| encoding_rs::GB18030.decode(bytes).0, Cow::from);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    // A quoted field may span lines: one record is one row, as a spreadsheet shows it.
    let rows = reader.records().map(|r| r.map(|r| r.iter().map(Cell::from_text).collect()));
    Ok(Sheet { name: None, rows: rows.collect::<Result<_, _>>().context("reading the CSV file")? })
}

/// Where the table of a sheet is and what each column holds.
#[derive(Clone, Debug)]
pub struct Table {
    /// 0-based row of the first header row.
    pub top: usize,
    /// 0-based row of the last header row; data starts below it.
    pub header_row: usize,
    /// What each column's headers say (field, month, year, unit …).
    pub heads: Vec<Header>,
    /// The header text of each column, as written (a group header and its sub-header
    /// joined by 「/」).
    pub headers: Vec<String>,
}

impl Table {
    /// The column of a field (the first one, for a field read per month).
    pub fn column_of(&self, f: Field) -> Option<usize> {
        self.heads.iter().position(|h| h.field == Some(f))
    }

    /// Headers of columns that are not imported.
    pub fn ignored(&self) -> Vec<&str> {
        let not_read = |(h, t): &(&Header, &String)| h.field.is_none() && h.person_of.is_none() && !t.is_empty();
        self.heads.iter().zip(&self.headers).filter(not_read).map(|(_, t)| t.as_str()).collect()
    }
}

/// How many rows from the top are searched for the headers.
const HEADER_SEARCH_ROWS: usize = 30;

/// The most header rows one table has (a group header over two levels of sub-headers).
const MAX_HEADER_ROWS: usize = 4;

/// Finds the headers: the first row naming 项目名称 and at least two other known columns,
/// and the rows below it that carry sub-headers under merged group headers (「2010年实际
/// 完成情况」 over 「1-3月实际完成投资」), up to the first row with a figure or a name.
pub fn find_table(sheet: &Sheet, mapping: &Mapping) -> Option<Table> {
    let single = |r: usize| -> Vec<Option<Field>> {
        sheet.rows.get(r).into_iter().flatten().map(|c| c.text().and_then(|t| mapping.header_of(&[t]).field)).collect()
    };
    let candidates: Vec<usize> = match mapping.header_row {
        Some(n) => vec![n as usize - 1],
        None => (0..sheet.rows.len().min(HEADER_SEARCH_ROWS)).collect(),
    };
    let top = candidates.into_iter().find(|&r| {
        let f = single(r);
        f.contains(&Some(Field::Name)) && (f.iter().flatten().count() >= 3 || mapping.header_row.is_some())
    })?;
    let name_col = single(top).iter().position(|f| *f == Some(Field::Name))?;
    let below = top + 1..sheet.rows.len().min(top + MAX_HEADER_ROWS);
    let last = below.take_while(|&r| is_sub_header(sheet, r, top, name_col)).last().unwrap_or(top);
    let width = sheet.rows[top..=last].iter().map(Vec::len).max().unwrap_or(0);
    let paths: Vec<Vec<String>> = (0..width)
        .map(|c| {
            let mut path: Vec<String> = (top..=last).filter_map(|r| sheet.cell(r, c).text()).collect();
            path.dedup();
            path
        })
        .collect();
    let mut heads: Vec<Header> = paths.iter().map(|p| mapping.header_of(p)).collect();
    // A field named by two columns: the first one counts (per month for figures).
    for c in 0..heads.len() {
        let h = heads[c];
        let taken = heads[..c].iter().any(|o| {
            o.field.is_some() && o.field == h.field && (!o.field.is_some_and(Field::is_monthly) || o.month == h.month)
        });
        if taken {
            heads[c].field = None;
        }
    }
    let headers = paths.iter().map(|p| p.join("/")).collect();
    Some(Table { top, header_row: last, heads, headers })
}

/// Whether row `r` continues the headers that start at `top`: text only, no figures,
/// and the name column empty or still the merged 「项目名称」.
fn is_sub_header(sheet: &Sheet, r: usize, top: usize, name_col: usize) -> bool {
    let row = &sheet.rows[r];
    let texts: Vec<String> = row.iter().filter_map(Cell::text).collect();
    let looks_like_figure = |t: &String| t.trim_end_matches(['%', '％']).replace([',', '.'], "").parse::<f64>().is_ok();
    let name = sheet.cell(r, name_col).text();
    !texts.is_empty()
        && row.iter().all(|c| matches!(c, Cell::Empty | Cell::Text(_)))
        && !texts.iter().any(looks_like_figure)
        && (name.is_none() || name == sheet.cell(top, name_col).text())
        && !texts.iter().any(|t| is_total(t) || is_section(t) || is_group(t))
}

/// A data row: its 1-based row number and its cells by column.
#[derive(Clone, Debug)]
pub struct Row {
    /// 1-based row number, as the spreadsheet shows it.
    pub number: usize,
    /// The cells of the imported columns: column, field, value.
    pub cells: Vec<(usize, Field, Cell)>,
    /// The section headings above the row, outermost first (「一、产业项目」, 「（一）在建（11项）」).
    pub headings: Vec<String>,
}

impl Row {
    /// The cell of a field (empty when the column is absent; the first column of a
    /// field read per month).
    pub fn get(&self, f: Field) -> &Cell {
        self.cells.iter().find(|(_, x, _)| *x == f).map_or(&Cell::Empty, |(_, _, c)| c)
    }

    /// Every column of a field with its cell.
    pub fn all(&self, f: Field) -> impl Iterator<Item = (usize, &Cell)> {
        self.cells.iter().filter(move |(_, x, _)| *x == f).map(|(c, _, cell)| (*c, cell))
    }
}

/// A 合计 / 总计 row: its figures, and the count of projects it names (「合计37个」).
#[derive(Clone, Debug)]
pub struct Total {
    /// The row, as read.
    pub row: Row,
    /// The count the row names.
    pub count: Option<usize>,
}

/// The rows below the header: project rows, and the ledger's grand total (the first
/// 合计 or 总计 row). Blank rows, sub-totals (「龙海市合计14个」, 「其中：…（90项）」),
/// section headings (「一、产业项目」, 「一」 | 「工业」) and notes below the table are skipped.
pub fn data_rows(sheet: &Sheet, table: &Table) -> (Vec<Row>, Option<Total>) {
    let mut rows = Vec::new();
    let mut total = None;
    let mut headings: Vec<String> = Vec::new();
    let name_col = table.column_of(Field::Name);
    let serial_col = table.column_of(Field::Serial);
    for (i, row) in sheet.rows.iter().enumerate().skip(table.header_row + 1) {
        let filled: Vec<&Cell> = row.iter().filter(|c| !c.is_empty()).collect();
        let Some(first) = filled.first() else { continue };
        let first = first.text().unwrap_or_default();
        let text_at = |c: Option<usize>| c.and_then(|c| row.get(c)).and_then(Cell::text).unwrap_or_default();
        let (name, serial) = (text_at(name_col), text_at(serial_col));
        let read = || {
            let cell = |c: usize| row.get(c).cloned().unwrap_or(Cell::Empty);
            let cells = table.heads.iter().enumerate().filter_map(|(c, h)| Some((c, h.field?, cell(c)))).collect();
            Row { number: i + 1, cells, headings: headings.clone() }
        };
        if is_total(&first) || is_total(&name) {
            if total.is_none() && [&first, &name].iter().any(|t| is_grand_total(t)) {
                let count = [&name, &first].iter().find_map(|t| count_in(t));
                total = Some(Total { row: read(), count });
            }
            continue;
        }
        if is_note(&first, filled.len()) {
            continue;
        }
        // A group, a section (named in the name column or the first cell) or a numeral in the serial column.
        let group = is_group(&name) || (!name.is_empty() && serial == name && serial_col.is_some());
        if group || is_section(&name) || (!is_section(&first) && is_numeral(&serial) && !name.is_empty()) {
            headings.push(name);
        } else if is_section(&first) {
            headings.push(first);
        } else {
            rows.push(read());
        }
    }
    (rows, total)
}

/// 合计, 总计, 小计 (also 「合计（44个）」, 「龙海市合计14个」), or Total.
fn is_total(text: &str) -> bool {
    let t = normalize(text);
    let words = ["合计", "总计", "小计", "总合计"];
    ["total", "subtotal"].iter().chain(&words).any(|w| t.starts_with(w))
        || (words.iter().any(|w| t.contains(w)) && count_in(text).is_some())
}

/// The total of the whole table: 「合计」, 「总计」, not 「龙海市合计14个」 or 「小计」.
fn is_grand_total(text: &str) -> bool {
    let t = normalize(text);
    ["合计", "总计", "总合计", "total"].iter().any(|w| t.starts_with(w))
}

/// The count a total or group row names: 37 for 「合计37个」, 100 for 「合计（100项）」, 13 for 「13个」.
pub fn count_in(text: &str) -> Option<usize> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && !"()（）".contains(*c)).collect();
    let t = t.strip_suffix(['个', '项'])?;
    t[t.trim_end_matches(|c: char| c.is_ascii_digit()).len()..].parse().ok()
}

/// A group of rows named with its count, 「预备重点项目（10项）」, or 「其中：…」.
fn is_group(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("其中") || (count_in(t).is_some() && (t.ends_with('）') || t.ends_with(')')))
}

/// A section heading such as 「一、产业项目（20个）」 or 「（二）城建项目」.
fn is_section(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix(['(', '（']).unwrap_or(t);
    let rest = t.trim_start_matches(|c| NUMERALS.contains(c));
    rest.len() < t.len() && rest.starts_with(['、', '.', '．', ')', '）'])
}

const NUMERALS: &str = "一二三四五六七八九十";

/// A Chinese numeral alone, as a section's number in the serial column (「一」 | 「工业」).
fn is_numeral(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['(', '（']).trim_end_matches([')', '）', '、']);
    !t.is_empty() && t.chars().all(|c| NUMERALS.contains(c))
}

/// A remark below the table: 「注：…」, 「填报人：…」.
fn is_note(text: &str, filled: usize) -> bool {
    const WORDS: [&str; 8] = ["注：", "注:", "说明", "备注：", "填报", "审核", "制表", "联系人"];
    filled <= 2 && WORDS.iter().any(|w| text.trim().starts_with(w))
}

/// Text of the rows above the header (the title), for finding the month.
pub fn title_text(sheet: &Sheet, table: &Table) -> String {
    let mut parts: Vec<String> = Vec::new();
    for t in sheet.rows[..table.top.min(sheet.rows.len())].iter().flatten().filter_map(Cell::text) {
        if !parts.contains(&t) {
            parts.push(t);
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet { name: Some("台账".into()), rows }
    }

    #[test]
    fn finds_the_header_below_a_title_and_skips_totals_sections_and_notes() {
        let s = sheet(vec![
            vec![t("XX县2026年重点项目推进台账（10月）")],
            vec![t("序号"), t("项目名称"), t("所属镇街"), t("本月完成投资（万元）"), t("备注")],
            vec![t("一、产业项目（2个）")],
            vec![Cell::Number(1.0), t("甲项目"), t("金谷园街道"), Cell::Number(10.0)],
            vec![],
            vec![t("合计"), Cell::Empty, Cell::Empty, Cell::Number(10.0)],
            vec![t("注：金额单位为万元")],
        ]);
        let table = find_table(&s, &Mapping::default()).unwrap();
        assert_eq!(table.header_row, 1);
        assert_eq!(table.ignored(), vec!["备注"]);
        let (rows, total) = data_rows(&s, &table);
        assert_eq!(total.map(|t| t.row.number), Some(6));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].number, 4);
        assert_eq!(rows[0].get(Field::Name), &t("甲项目"));
        assert_eq!(rows[0].headings, vec!["一、产业项目（2个）".to_string()]);
        assert_eq!(title_text(&s, &table), "XX县2026年重点项目推进台账（10月）");
    }

    #[test]
    fn two_header_rows_under_a_group_header() {
        let s = sheet(vec![
            vec![t("序号"), t("项目名称"), t("所属镇街"), t("投资情况（万元）"), t("投资情况（万元）")],
            vec![t("序号"), t("项目名称"), t("所属镇街"), t("总投资"), t("本月完成投资")],
            vec![Cell::Number(1.0), t("甲项目"), t("金谷园街道"), Cell::Number(100.0), Cell::Number(10.0)],
        ]);
        let table = find_table(&s, &Mapping::default()).unwrap();
        assert_eq!(table.header_row, 1);
        assert_eq!(table.column_of(Field::Invested), Some(4));
        assert_eq!(data_rows(&s, &table).0.len(), 1);
    }

    #[test]
    fn no_header_row_without_a_name_column() {
        let s = sheet(vec![vec![t("所属镇街"), t("总投资"), t("本月完成投资")]]);
        assert!(find_table(&s, &Mapping::default()).is_none());
    }

    #[test]
    fn csv_in_gbk_and_utf8_reads_the_same() {
        let text = "项目名称,总投资\n\"甲,项目\",100\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        for bytes in [gbk.to_vec(), text.as_bytes().to_vec(), bom] {
            let s = read_csv(&bytes).unwrap();
            assert_eq!(s.rows[0][0], t("项目名称"));
            assert_eq!(s.rows[1][0], t("甲,项目"));
        }
    }

    #[test]
    fn numbers_print_without_float_noise() {
        assert_eq!(number_text(1200.0), "1200");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(12.5), "12.5");
    }
}
