//! `guatu import`: the monthly ledger (台账) that project offices keep in Excel or CSV
//! → project records.
//!
//! The ledger is read ([`ledger`]), its header row found by the recognised column
//! headers ([`columns`]), each row's cells read as offices write them ([`values`]),
//! rows matched to projects by name and turned into new files or one month's entry in
//! an existing file ([`records`], [`edit`]). Every resulting file is checked by the
//! normal validation before anything is written, and nothing is written when any row
//! is in error.

pub mod columns;
pub mod edit;
pub mod limits;
pub mod records;
pub mod review;
pub mod sheets;
pub mod totals;
pub mod values;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

use crate::content::{RawContent, Source};
use crate::diag::{render_problem, Diagnostics, Severity};
use crate::model::Board;
use crate::num::Month;
use columns::{Field, Mapping, MAPPING_FILE};
use records::{Columns, Plan};
use sheets::{Sheet, Table};

/// Where a row is: the ledger file's name, the sheet (none in CSV) and the 1-based row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    /// The ledger's file name.
    pub file: String,
    /// The sheet's name.
    pub sheet: Option<String>,
    /// The row number as the spreadsheet shows it.
    pub row: usize,
}

impl Loc {
    /// `台账.xlsx: sheet 「台账」 row 7`, or `台账.csv: row 7`.
    pub fn label(&self) -> String {
        let sheet = self.sheet.as_ref().map(|s| format!("sheet 「{s}」 ")).unwrap_or_default();
        format!("{}: {sheet}row {}", self.file, self.row)
    }
}

/// A problem with a ledger row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The row.
    pub loc: Loc,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    /// An error: nothing is written.
    pub fn error(loc: Loc, message: String, help: Option<String>) -> Problem {
        Problem { loc, severity: Severity::Error, message, help }
    }

    /// A warning: the import goes on.
    pub fn warning(loc: Loc, message: String, help: Option<String>) -> Problem {
        Problem { loc, severity: Severity::Warning, message, help }
    }

    /// One line and its help line, in the format of content diagnostics.
    pub fn render(&self, color: bool) -> String {
        render_problem(&self.loc.label(), self.severity, &self.message, self.help.as_deref(), color)
    }
}

/// What to import.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// The ledger file.
    pub ledger: &'a Path,
    /// The month, when given on the command line.
    pub month: Option<Month>,
    /// Read only this sheet.
    pub sheet: Option<String>,
    /// Write the ledger's project details where they differ from a project file.
    pub update_details: bool,
}

/// One sheet that was read.
#[derive(Clone, Debug)]
pub struct SheetSummary {
    /// Its name (none for CSV).
    pub name: Option<String>,
    /// Data rows read.
    pub rows: usize,
    /// Headers of columns that are not imported.
    pub ignored: Vec<String>,
}

/// The import worked out in memory.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The month imported.
    pub month: Month,
    /// Set when `--month` differs from the month the ledger names.
    pub month_note: Option<String>,
    /// The sheets read.
    pub sheets: Vec<SheetSummary>,
    /// Files to write and problems found.
    pub plan: Plan,
    /// What the office should know that is not a problem (markers taken off names, a
    /// total row that was not compared).
    pub notes: Vec<String>,
    /// Per changed project, the figures before and after, and the board's totals.
    pub review: Option<review::Review>,
}

impl Prepared {
    /// True when any row is in error.
    pub fn has_errors(&self) -> bool {
        self.plan.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Reads `<root>/import.yaml` if there is one.
pub fn load_mapping(root: &Path) -> Result<(Mapping, Diagnostics)> {
    let path = root.join(MAPPING_FILE);
    let mut diags = Diagnostics::default();
    if !path.is_file() {
        return Ok((Mapping::default(), diags));
    }
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mapping = columns::parse_mapping(text.trim_start_matches('\u{feff}'), &mut diags);
    Ok((mapping, diags))
}

/// Reads the ledger and works out every change against the valid `board`, then checks
/// the resulting content with the normal validation. Writes nothing.
pub fn prepare(raw: &RawContent, board: &Board, mapping: &Mapping, req: &Request<'_>) -> Result<Prepared> {
    let file = req.ledger.file_name().map_or_else(|| req.ledger.display().to_string(), |n| n.to_string_lossy().into());
    let sheets = sheets::read(req.ledger)?;
    let (sheet, table) = table(&sheets, mapping, req.sheet.as_deref().or(mapping.sheet.as_deref()), &file)?;
    let (rows, total) = sheets::data_rows(sheet, &table);
    let detected = detect_month(req.ledger, sheet, &table, &rows);
    let month = match (req.month, &detected) {
        (Some(m), _) => m,
        (None, Ok(m)) => *m,
        (None, Err(e)) => bail!("{e}"),
    };
    let named = detected.ok().filter(|d| *d != month);
    let month_note = named.map(|d| format!("the ledger names {d}, but its figures are imported as {month} (--month)"));
    refuse_unread_investment(&table, sheet, &file)?;
    // A header such as 「形象进度(%)」 says nothing of the cells: Excel shows 0.45 as 45%.
    let percent_fraction = values::percent_column_is_fraction(rows.iter().map(|r| r.get(Field::Percent)));
    let column_headers = table.headers.iter().map(|h| h.split_whitespace().collect()).collect();
    let cols = Columns { heads: table.heads.clone(), column_headers, percent_fraction, month };
    let loc = |row| Loc { file: file.clone(), sheet: sheet.name.clone(), row };
    let mut problems = Vec::new();
    let records: Vec<records::Record> = rows
        .iter()
        .filter_map(|row| records::read_row(row, loc(row.number), &cols, &board.site, mapping, &mut problems))
        .collect();
    let mut notes = Vec::new();
    // Only a sheet whose rows were all read is compared with its total.
    if let Some(t) = total.filter(|_| problems.is_empty()) {
        totals::compare(&t, loc(t.row.number), &records, &cols, &board.site, &mut problems, &mut notes);
    }
    let named_ignored = |h: &&str| mapping.columns.get(&columns::normalize(h)) == Some(&None);
    let ignored = table.ignored().into_iter().filter(|h| !named_ignored(h)).map(str::to_string).collect();
    let summary = SheetSummary { name: sheet.name.clone(), rows: rows.len(), ignored };
    notes.extend(marker_note(&records));
    let sources: BTreeMap<String, String> = raw.projects.iter().map(|s| (s.path.clone(), s.text.clone())).collect();
    let plan_year = table.column_of(Field::AnnualPlan).and_then(|c| table.heads[c].year).unwrap_or(month.year);
    let ctx = records::Ctx { board, sources: &sources, month, plan_year, update_details: req.update_details };
    let mut plan = records::plan(records, &ctx);
    plan.problems.splice(0..0, problems);
    let read_ok = !plan.problems.iter().any(|p| p.severity == Severity::Error);
    let review = if read_ok { check_result(raw, board, month, &mut plan) } else { None };
    plan.problems.sort_by(|a, b| (&a.loc.sheet, a.loc.row).cmp(&(&b.loc.sheet, b.loc.row)));
    Ok(Prepared { month, month_note, sheets: vec![summary], plan, notes, review })
}

/// One note for the markers taken off names (★ 省重点, ● 新开工 …, as the ledger's key says).
fn marker_note(records: &[records::Record]) -> Option<String> {
    let marked: Vec<&records::Record> = records.iter().filter(|r| !r.markers.is_empty()).collect();
    let first = marked.first()?;
    let marks: BTreeSet<char> = marked.iter().flat_map(|r| r.markers.iter().copied()).collect();
    let marks: String = marks.into_iter().collect();
    Some(format!(
        "took the marks {marks} off {} (first 「{}」, {}): the project files keep the names without them",
        if marked.len() == 1 { "1 name".to_string() } else { format!("{} names", marked.len()) },
        first.name,
        first.loc.label()
    ))
}

/// The sheet to import with its table: the named one, else the one sheet with a
/// header row. Several sheets with tables are refused: offices list the same projects
/// by zone, by area and by sector, and importing them all would count them twice.
fn table<'s>(sheets: &'s [Sheet], mapping: &Mapping, only: Option<&str>, file: &str) -> Result<(&'s Sheet, Table)> {
    let names: Vec<&str> = sheets.iter().filter_map(|s| s.name.as_deref()).collect();
    let chosen: Vec<&Sheet> = match only {
        Some(name) if sheets.iter().any(|s| s.name.is_some()) => {
            let Some(s) = sheets.iter().find(|s| s.name.as_deref() == Some(name)) else {
                bail!("{file} has no sheet 「{name}」; its sheets are: {}", names.join(", "));
            };
            vec![s]
        }
        _ => sheets.iter().collect(),
    };
    let mut found: Vec<(&Sheet, Table)> =
        chosen.into_iter().filter_map(|s| sheets::find_table(s, mapping).map(|t| (s, t))).collect();
    if found.is_empty() {
        let headers =
            [Field::Name, Field::District, Field::Invested, Field::Percent].map(|f| columns::column(f).zh).join("、");
        bail!(
            "{file}: found no header row naming 项目名称 and two more known columns ({headers} …) in the first rows; \
             if the ledger uses other headers, map them in {MAPPING_FILE} (see the README, \"Importing the monthly ledger\")"
        );
    }
    if found.len() > 1 {
        let with: Vec<String> = found.iter().filter_map(|(s, _)| s.name.as_ref().map(|n| format!("「{n}」"))).collect();
        bail!(
            "{file}: {} sheets have project tables ({}); they may list the same projects in other views, \
             so nothing was imported. Import one with --sheet NAME, e.g. --sheet {}, or set `sheet:` in {MAPPING_FILE}",
            found.len(),
            with.join(", "),
            found[0].0.name.as_deref().unwrap_or_default()
        );
    }
    Ok(found.remove(0))
}

/// A ledger without a column of the investment completed, 本月 or 1–N月, would import
/// every month's investment as 0: a wrong figure shown with confidence, so the import
/// stops and names the columns it could not read.
fn refuse_unread_investment(table: &Table, sheet: &Sheet, file: &str) -> Result<()> {
    if table.column_of(Field::Invested).is_some() || table.column_of(Field::Ytd).is_some() {
        return Ok(());
    }
    let looks_like = |h: &&str| h.contains("投资") && !h.contains("计划") && !h.contains("总投资");
    let candidates: Vec<String> = table
        .ignored()
        .into_iter()
        .filter(looks_like)
        .map(|h| format!("「{}」", h.split_whitespace().collect::<String>()))
        .collect();
    let sheet = sheet.name.as_ref().map(|n| format!(" sheet 「{n}」")).unwrap_or_default();
    let found = if candidates.is_empty() {
        "no column of the investment completed".to_string()
    } else {
        format!("no column of the investment completed it can read for sure (not imported: {})", candidates.join(", "))
    };
    bail!(
        "{file}{sheet}: {found}; nothing was written, since the investment would read as 0. Name the month's \
         column (本月完成投资) `invested` or the year-to-date one (1–N月累计完成投资) `ytd_invested` under \
         `columns:` in {MAPPING_FILE}"
    )
}

/// The report month: the year and month of the title (「南平市2010年1-3月…」), else of the
/// figure columns (「2010年1-7月完成投资」; the last 1–N月 column with figures in an export
/// with one per month), of a 年份 column, of the sheet name or of the file name. Never the
/// year of a 「至2009年底累计」 column.
fn detect_month(path: &Path, sheet: &Sheet, table: &Table, rows: &[sheets::Row]) -> Result<Month> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let (mut year, mut month) = values::month_in(&sheets::title_text(sheet, table));
    let figure = |c: &usize| matches!(table.heads[*c].field, Some(Field::Invested | Field::Ytd));
    let figure_cols: Vec<usize> = (0..table.heads.len()).filter(figure).collect();
    let filled = |c: usize| rows.iter().any(|r| r.cells.iter().any(|(col, _, cell)| *col == c && !cell.is_empty()));
    month = month.or_else(|| figure_cols.iter().filter(|&&c| filled(c)).filter_map(|&c| table.heads[c].month).max());
    year = year.or_else(|| figure_cols.iter().find_map(|&c| table.heads[c].year));
    year = year.or_else(|| {
        let c = table.column_of(Field::Year)?;
        let cell = rows.iter().find_map(|r| r.cells.iter().find(|(col, _, x)| *col == c && !x.is_empty()))?;
        cell.2.text()?.trim().trim_end_matches('年').parse().ok().filter(|y| (1949..=2100).contains(y))
    });
    for t in [sheet.name.clone().unwrap_or_default(), stem] {
        let (y, m) = values::month_in(&t);
        year = year.or(y);
        month = month.or(m);
    }
    let found = match (year, month) {
        (Some(year), Some(month)) => return Ok(Month { year, month }),
        (Some(y), None) => format!(" (it names the year {y} but no month)"),
        (None, Some(m)) => format!(" (it names {m}月 but no year)"),
        (None, None) => String::new(),
    };
    bail!(
        "cannot tell which month the ledger reports from its title, headers, sheet name or file name{found}: \
         pass --month YYYY-MM, e.g. --month 2026-10"
    )
}

/// Runs the normal validation over the content as it would be after the import and
/// reports its problems in the changed files at the rows they came from; when it is
/// valid, the review of what changes.
fn check_result(raw: &RawContent, board: &Board, month: Month, plan: &mut Plan) -> Option<review::Review> {
    let mut after = raw.clone();
    // By path, so that a ledger of many rows takes time in proportion to its rows.
    let mut index: HashMap<String, usize> =
        after.projects.iter().enumerate().map(|(i, s)| (s.path.clone(), i)).collect();
    for c in &plan.changes {
        let stem = c.path.trim_start_matches("content/projects/").trim_end_matches(".yaml").to_string();
        match index.get(&c.path) {
            Some(&i) => after.projects[i].text.clone_from(&c.text),
            None => {
                index.insert(c.path.clone(), after.projects.len());
                after.projects.push(Source { path: c.path.clone(), stem, text: c.text.clone() });
            }
        }
    }
    after.projects.sort_by(|a, b| a.path.cmp(&b.path));
    let (after_board, diags) = crate::validate::validate(&after);
    let changed: HashMap<&str, &records::Change> = plan.changes.iter().map(|c| (c.path.as_str(), c)).collect();
    for d in diags.sorted() {
        let Some(c) = changed.get(d.file.as_str()) else { continue };
        let message = format!("{}:{}:{} would read: {}", d.file, d.pos.line, d.pos.col, d.message);
        plan.problems.push(Problem { loc: c.loc.clone(), severity: d.severity, message, help: d.help.clone() });
    }
    let paths = plan.changes.iter().map(|c| c.path.as_str()).collect();
    after_board.map(|a| review::review(board, &a, month, &paths))
}

/// Writes every changed file, all or nothing: each new text goes to a temporary file
/// beside its target and is synced; only when every one is written are they renamed
/// over their targets. On any error the temporary files are removed and no file changes.
pub fn write(root: &Path, plan: &Plan) -> Result<()> {
    let targets: Vec<std::path::PathBuf> = plan.changes.iter().map(|c| root.join(&c.path)).collect();
    if let Some(path) = targets.iter().find(|path| path.exists() && !path.is_file()) {
        bail!("{} is not a regular file; nothing was written", path.display());
    }
    let mut temps = Vec::new();
    let written = plan
        .changes
        .iter()
        .zip(&targets)
        .try_for_each(|(c, path)| write_temp(path, &c.text, &mut temps))
        .map_err(|e| e.context("nothing was written"))
        .and_then(|()| {
            let mut renames = temps.iter().zip(&targets);
            renames.try_for_each(|(tmp, path)| {
                fs::rename(tmp, path).with_context(|| format!("writing {}", path.display()))
            })
        });
    if written.is_err() {
        temps.iter().for_each(|t| drop(fs::remove_file(t)));
    }
    written
}

/// Writes `text` to a synced temporary file beside `path`, recorded in `temps`.
fn write_temp(path: &Path, text: &str, temps: &mut Vec<std::path::PathBuf>) -> Result<()> {
    use std::io::Write as _;
    let dir = path.parent().expect("under content/projects");
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = path.file_name().expect("a file").to_string_lossy();
    let tmp = dir.join(format!(".{name}.import-{}", std::process::id()));
    let mut f = fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
    temps.push(tmp.clone());
    f.write_all(text.as_bytes()).and_then(|()| f.sync_all()).with_context(|| format!("writing {}", tmp.display()))
}
