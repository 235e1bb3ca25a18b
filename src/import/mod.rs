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
pub mod ledger;
pub mod records;
pub mod values;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

use crate::content::{RawContent, Source};
use crate::diag::{render_problem, Diagnostics, Severity};
use crate::model::Board;
use crate::num::Month;
use columns::{Field, Mapping, MAPPING_FILE};
use ledger::{Sheet, Table};
use records::{Columns, Plan};

/// Where a row is: the ledger file's name, the sheet (none in CSV) and the 1-based row.
#[derive(Clone, Debug, PartialEq, Eq)]
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
        match &self.sheet {
            Some(s) => format!("{}: sheet 「{s}」 row {}", self.file, self.row),
            None => format!("{}: row {}", self.file, self.row),
        }
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
    let sheets = ledger::read(req.ledger)?;
    let tables = tables(&sheets, mapping, req.sheet.as_deref().or(mapping.sheet.as_deref()), &file)?;
    let detected = detect_month(req.ledger, tables[0].0, &tables[0].1);
    let month = match (req.month, &detected) {
        (Some(m), _) => m,
        (None, Ok(m)) => *m,
        (None, Err(e)) => bail!("{e}"),
    };
    let month_note = match detected {
        Ok(d) if d != month => Some(format!("the ledger names {d}, but its figures are imported as {month} (--month)")),
        _ => None,
    };
    let mut problems = Vec::new();
    let mut records = Vec::new();
    let mut summaries = Vec::new();
    for (sheet, table) in &tables {
        let rows = ledger::data_rows(sheet, table);
        let cols = columns_of(table, &rows);
        for row in &rows {
            let loc = Loc { file: file.clone(), sheet: sheet.name.clone(), row: row.number };
            records.extend(records::read_row(row, loc, &cols, &board.site, mapping, &mut problems));
        }
        let named_ignored = |h: &&str| mapping.columns.get(&columns::normalize(h)) == Some(&None);
        let ignored = table.ignored().into_iter().filter(|h| !named_ignored(h)).map(str::to_string).collect();
        summaries.push(SheetSummary { name: sheet.name.clone(), rows: rows.len(), ignored });
    }
    let sources: BTreeMap<String, String> = raw.projects.iter().map(|s| (s.path.clone(), s.text.clone())).collect();
    let ctx = records::Ctx { board, sources: &sources, month, update_details: req.update_details };
    let mut plan = records::plan(records, &ctx);
    plan.problems.splice(0..0, problems);
    if !plan.problems.iter().any(|p| p.severity == Severity::Error) {
        check_result(raw, &mut plan);
    }
    plan.problems.sort_by(|a, b| (&a.loc.sheet, a.loc.row).cmp(&(&b.loc.sheet, b.loc.row)));
    Ok(Prepared { month, month_note, sheets: summaries, plan })
}

/// The sheets to import with their tables: the named one, else every sheet with a header row.
fn tables<'s>(
    sheets: &'s [Sheet],
    mapping: &Mapping,
    only: Option<&str>,
    file: &str,
) -> Result<Vec<(&'s Sheet, Table)>> {
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
    let found: Vec<(&Sheet, Table)> =
        chosen.into_iter().filter_map(|s| ledger::find_table(s, mapping).map(|t| (s, t))).collect();
    if found.is_empty() {
        let headers =
            [Field::Name, Field::District, Field::Invested, Field::Percent].map(|f| columns::column(f).zh).join("、");
        bail!(
            "{file}: found no header row naming 项目名称 and two more known columns ({headers} …) in the first rows; \
             if the ledger uses other headers, map them in {MAPPING_FILE} (see the README, \"Importing the monthly ledger\")"
        );
    }
    Ok(found)
}

/// What the ledger's columns are, with the 形象进度 column's scale read from its numbers.
fn columns_of(table: &Table, rows: &[ledger::Row]) -> Columns {
    let present = table.fields.iter().flatten().copied().collect();
    let headers = table
        .fields
        .iter()
        .zip(&table.headers)
        .filter_map(|(f, h)| f.map(|f| (f, h.split_whitespace().collect::<String>())))
        .collect();
    // A header such as 「形象进度(%)」 says nothing of the cells: Excel shows 0.45 as 45%.
    let percent_fraction = values::percent_column_is_fraction(rows.iter().map(|r| r.get(Field::Percent)));
    Columns { present, headers, percent_fraction }
}

/// The month from the title rows, the sheet name or the file name.
fn detect_month(path: &Path, sheet: &Sheet, table: &Table) -> Result<Month> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let texts = [ledger::title_text(sheet, table), sheet.name.clone().unwrap_or_default(), stem];
    let (mut year, mut month) = (None, None);
    for t in &texts {
        let (y, m) = values::month_in(t);
        year = year.or(y);
        month = month.or(m);
    }
    if let Some(m) = values::month_of(year, month) {
        return Ok(m);
    }
    let found = match (year, month) {
        (Some(y), None) => format!(" (it names the year {y} but no month)"),
        (None, Some(m)) => format!(" (it names {m}月 but no year)"),
        _ => String::new(),
    };
    bail!(
        "cannot tell which month the ledger reports from its title, sheet name or file name{found}: \
         pass --month YYYY-MM, e.g. --month 2026-10"
    )
}

/// Runs the normal validation over the content as it would be after the import and
/// reports its problems in the changed files at the rows they came from.
fn check_result(raw: &RawContent, plan: &mut Plan) {
    let mut after = raw.clone();
    for c in &plan.changes {
        let stem = c.path.trim_start_matches("content/projects/").trim_end_matches(".yaml").to_string();
        match after.projects.iter_mut().find(|s| s.path == c.path) {
            Some(s) => s.text.clone_from(&c.text),
            None => after.projects.push(Source { path: c.path.clone(), stem, text: c.text.clone() }),
        }
    }
    after.projects.sort_by(|a, b| a.path.cmp(&b.path));
    let (_, diags) = crate::validate::validate(&after);
    for d in diags.sorted() {
        let Some(c) = plan.changes.iter().find(|c| c.path == d.file) else { continue };
        let message = format!("{}:{}:{} would read: {}", d.file, d.pos.line, d.pos.col, d.message);
        plan.problems.push(Problem { loc: c.loc.clone(), severity: d.severity, message, help: d.help.clone() });
    }
}

/// Writes every changed file, each one atomically (a temporary file renamed over it).
pub fn write(root: &Path, plan: &Plan) -> Result<()> {
    for c in &plan.changes {
        let path = root.join(&c.path);
        let dir = path.parent().expect("under content/projects");
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let name = path.file_name().expect("a file").to_string_lossy();
        let tmp = dir.join(format!(".{name}.import-{}", std::process::id()));
        fs::write(&tmp, &c.text).with_context(|| format!("writing {}", tmp.display()))?;
        fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
