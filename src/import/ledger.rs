//! Reading a ledger (台账): workbook or CSV → sheets of cells, the header row, and the
//! data rows with their row numbers as the office sees them.

use std::path::Path;

use anyhow::{bail, Context as _, Result};
use calamine::{open_workbook_auto, Data, Dimensions, Range, Reader, Sheets};
use chrono::NaiveDate;

use super::columns::{normalize, Field, Mapping};

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
    if (r - x).abs() < 1e-9 * x.abs().max(1.0) {
        format!("{r}")
    } else {
        format!("{x}")
    }
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
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            Ok(vec![read_csv(&bytes)?])
        }
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => read_workbook(path),
        _ => bail!("{}: not a ledger: give an .xlsx, .xls or .csv file", path.display()),
    }
}

fn read_workbook(path: &Path) -> Result<Vec<Sheet>> {
    let mut book = open_workbook_auto(path).with_context(|| format!("reading {}", path.display()))?;
    let names = book.sheet_names();
    let mut sheets = Vec::new();
    for name in names {
        let range = book.worksheet_range(&name).with_context(|| format!("reading sheet {name}"))?;
        let merged = merged_cells(&mut book, &name);
        sheets.push(Sheet { rows: grid(&range, &merged), name: Some(name) });
    }
    Ok(sheets)
}

/// The merged areas of a sheet, where the format keeps them.
fn merged_cells<R: std::io::Read + std::io::Seek>(book: &mut Sheets<R>, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.worksheet_merge_cells(name).and_then(Result::ok).unwrap_or_default(),
        Sheets::Xls(x) => x.worksheet_merge_cells(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The sheet's cells from A1, with each merged area filled with its first cell's value.
fn grid(range: &Range<Data>, merged: &[Dimensions]) -> Vec<Vec<Cell>> {
    let Some((r0, c0)) = range.start() else { return Vec::new() };
    let (r0, c0) = (r0 as usize, c0 as usize);
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; c0];
        cells.extend(row.iter().map(cell));
        rows.push(cells);
    }
    for m in merged {
        let (top, left) = (m.start.0 as usize, m.start.1 as usize);
        let value = rows.get(top).and_then(|r| r.get(left)).cloned().unwrap_or(Cell::Empty);
        for r in top..=(m.end.0 as usize).min(rows.len().saturating_sub(1)) {
            for c in left..=m.end.1 as usize {
                let row = &mut rows[r];
                if row.len() <= c {
                    row.resize(c + 1, Cell::Empty);
                }
                if (r, c) != (top, left) {
                    row[c] = value.clone();
                }
            }
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

/// Decodes CSV bytes: UTF-8 (with or without a byte order mark), else GB18030 (which
/// reads GBK and GB2312), as Excel on Chinese Windows saves it.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Sheet> {
    let text = decode(bytes);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        // A quoted field may span lines: one record is one row, as a spreadsheet shows it.
        let record = record.context("reading the CSV file")?;
        rows.push(record.iter().map(Cell::from_text).collect());
    }
    Ok(Sheet { name: None, rows })
}

/// Where the table of a sheet is and what each column holds.
#[derive(Clone, Debug)]
pub struct Table {
    /// 0-based row of the (last) header row; data starts below it.
    pub header_row: usize,
    /// The field of each column (`None`: not imported).
    pub fields: Vec<Option<Field>>,
    /// The header text of each column, as written.
    pub headers: Vec<String>,
}

impl Table {
    /// The column of a field.
    pub fn column_of(&self, f: Field) -> Option<usize> {
        self.fields.iter().position(|x| *x == Some(f))
    }

    /// Headers of columns that are not imported.
    pub fn ignored(&self) -> Vec<&str> {
        self.fields
            .iter()
            .zip(&self.headers)
            .filter(|(f, h)| f.is_none() && !h.is_empty())
            .map(|(_, h)| h.as_str())
            .collect()
    }
}

/// How many rows from the top are searched for the headers.
const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header row: the first row naming 项目名称 and at least two other known
/// columns. A second header row below it (under merged group headers such as
/// 「投资情况」) adds its columns.
pub fn find_table(sheet: &Sheet, mapping: &Mapping) -> Option<Table> {
    let fields_of = |r: usize| -> Vec<Option<Option<Field>>> {
        sheet.rows.get(r).map_or_else(Vec::new, |row| row.iter().map(|c| header_field(c, mapping)).collect())
    };
    let known = |f: &[Option<Option<Field>>]| f.iter().filter(|x| matches!(x, Some(Some(_)))).count();
    let candidates: Vec<usize> = match mapping.header_row {
        Some(n) => vec![n as usize - 1],
        None => (0..sheet.rows.len().min(HEADER_SEARCH_ROWS)).collect(),
    };
    let top = candidates.into_iter().find(|&r| {
        let f = fields_of(r);
        f.contains(&Some(Some(Field::Name))) && (known(&f) >= 3 || mapping.header_row.is_some())
    })?;
    let mut fields = fields_of(top);
    let mut header_row = top;
    let below = fields_of(top + 1);
    let name_col = fields.iter().position(|f| *f == Some(Some(Field::Name)));
    let below_is_header = known(&below) >= 1
        && sheet.rows.get(top + 1).is_some_and(|row| row.iter().all(|c| matches!(c, Cell::Empty | Cell::Text(_))))
        && name_col.is_none_or(|c| below.get(c).is_none_or(|f| *f != Some(None)));
    if below_is_header {
        fields.resize(fields.len().max(below.len()), None);
        for (c, f) in below.into_iter().enumerate() {
            if matches!(f, Some(Some(_))) || (f.is_some() && !matches!(fields[c], Some(Some(_)))) {
                fields[c] = f;
            }
        }
        header_row = top + 1;
    }
    let headers: Vec<String> = (0..fields.len())
        .map(|c| {
            let h = |r: usize| sheet.cell(r, c).text().unwrap_or_default();
            if header_row > top && !h(header_row).is_empty() {
                h(header_row)
            } else {
                h(top)
            }
        })
        .collect();
    let mut fields: Vec<Option<Field>> = fields.into_iter().map(Option::flatten).collect();
    // A field named by two columns: the first one counts.
    for c in 0..fields.len() {
        if fields[c].is_some() && fields[..c].contains(&fields[c]) {
            fields[c] = None;
        }
    }
    Some(Table { header_row, fields, headers })
}

/// What a header cell means: `None` for no header, `Some(None)` for an ignored one.
fn header_field(c: &Cell, mapping: &Mapping) -> Option<Option<Field>> {
    match c {
        Cell::Text(t) => mapping.field_of(t).or(Some(None)),
        _ => None,
    }
}

/// A data row: its 1-based row number and its cells by field.
#[derive(Clone, Debug)]
pub struct Row {
    /// 1-based row number, as the spreadsheet shows it.
    pub number: usize,
    /// The cells of the imported columns.
    pub cells: Vec<(Field, Cell)>,
    /// The category named by the section heading above the row (「一、产业项目」).
    pub section: Option<String>,
}

impl Row {
    /// The cell of a field (empty when the column is absent).
    pub fn get(&self, f: Field) -> &Cell {
        self.cells.iter().find(|(x, _)| *x == f).map_or(&Cell::Empty, |(_, c)| c)
    }
}

/// The data rows below the header: blank rows, total rows (合计), section headings
/// (一、产业项目) and notes below the table are skipped.
pub fn data_rows(sheet: &Sheet, table: &Table) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut section = None;
    for (i, row) in sheet.rows.iter().enumerate().skip(table.header_row + 1) {
        let filled: Vec<&Cell> = row.iter().filter(|c| !c.is_empty()).collect();
        let Some(first) = filled.first() else { continue };
        let first = first.text().unwrap_or_default();
        let name = table.column_of(Field::Name).and_then(|c| row.get(c)).and_then(Cell::text).unwrap_or_default();
        if is_total(&first) || is_total(&name) || is_note(&first, filled.len()) {
            continue;
        }
        if is_section(&first) || is_section(&name) {
            section = Some(if is_section(&name) { name } else { first });
            continue;
        }
        let cells = table
            .fields
            .iter()
            .enumerate()
            .filter_map(|(c, f)| f.map(|f| (f, row.get(c).cloned().unwrap_or(Cell::Empty))))
            .collect();
        rows.push(Row { number: i + 1, cells, section: section.clone() });
    }
    rows
}

/// 合计, 总计, 小计 (also 「合计（44个）」), or Total.
fn is_total(text: &str) -> bool {
    let t = normalize(text);
    ["合计", "总计", "小计", "总合计", "total", "subtotal"].iter().any(|w| t.starts_with(w))
}

/// A section heading such as 「一、产业项目（20个）」 or 「（二）城建项目」.
fn is_section(text: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let t = text.trim();
    let t = t.strip_prefix(['(', '（']).unwrap_or(t);
    let rest = t.trim_start_matches(|c| NUMERALS.contains(c));
    rest.len() < t.len() && rest.starts_with(['、', '.', '．', ')', '）'])
}

/// A remark below the table: 「注：…」, 「填报人：…」.
fn is_note(text: &str, filled: usize) -> bool {
    const WORDS: [&str; 8] = ["注：", "注:", "说明", "备注：", "填报", "审核", "制表", "联系人"];
    filled <= 2 && WORDS.iter().any(|w| text.trim().starts_with(w))
}

/// Text of the rows above the header (the title), for finding the month.
pub fn title_text(sheet: &Sheet, table: &Table) -> String {
    let mut parts: Vec<String> = Vec::new();
    for row in &sheet.rows[..table.header_row.min(sheet.rows.len())] {
        for c in row {
            if let Some(t) = c.text() {
                if !parts.contains(&t) {
                    parts.push(t);
                }
            }
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
        let rows = data_rows(&s, &table);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].number, 4);
        assert_eq!(rows[0].get(Field::Name), &t("甲项目"));
        assert_eq!(rows[0].section.as_deref(), Some("一、产业项目（2个）"));
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
        assert_eq!(data_rows(&s, &table).len(), 1);
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
