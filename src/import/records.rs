//! Ledger rows → project records: each row read into typed values, matched to a project
//! by name, and turned into a new file or one month's entry in an existing file.

use std::collections::{BTreeMap, BTreeSet};

use super::columns::{column, Field, Header, Mapping, MoneyUnit, DEFAULTABLE, MAPPING_FILE};
use super::edit::{self, scalar};
use super::sheets::{Cell, Row};
use super::values::{self, When};
use super::{Loc, Problem};
use crate::diag::suggest;
use crate::model::{Board, Entry, Lang, Project, Site, Stage};
use crate::num::{Decimal, Month};

/// One ledger row, read.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// Where it came from.
    pub loc: Loc,
    /// 项目名称, trimmed, without markers.
    pub name: String,
    /// The markers taken off the name (★, ●).
    pub markers: Vec<char>,
    district: Option<String>,
    category: Option<String>,
    level: Option<String>,
    leader: Option<String>,
    unit: Option<String>,
    owner: Option<String>,
    start: Option<When>,
    deadline: Option<When>,
    total: Option<Decimal>,
    plan: Option<Decimal>,
    prior: Option<Decimal>,
    /// The investment figures by month: the report month's, and earlier months' where
    /// the ledger has a column per month (1月, 1-2月 … 1-N月).
    figures: BTreeMap<Month, Figures>,
    /// Of the report month.
    percent: Option<Decimal>,
    physical: Option<String>,
    stage: Option<Stage>,
    /// 本月进展, 存在问题, 下步打算: `None` when the ledger has no such column.
    texts: [Option<Option<String>>; 3],
}

/// A month's investment in a ledger row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// 本月完成投资.
    pub invested: Option<Decimal>,
    /// 1–N月累计完成投资.
    pub ytd: Option<Decimal>,
}

impl Record {
    /// The months the row gives an entry for, with the report month's figures.
    pub fn months(&self, report: Month) -> Vec<Month> {
        let given = self.figures.iter().filter(|(_, f)| f.invested.is_some() || f.ytd.is_some()).map(|(m, _)| *m);
        let progress = (self.percent.is_some() || self.physical.is_some()).then_some(report);
        given.chain(progress).collect::<BTreeSet<_>>().into_iter().collect()
    }

    /// An amount the row gives: a project detail, or a month's figure.
    pub fn amount(&self, f: Field, m: Month) -> Option<Decimal> {
        match f {
            Field::TotalInvestment => self.total,
            Field::AnnualPlan => self.plan,
            Field::PriorInvested => self.prior,
            Field::Ytd => self.figures.get(&m).and_then(|x| x.ytd),
            Field::Invested => self.figures.get(&m).and_then(|x| x.invested),
            _ => None,
        }
    }
}

/// What the ledger's columns are, for reading rows.
pub struct Columns {
    /// What each column's headers say, by column.
    pub heads: Vec<Header>,
    /// Header text of each column.
    pub column_headers: Vec<String>,
    /// Plain numbers in the 形象进度 column are fractions (0.45 = 45%).
    pub percent_fraction: bool,
    /// The month the ledger reports.
    pub month: Month,
}

impl Columns {
    /// Whether a column holds the field.
    fn has(&self, f: Field) -> bool {
        self.heads.iter().any(|h| h.field == Some(f))
    }

    /// The header text of the field's (first) column, for messages.
    fn header(&self, f: Field) -> String {
        let col = self.heads.iter().position(|h| h.field == Some(f));
        col.map_or_else(|| column(f).zh.to_string(), |c| self.column_headers[c].clone())
    }

    /// The month of a figure column: its header's (the report month's year), else the report month.
    pub fn month_of(&self, col: usize) -> Month {
        self.heads.get(col).and_then(|h| h.month).map_or(self.month, |m| Month { year: self.month.year, month: m })
    }
}

const TEXT_FIELDS: [Field; 3] = [Field::Note, Field::Problems, Field::Next];

/// Reads a row; problems go to `problems`. `None` when the row cannot be used.
pub fn read_row(
    row: &Row,
    loc: Loc,
    cols: &Columns,
    site: &Site,
    mapping: &Mapping,
    problems: &mut Vec<Problem>,
) -> Option<Record> {
    let before = problems.len();
    let err_at = |problems: &mut Vec<Problem>, what: String, message: String, help: String| {
        problems.push(Problem::error(loc.clone(), format!("{what} {message}"), Some(help)));
    };
    let text = |f: Field| row.get(f).text().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let default = |f: Field| mapping.defaults.get(&f).cloned();
    let with_default = |f: Field| text(f).or_else(|| default(f));
    let Some((name, markers)) = text(Field::Name).map(|n| values::strip_markers(&n)).filter(|(n, _)| !n.is_empty())
    else {
        let help = "write the project's name, or delete the row".to_string();
        err_at(problems, cols.header(Field::Name), "is empty".into(), help);
        return None;
    };
    let mut r = Record { name, markers, ..Record::default() };
    let amount_at = |problems: &mut Vec<Problem>, col: usize, cell: &Cell| -> Option<Decimal> {
        let what = cols.column_headers.get(col).cloned().unwrap_or_default();
        read_amount(cell, cols.heads.get(col), site).unwrap_or_else(|m| {
            err_at(problems, what, m, format!("write a number of {}, e.g. 1200", site.money_unit));
            None
        })
    };
    let single = |problems: &mut Vec<Problem>, f: Field| {
        let (col, cell) = row.all(f).next()?;
        amount_at(problems, col, cell)
    };
    r.total = single(problems, Field::TotalInvestment);
    r.plan = single(problems, Field::AnnualPlan);
    r.prior = single(problems, Field::PriorInvested);
    for f in [Field::Invested, Field::Ytd] {
        for (col, cell) in row.all(f) {
            let v = amount_at(problems, col, cell);
            let slot = r.figures.entry(cols.month_of(col)).or_default();
            *if f == Field::Invested { &mut slot.invested } else { &mut slot.ytd } = v;
        }
    }
    r.figures.retain(|_, f| f.invested.is_some() || f.ytd.is_some());
    // 形象进度: a percentage, or words (with the percentage they state for the whole project).
    (r.percent, r.physical) = match values::percent(row.get(Field::Percent), cols.percent_fraction) {
        Ok(Some(p)) if p.is_negative() || p > Decimal::from_int(100) => {
            let help = "write the percent complete, e.g. 45%".to_string();
            err_at(problems, cols.header(Field::Percent), format!("「{p}%」 is outside 0–100%"), help);
            (None, None)
        }
        Ok(v) => (v, None),
        Err(_) => (None, row.get(Field::Percent).text().map(|t| t.trim().to_string())),
    };
    r.physical = r.physical.or_else(|| text(Field::Physical));
    r.percent = r.percent.or_else(|| r.physical.as_deref().and_then(values::whole_percent));
    let when = |problems: &mut Vec<Problem>, what: String, cell: &Cell| {
        values::when(cell).unwrap_or_else(|m| {
            err_at(problems, what, m, "write a month or a date, e.g. 2026-03, 2026年3月 or 2026-03-31".into());
            None
        })
    };
    r.start = when(problems, cols.header(Field::Start), row.get(Field::Start));
    r.deadline = when(problems, cols.header(Field::Deadline), row.get(Field::Deadline));
    let (start, deadline) = values::period(row.get(Field::Period)).unwrap_or_else(|m| {
        let help = "write the years as 2009-2011 or the months as 2009.10-2011.3".to_string();
        err_at(problems, cols.header(Field::Period), m, help);
        (None, None)
    });
    r.start = r.start.or(start.map(When::Month));
    r.deadline = r.deadline.or(deadline);
    for (f, slot) in [(Field::Start, &mut r.start), (Field::Deadline, &mut r.deadline)] {
        if let (None, Some(d)) = (*slot, mapping.defaults.get(&f)) {
            *slot = when(problems, format!("{MAPPING_FILE} defaults: {}", column(f).key), &Cell::Text(d.clone()));
        }
    }
    let invests = r.figures.values().any(|f| f.invested.or(f.ytd).is_some_and(|d| d > Decimal::ZERO));
    r.stage = match values::stage(row.get(Field::Stage)) {
        Ok(Some(s)) => Some(s),
        Ok(None) => values::nature_stage(row.get(Field::Nature), invests)
            .unwrap_or_else(|m| {
                let help = format!("write 新开工, 续建, 竣工 or 前期, or map the column to `ignore` in {MAPPING_FILE}");
                err_at(problems, cols.header(Field::Nature), m, help);
                None
            })
            .or_else(|| section_stage(row, invests)),
        Err(m) => {
            let words: Vec<&str> = Stage::ALL.iter().map(|s| values::stage_label(*s, Lang::ZhCn)).collect();
            err_at(problems, cols.header(Field::Stage), m, format!("write one of {}", words.join("、")));
            None
        }
    };
    let report = r.figures.get(&cols.month).copied().unwrap_or_default();
    if (r.percent.is_some() || r.physical.is_some()) && report.invested.is_none() && report.ytd.is_none() {
        let month_column = cols
            .heads
            .iter()
            .any(|h| h.field == Some(Field::Invested) && h.month.is_none_or(|m| m == cols.month.month));
        if month_column {
            // An empty 本月完成投资 next to a 形象进度: nothing invested this month.
            r.figures.insert(cols.month, Figures { invested: Some(Decimal::ZERO), ytd: None });
        } else {
            let what =
                cols.header([Field::Ytd, Field::Invested].into_iter().find(|f| cols.has(*f)).unwrap_or(Field::Ytd));
            let help = "write the investment completed, 0 if none".to_string();
            err_at(problems, what, format!("is empty for {}", cols.month), help);
        }
    }
    let listed = |problems: &mut Vec<Problem>, f: Field, value: Result<Option<String>, (String, String)>| {
        value.unwrap_or_else(|(v, help)| {
            err_at(problems, cols.header(f), format!("「{v}」 is not a {} of site.yaml", column(f).key), help);
            None
        })
    };
    let district = with_default(Field::District).map(|d| district_id(&d, site, mapping).map_err(|help| (d, help)));
    r.district = listed(problems, Field::District, district.transpose());
    // Else the declared category a section heading above the row names (「一、产业项目（20个）」).
    let section =
        row.headings.iter().rev().find_map(|s| site.categories.iter().find(|c| s.contains(c.as_str())).cloned());
    let category = text(Field::Category).or(section).or_else(|| default(Field::Category));
    r.category = listed(problems, Field::Category, declared(category, &site.categories));
    r.level = listed(problems, Field::Level, declared(with_default(Field::Level), &site.levels));
    // A cell 「南平市政府␣␣张兆民」 under 挂点领导 gives the person.
    r.unit = text(Field::Unit).map(|u| values::split_person(&u).0).or_else(|| default(Field::Unit));
    r.leader = text(Field::Leader)
        .map(|l| match values::split_person(&l) {
            (_, Some(person)) => person,
            (whole, None) => values::tidy_person(&whole),
        })
        .or_else(|| default(Field::Leader));
    r.owner = text(Field::Owner).map(|o| values::split_person(&o).0).or_else(|| default(Field::Owner));
    r.texts = TEXT_FIELDS.map(|f| cols.has(f).then(|| text(f)));
    (problems.len() == before).then_some(Record { loc, ..r })
}

/// An amount of money in a column, in the board's `money_unit` (converted exactly from
/// the unit its header names).
pub fn read_amount(cell: &Cell, head: Option<&Header>, site: &Site) -> Result<Option<Decimal>, String> {
    let Some(v) = values::amount(cell)? else { return Ok(None) };
    if v.is_negative() {
        return Err(format!("「{v}」 is negative: amounts are at least 0"));
    }
    match (head.and_then(|h| h.unit), MoneyUnit::of(&site.money_unit)) {
        (Some(from), Some(to)) => values::convert(v, from, to).map(Some),
        (Some(from), None) if from.word() != site.money_unit.trim() => {
            Err(format!("is in {} but the board's money_unit is {}", from.word(), site.money_unit))
        }
        _ => Ok(Some(v)),
    }
}

/// The district id of a ledger's district text: a name from `import.yaml`, an id, a
/// name, or a name without its suffix. The error is a help line.
pub fn district_id(text: &str, site: &Site, mapping: &Mapping) -> Result<String, String> {
    let text = mapping.districts.get(text).map_or(text, String::as_str);
    if let Some(d) = crate::district::resolve(text, &site.districts).for_import() {
        return Ok(d.id.clone());
    }
    let names: Vec<&str> = site.districts.iter().map(|d| d.name.as_str()).collect();
    Err(match suggest(text, names.iter().copied()) {
        Some(s) => format!("did you mean 「{s}」? (or map 「{text}」 under `districts:` in import.yaml)"),
        None => format!("use one of {}, or map 「{text}」 under `districts:` in import.yaml", names.join("、")),
    })
}

/// A category or level checked against the declared list (any text when none is declared).
fn declared(value: Option<String>, list: &[String]) -> Result<Option<String>, (String, String)> {
    let Some(v) = value else { return Ok(None) };
    match crate::diag::unlisted(&v, list) {
        Some(Some(s)) => Err((v, format!("did you mean 「{s}」?"))),
        Some(None) => Err((v, format!("use one of {}", list.join("、")))),
        None => Ok(Some(v)),
    }
}

/// The stage a heading above the row names: 「（一）在建（11项）」, 「预备项目」.
fn section_stage(row: &Row, invests: bool) -> Option<Stage> {
    row.headings.iter().rev().find_map(|h| {
        let words = ["在建", "续建", "新开工", "竣工", "前期", "预备"];
        let w = words.iter().find(|w| h.contains(*w))?;
        values::nature_stage(&Cell::Text((*w).to_string()), invests).ok().flatten()
    })
}

/// What happens to one project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A new project file.
    New,
    /// The month's entry was added to an existing file.
    Added,
    /// The month's entry replaced the one in the file.
    Replaced,
    /// Only project details changed (`--update-details`); the month's entry was as the ledger says.
    Details,
}

/// A file to write.
#[derive(Clone, Debug)]
pub struct Change {
    /// `content/projects/<id>.yaml`.
    pub path: String,
    /// The whole new text.
    pub text: String,
    /// What it is.
    pub kind: Kind,
    /// The project's name.
    pub name: String,
    /// The row it came from.
    pub loc: Loc,
    /// The project details changed (`--update-details`), by column name.
    pub details: Vec<String>,
}

/// Everything the import would do.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Files to write.
    pub changes: Vec<Change>,
    /// Rows of existing projects whose month is already as the ledger says.
    pub unchanged: usize,
    /// Problems found (errors stop the import; warnings do not).
    pub problems: Vec<Problem>,
}

/// What the changes are made against.
pub struct Ctx<'a> {
    /// The valid board.
    pub board: &'a Board,
    /// Every project file's text, by `content/projects/<id>.yaml`.
    pub sources: &'a BTreeMap<String, String>,
    /// The month the ledger reports.
    pub month: Month,
    /// The year of the ledger's annual plan column.
    pub plan_year: i32,
    /// Write the ledger's project details where they differ from a project file.
    pub update_details: bool,
}

/// Turns the records into changes against the board.
pub fn plan(records: Vec<Record>, ctx: &Ctx<'_>) -> Plan {
    let board = ctx.board;
    let mut plan = Plan::default();
    let mut taken: BTreeSet<String> = board.projects.iter().map(|p| p.id.clone()).collect();
    let mut seen: BTreeMap<String, Loc> = BTreeMap::new();
    let mut missing: BTreeMap<Field, Vec<Loc>> = BTreeMap::new();
    for r in records {
        if let Some(first) = seen.get(&r.name) {
            let help = format!("keep one row for 「{}」 (the other is {})", r.name, first.label());
            plan.problems.push(Problem::error(r.loc.clone(), format!("「{}」 appears twice", r.name), Some(help)));
            continue;
        }
        seen.insert(r.name.clone(), r.loc.clone());
        let same: Vec<&Project> = board.projects.iter().filter(|p| p.name.trim() == r.name).collect();
        match same.as_slice() {
            [] => new_project(&r, ctx, &mut taken, &mut missing, &mut plan),
            [p] => existing(&r, p, ctx, &mut plan),
            many => {
                let ids: Vec<String> = many.iter().map(|p| format!("{}.yaml", p.id)).collect();
                let msg = format!("{} projects are named 「{}」: {}", many.len(), r.name, ids.join(", "));
                let help = "give the projects different names".to_string();
                plan.problems.push(Problem::error(r.loc.clone(), msg, Some(help)));
            }
        }
    }
    plan.problems.extend(missing.iter().map(|(field, locs)| missing_problem(*field, locs)));
    plan
}

/// One error for a field that new projects lack, at the first such row, naming the
/// headers and the `import.yaml` default that would supply it.
fn missing_problem(field: Field, locs: &[Loc]) -> Problem {
    let col = column(field);
    let rows: Vec<String> = locs.iter().take(8).map(|l| l.row.to_string()).collect();
    let more = if locs.len() > rows.len() { " …" } else { "" };
    let (projects, have) = match locs.len() {
        1 => ("1 new project (row".to_string(), "has"),
        n => (format!("{n} new projects (rows"), "have"),
    };
    let msg = format!("{projects} {}{more}) {have} no {} ({})", rows.join(", "), col.zh, col.key);
    let headers: Vec<&str> = std::iter::once(col.zh).chain(col.aliases.iter().copied().take(3)).collect();
    let default = format!(", or give every row one in {MAPPING_FILE}: `defaults: {{ {}: … }}`", col.key);
    let default = if DEFAULTABLE.contains(&field) { default.as_str() } else { "" };
    let help = format!("add a column 「{}」{default}", headers.join("」/「"));
    Problem::error(locs[0].clone(), msg, Some(help))
}

/// The entry the row gives for `month`, given the project's entries (empty for a new
/// one). `None` when the row gives no figures for the month. Amounts are the ledger's
/// alone; what it does not say (a 形象进度, a note) is kept from the entry it replaces.
fn entry_of(r: &Record, progress: &[Entry], month: Month, report: Month) -> Option<Entry> {
    let fig = r.figures.get(&month).copied().unwrap_or_default();
    let latest = month == report;
    if fig.invested.is_none() && fig.ytd.is_none() && !(latest && (r.percent.is_some() || r.physical.is_some())) {
        return None;
    }
    let old = progress.iter().find(|e| e.month == month);
    let inherited = progress.iter().filter(|e| e.month < month).rev().find_map(|e| e.stage);
    // A new project's stage holds from its first month (续建 in January as in April);
    // an existing one's changes in the report month.
    // A 新开工 project starts in its first month with investment.
    let first = || r.months(report).first().copied();
    let stage_month = if !progress.is_empty() {
        Some(report)
    } else if r.stage == Some(Stage::Started) {
        let investing = r.figures.iter().find(|(_, f)| f.invested.or(f.ytd).is_some_and(|d| d > Decimal::ZERO));
        investing.map(|(m, _)| *m).or_else(first)
    } else {
        first()
    };
    let stage = match r.stage.filter(|_| stage_month == Some(month)) {
        None => old.and_then(|e| e.stage),
        Some(s) if old.and_then(|e| e.stage) == Some(s) => Some(s),
        Some(s) if inherited.unwrap_or(Stage::Planning) == s => None,
        Some(s) => Some(s),
    };
    let text = |i: usize, keep: Option<&String>| r.texts[i].clone().filter(|_| latest).unwrap_or_else(|| keep.cloned());
    let physical = r.physical.clone().filter(|_| latest).or_else(|| old.and_then(|e| e.physical_progress.clone()));
    Some(Entry {
        stage,
        percent: r.percent.filter(|_| latest).or(old.and_then(|e| e.percent)),
        physical_progress: physical,
        invested: fig.invested,
        ytd_invested: fig.ytd,
        note: text(0, old.and_then(|e| e.note.as_ref())),
        problems: text(1, old.and_then(|e| e.problems.as_ref())),
        next: text(2, old.and_then(|e| e.next.as_ref())),
        status: old.and_then(|e| e.status),
        status_note: old.and_then(|e| e.status_note.clone()),
        ..Entry::blank(month)
    })
}

fn existing(r: &Record, p: &Project, ctx: &Ctx<'_>, plan: &mut Plan) {
    let path = format!("content/projects/{}.yaml", p.id);
    let mut text = ctx.sources.get(&path).cloned().unwrap_or_default();
    let mut details = Vec::new();
    let fail = |plan: &mut Plan, msg: String| {
        plan.problems.push(Problem::error(r.loc.clone(), msg, Some("edit the project file by hand".into())));
    };
    for d in differences(r, p, ctx) {
        if !ctx.update_details {
            let file = d.file.map_or_else(|| "nothing".to_string(), |f| format!("「{f}」"));
            let msg = format!("{} is 「{}」 here but {file} in {path}; the project file is kept", d.what, d.ledger);
            let help = format!("pass --update-details to take the ledger's value, or edit {path}");
            plan.problems.push(Problem::warning(r.loc.clone(), msg, Some(help)));
            continue;
        }
        let edited = match d.field {
            Field::AnnualPlan => edit::set_annual_plan(&text, ctx.plan_year, &d.yaml),
            f => edit::set_field(&text, column(f).key, &d.yaml),
        };
        match edited {
            Ok(t) => {
                text = t;
                details.push(d.what);
            }
            Err(why) => fail(plan, format!("cannot change {} in {path}: {why}", d.what)),
        }
    }
    let (mut added, mut replaced) = (0, 0);
    for month in r.months(ctx.month) {
        let Some(entry) = entry_of(r, &p.progress, month, ctx.month) else { continue };
        let old = p.progress.iter().find(|e| e.month == month);
        if old.is_some_and(|o| same_entry(o, &entry)) {
            continue;
        }
        match edit::put_entry(&text, &entry) {
            Ok(t) => text = t,
            Err(why) => return fail(plan, format!("cannot put {month} into {path}: {why}")),
        }
        *if old.is_some() { &mut replaced } else { &mut added } += 1;
    }
    let kind = match (added, replaced) {
        (0, 0) if details.is_empty() => {
            plan.unchanged += 1;
            return;
        }
        (0, 0) => Kind::Details,
        (0, _) => Kind::Replaced,
        _ => Kind::Added,
    };
    plan.changes.push(Change { path, text, kind, name: r.name.clone(), loc: r.loc.clone(), details });
}

/// Equal but for white space around texts, which a ledger cell does not keep
/// (a `note: |` block ends in a line break).
fn same_entry(a: &Entry, b: &Entry) -> bool {
    let trim = |e: &Entry| {
        let t = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_string());
        Entry {
            note: t(&e.note),
            problems: t(&e.problems),
            next: t(&e.next),
            status_note: t(&e.status_note),
            physical_progress: t(&e.physical_progress),
            ytd: Decimal::ZERO,
            added: Decimal::ZERO,
            ..e.clone()
        }
    };
    trim(a) == trim(b)
}

/// A project detail on which the ledger and the project file differ.
struct Difference {
    field: Field,
    /// The column's name (with the year for the annual plan).
    what: String,
    /// The ledger's value and the file's (none when the file lacks the field), as shown.
    ledger: String,
    file: Option<String>,
    /// The ledger's value as written in a project file.
    yaml: String,
}

/// Where the ledger's project details differ from the project file.
fn differences(r: &Record, p: &Project, ctx: &Ctx<'_>) -> Vec<Difference> {
    let site = &ctx.board.site;
    let name = |id: &str| site.district(id).map_or(id.to_string(), |d| d.name.clone());
    let mut diffs = Vec::new();
    let mut cmp = |field: Field, ledger: Option<(String, String)>, file: Option<String>| {
        let Some((shown, yaml)) = ledger else { return };
        if Some(&shown) != file.as_ref() {
            let what = if field == Field::AnnualPlan {
                format!("{} {}", ctx.plan_year, column(field).zh)
            } else {
                column(field).zh.into()
            };
            diffs.push(Difference { field, what, ledger: shown, file, yaml });
        }
    };
    let text = |v: &Option<String>| v.as_ref().map(|v| (v.clone(), scalar(v)));
    let amount = |d: Option<Decimal>| d.map(|d| (d.to_string(), d.to_string()));
    cmp(Field::District, r.district.as_ref().map(|d| (name(d), scalar(d))), Some(name(&p.district)));
    cmp(Field::Category, text(&r.category), p.category.clone());
    cmp(Field::Level, text(&r.level), p.level.clone());
    cmp(Field::Leader, text(&r.leader), Some(p.leader.clone()));
    cmp(Field::Unit, text(&r.unit), Some(p.unit.clone()));
    cmp(Field::Owner, text(&r.owner), p.owner.clone());
    cmp(Field::Start, r.start.map(|w| (w.month().to_string(), w.month().to_string())), p.start.map(|m| m.to_string()));
    cmp(Field::Deadline, r.deadline.map(|w| (w.deadline().to_string(), w.yaml())), Some(p.deadline.to_string()));
    cmp(Field::TotalInvestment, amount(r.total), p.total_investment.map(|d| d.to_string()));
    cmp(Field::AnnualPlan, amount(r.plan), p.annual_plan.get(&ctx.plan_year).map(std::string::ToString::to_string));
    cmp(Field::PriorInvested, amount(r.prior), p.prior_invested.map(|d| d.to_string()));
    diffs
}

fn new_project(
    r: &Record,
    ctx: &Ctx<'_>,
    taken: &mut BTreeSet<String>,
    missing: &mut BTreeMap<Field, Vec<Loc>>,
    plan: &mut Plan,
) {
    let (board, site) = (ctx.board, &ctx.board.site);
    let needs = [
        (Field::District, r.district.is_some()),
        (Field::Category, r.category.is_some() || site.categories.is_empty()),
        (Field::Level, r.level.is_some() || site.levels.is_empty()),
        (Field::Leader, r.leader.is_some()),
        (Field::Unit, r.unit.is_some()),
        (Field::Deadline, r.deadline.is_some()),
    ];
    let lacking: Vec<Field> = needs.iter().filter(|(_, has)| !has).map(|(f, _)| *f).collect();
    if let Some(n) = suggest(&r.name, board.projects.iter().map(|p| p.name.as_str())) {
        let msg = format!("new project 「{}」 is named much like the existing 「{n}」", r.name);
        plan.problems.push(if lacking.is_empty() {
            let help = "if it is the same project, write its name exactly as in its project file".to_string();
            Problem::warning(r.loc.clone(), msg, Some(help))
        } else {
            let help = format!("is it the existing project 「{n}」? Write its name exactly as in its project file");
            Problem::error(r.loc.clone(), msg, Some(help))
        });
    }
    if !lacking.is_empty() {
        for f in lacking {
            missing.entry(f).or_default().push(r.loc.clone());
        }
        return;
    }
    let id = new_id(&r.name, taken);
    taken.insert(id.clone());
    plan.changes.push(Change {
        path: format!("content/projects/{id}.yaml"),
        text: project_text(r, ctx),
        kind: Kind::New,
        name: r.name.clone(),
        loc: r.loc.clone(),
        details: Vec::new(),
    });
}

/// A new project file, fields in the order of the demo board's files.
fn project_text(r: &Record, ctx: &Ctx<'_>) -> String {
    let text = |v: &Option<String>| v.as_deref().map(scalar);
    let lines = [
        ("name", Some(scalar(&r.name))),
        ("district", r.district.clone()),
        ("category", text(&r.category)),
        ("level", text(&r.level)),
        ("leader", text(&r.leader)),
        ("unit", text(&r.unit)),
        ("owner", text(&r.owner)),
        ("start", r.start.map(|w| w.month().to_string())),
        ("deadline", r.deadline.map(When::yaml)),
        ("total_investment", r.total.map(|d| d.to_string())),
        ("annual_plan", r.plan.map(|d| format!("{{ {}: {d} }}", ctx.plan_year))),
        ("prior_invested", r.prior.map(|d| d.to_string())),
    ];
    let mut s: String = lines.into_iter().filter_map(|(k, v)| Some(format!("{k}: {}\n", v?))).collect();
    let entries: Vec<Entry> = r.months(ctx.month).into_iter().filter_map(|m| entry_of(r, &[], m, ctx.month)).collect();
    if !entries.is_empty() {
        s.push_str("progress:\n");
        s.extend(entries.iter().map(|e| edit::entry_text(e, "  - ", "    ")));
    }
    s
}

/// Longest generated id, cut at a syllable.
const ID_MAX: usize = 40;

/// A readable ASCII id from a name: the pinyin of its characters joined by `-`
/// (「洛阳智能科技产业园」 → `luo-yang-zhi-neng-ke-ji-chan-ye-yuan`), without a final
/// 「项目」, cut to 40 characters, with `-2`, `-3`… when taken; a short hash when the
/// name has no letters, digits or Chinese characters.
pub fn new_id(name: &str, taken: &BTreeSet<String>) -> String {
    use pinyin::ToPinyin;
    let name = name.trim();
    let name = name.strip_suffix("项目").filter(|n| !n.is_empty()).unwrap_or(name);
    let chars: Vec<char> = name.chars().collect();
    // Runs of ASCII letters and digits, and the pinyin of each other character that has one.
    let words =
        chars.chunk_by(|a, b| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()).filter_map(|run| match run {
            [c, ..] if c.is_ascii_alphanumeric() => Some(run.iter().collect::<String>().to_ascii_lowercase()),
            [c] => c.to_pinyin().map(|p| p.plain().replace('ü', "v")),
            _ => None,
        });
    let mut base = String::new();
    for w in words {
        if !base.is_empty() && base.len() + 1 + w.len() > ID_MAX {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(&w[..w.len().min(ID_MAX)]);
    }
    if base.is_empty() {
        base = format!("p-{}", &blake3::hash(name.as_bytes()).to_hex()[..8]);
    }
    let mut ids = std::iter::once(base.clone()).chain((2..).map(|n| format!("{base}-{n}")));
    ids.find(|id| !taken.contains(id)).expect("an id is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_pinyin_cut_and_deduplicated() {
        let none = BTreeSet::new();
        assert_eq!(new_id("洛阳智能科技产业园", &none), "luo-yang-zhi-neng-ke-ji-chan-ye-yuan");
        assert_eq!(new_id("汉屯路保障性租赁住房建设项目", &none), "han-tun-lu-bao-zhang-xing-zu-lin-zhu");
        assert_eq!(new_id("G310绿化提升", &none), "g310-lv-hua-ti-sheng");
        let taken: BTreeSet<String> = ["lv-hua".to_string(), "lv-hua-2".to_string()].into();
        assert_eq!(new_id("绿化", &taken), "lv-hua-3");
        let odd = new_id("※※", &none);
        assert!(odd.starts_with("p-") && odd.len() == 10, "{odd}");
        assert!(crate::validate::is_id(&new_id(&"长".repeat(60), &none)));
    }

    #[test]
    fn stage_is_written_only_where_it_changes() {
        let r = |stage| Record {
            loc: Loc { file: "l.csv".into(), sheet: None, row: 2 },
            name: "甲".into(),
            percent: Some(Decimal::from_int(10)),
            stage,
            ..Record::default()
        };
        let m = |s: &str| Month::parse(s).unwrap();
        let before = Entry {
            stage: Some(Stage::Construction),
            percent: Some(Decimal::ZERO),
            invested: Some(Decimal::ZERO),
            ..Entry::blank(m("2026-01"))
        };
        let e = |stage, progress: &[Entry]| entry_of(&r(stage), progress, m("2026-02"), m("2026-02")).unwrap().stage;
        assert_eq!(e(Some(Stage::Construction), std::slice::from_ref(&before)), None);
        assert_eq!(e(Some(Stage::Completed), std::slice::from_ref(&before)), Some(Stage::Completed));
        assert_eq!(e(Some(Stage::Planning), &[]), None);
        assert_eq!(e(Some(Stage::Started), &[]), Some(Stage::Started));
        assert_eq!(e(None, &[]), None);
        assert!(entry_of(&Record { percent: None, ..r(None) }, &[], m("2026-02"), m("2026-02")).is_none());
        // Figures of an earlier month (a 1-N月 column per month) make an entry without the
        // report month's percent and stage.
        let mut history = r(Some(Stage::Construction));
        history.figures.insert(m("2026-01"), Figures { invested: None, ytd: Some(Decimal::from_int(5)) });
        let jan = entry_of(&history, &[], m("2026-01"), m("2026-02")).unwrap();
        assert_eq!(
            (jan.percent, jan.ytd_invested, jan.stage),
            (None, Some(Decimal::from_int(5)), Some(Stage::Construction))
        );
        let feb = entry_of(&history, &[], m("2026-02"), m("2026-02")).unwrap();
        assert_eq!((feb.percent, feb.stage), (Some(Decimal::from_int(10)), None));
        let block = Entry { note: Some("主体施工\n".into()), ..before.clone() };
        assert!(same_entry(&block, &Entry { note: Some("主体施工".into()), ..before.clone() }));
        assert!(!same_entry(&block, &Entry { note: Some("装修".into()), ..before }));
    }
}
