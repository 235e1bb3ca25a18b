//! Ledger rows → project records: each row read into typed values, matched to a project
//! by name, and turned into a new file or one month's entry in an existing file.

use std::collections::{BTreeMap, BTreeSet};

use super::columns::{column, Field, Mapping};
use super::edit::{self, scalar};
use super::ledger::Row;
use super::values::{self, When};
use super::{Loc, Problem};
use crate::diag::suggest;
use crate::model::{Board, Entry, Lang, Project, Site, Stage};
use crate::num::{Decimal, Month};

/// One ledger row, read.
#[derive(Clone, Debug)]
pub struct Record {
    /// Where it came from.
    pub loc: Loc,
    /// 项目名称, trimmed.
    pub name: String,
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
    invested: Option<Decimal>,
    percent: Option<Decimal>,
    stage: Option<Stage>,
    /// 本月进展, 存在问题, 下步打算: `None` when the ledger has no such column.
    texts: [Option<Option<String>>; 3],
}

/// What the ledger's columns are, for reading rows.
pub struct Columns {
    /// The fields that have a column.
    pub present: BTreeSet<Field>,
    /// Header text of each field's column, for messages.
    pub headers: BTreeMap<Field, String>,
    /// Plain numbers in the 形象进度 column are fractions (0.45 = 45%).
    pub percent_fraction: bool,
}

impl Columns {
    fn header(&self, f: Field) -> String {
        self.headers.get(&f).cloned().unwrap_or_else(|| column(f).zh.to_string())
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
    let mut err = |f: Field, message: String, help: String| {
        problems.push(Problem::error(loc.clone(), format!("{} {message}", cols.header(f)), Some(help)));
    };
    let text = |f: Field| row.get(f).text().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let Some(name) = text(Field::Name) else {
        err(Field::Name, "is empty".into(), "write the project's name, or delete the row".into());
        return None;
    };
    let unit_help = format!("write a number of {}, e.g. 1200", site.money_unit);
    let mut amount = |f: Field| match values::amount(row.get(f)) {
        Ok(Some(d)) if d.is_negative() => {
            err(f, format!("「{d}」 is negative"), "amounts are at least 0".into());
            None
        }
        Ok(v) => v,
        Err(m) => {
            err(f, m, unit_help.clone());
            None
        }
    };
    let total = amount(Field::TotalInvestment);
    let plan = amount(Field::AnnualPlan);
    let invested = amount(Field::Invested);
    let percent = match values::percent(row.get(Field::Percent), cols.percent_fraction) {
        Ok(Some(p)) if p.is_negative() || p > Decimal::from_int(100) => {
            err(Field::Percent, format!("「{p}%」 is outside 0–100%"), "write the percent complete, e.g. 45%".into());
            None
        }
        Ok(v) => v,
        Err(m) => {
            let help = "write the percent complete, e.g. 45%; progress in words goes in 本月进展".to_string();
            err(Field::Percent, m, help);
            None
        }
    };
    let mut when = |f: Field| {
        values::when(row.get(f)).unwrap_or_else(|m| {
            err(f, m, "write a month or a date, e.g. 2026-03, 2026年3月 or 2026-03-31".into());
            None
        })
    };
    let start = when(Field::Start);
    let deadline = when(Field::Deadline);
    let stage = values::stage(row.get(Field::Stage)).unwrap_or_else(|m| {
        let words: Vec<&str> = Stage::ALL.iter().map(|s| values::stage_label(*s, Lang::ZhCn)).collect();
        err(Field::Stage, m, format!("write one of {}", words.join("、")));
        None
    });
    if invested.is_some() && percent.is_none() && row.get(Field::Percent).is_empty() {
        err(Field::Percent, "is empty".into(), "write the percent complete this month, e.g. 45%".into());
    }
    let district = text(Field::District).and_then(|d| match district_id(&d, site, mapping) {
        Ok(id) => Some(id),
        Err(help) => {
            err(Field::District, format!("「{d}」 is not a district of site.yaml"), help);
            None
        }
    });
    let category = declared(text(Field::Category).or_else(|| section_category(row, site)), &site.categories)
        .unwrap_or_else(|(v, help)| {
            err(Field::Category, format!("「{v}」 is not a category of site.yaml"), help);
            None
        });
    let level = declared(text(Field::Level), &site.levels).unwrap_or_else(|(v, help)| {
        err(Field::Level, format!("「{v}」 is not a level of site.yaml"), help);
        None
    });
    let texts = TEXT_FIELDS.map(|f| cols.present.contains(&f).then(|| text(f)));
    if problems.len() > before {
        return None;
    }
    Some(Record {
        loc,
        name,
        district,
        category,
        level,
        leader: text(Field::Leader),
        unit: text(Field::Unit),
        owner: text(Field::Owner),
        start,
        deadline,
        total,
        plan,
        invested,
        percent,
        stage,
        texts,
    })
}

/// Suffixes of district names a ledger may leave out or write another way, by kind:
/// 「金谷园」 or 「金谷园办事处」 for 「金谷园街道」, but not 「红山园区」 for 「红山街道」.
const DISTRICT_SUFFIXES: [(&str, u8); 8] =
    [("街道办事处", 0), ("办事处", 0), ("街道", 0), ("街办", 0), ("镇", 1), ("乡", 2), ("园区", 3), ("开发区", 4)];

/// A district name without its suffix, and the suffix's kind.
fn bare(name: &str) -> (&str, Option<u8>) {
    DISTRICT_SUFFIXES
        .iter()
        .find_map(|(s, kind)| name.strip_suffix(s).filter(|b| !b.is_empty()).map(|b| (b, Some(*kind))))
        .unwrap_or((name, None))
}

/// Whether a ledger's district text names the district `name`.
fn same_district(text: &str, name: &str) -> bool {
    let ((t, tk), (n, nk)) = (bare(text), bare(name));
    t == n && (tk.is_none() || tk == nk)
}

/// The district id of a ledger's district text: a name from `import.yaml`, an id, a
/// name, or a name without its suffix. The error is a help line.
pub fn district_id(text: &str, site: &Site, mapping: &Mapping) -> Result<String, String> {
    let text = mapping.districts.get(text).map_or(text, String::as_str);
    let hit = site
        .districts
        .iter()
        .find(|d| d.id == text || d.name == text)
        .or_else(|| site.districts.iter().find(|d| same_district(text, &d.name)));
    if let Some(d) = hit {
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
    match value {
        Some(v) if !list.is_empty() && !list.contains(&v) => {
            let help = match suggest(&v, list.iter().map(String::as_str)) {
                Some(s) => format!("did you mean 「{s}」?"),
                None => format!("use one of {}", list.join("、")),
            };
            Err((v, help))
        }
        v => Ok(v),
    }
}

/// The declared category a section heading above the row names (「一、产业项目（20个）」).
fn section_category(row: &Row, site: &Site) -> Option<String> {
    let s = row.section.as_deref()?;
    site.categories.iter().find(|c| s.contains(c.as_str())).cloned()
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
    /// Write the ledger's project details where they differ from a project file.
    pub update_details: bool,
}

/// Turns the records into changes against the board.
pub fn plan(records: Vec<Record>, ctx: &Ctx<'_>) -> Plan {
    let (board, month) = (ctx.board, ctx.month);
    let mut plan = Plan::default();
    let mut taken: BTreeSet<String> = board.projects.iter().map(|p| p.id.clone()).collect();
    let mut seen: BTreeMap<String, Loc> = BTreeMap::new();
    for r in records {
        if let Some(first) = seen.get(&r.name) {
            let help = format!("keep one row for 「{}」 (the other is {})", r.name, first.label());
            plan.problems.push(Problem::error(r.loc.clone(), format!("「{}」 appears twice", r.name), Some(help)));
            continue;
        }
        seen.insert(r.name.clone(), r.loc.clone());
        let same: Vec<&Project> = board.projects.iter().filter(|p| p.name.trim() == r.name).collect();
        match same.as_slice() {
            [] => new_project(&r, board, month, &mut taken, &mut plan),
            [p] => existing(&r, p, ctx, &mut plan),
            many => {
                let ids: Vec<String> = many.iter().map(|p| format!("{}.yaml", p.id)).collect();
                let help = "give the projects different names".to_string();
                let msg = format!("{} projects are named 「{}」: {}", many.len(), r.name, ids.join(", "));
                plan.problems.push(Problem::error(r.loc.clone(), msg, Some(help)));
            }
        }
    }
    plan
}

/// The entry the row gives for `month`, given the project's entries (empty for a new one).
/// `None` when the row gives no figures for the month.
fn entry_of(r: &Record, progress: &[Entry], month: Month) -> Option<Entry> {
    let percent = r.percent?;
    let old = progress.iter().find(|e| e.month == month);
    let inherited = progress.iter().filter(|e| e.month < month).rev().find_map(|e| e.stage);
    let stage = match r.stage {
        None => old.and_then(|e| e.stage),
        Some(s) if old.and_then(|e| e.stage) == Some(s) => Some(s),
        Some(s) if inherited.unwrap_or(Stage::Planning) == s => None,
        Some(s) => Some(s),
    };
    let text = |i: usize, keep: Option<&String>| match &r.texts[i] {
        Some(v) => v.clone(),
        None => keep.cloned(),
    };
    Some(Entry {
        stage,
        percent: Some(percent),
        invested: Some(r.invested.unwrap_or(Decimal::ZERO)),
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
    for d in differences(r, p, ctx.board, ctx.month) {
        if !ctx.update_details {
            let file = d.file.map_or_else(|| "nothing".to_string(), |f| format!("「{f}」"));
            let msg = format!("{} is 「{}」 here but {file} in {path}; the project file is kept", d.what, d.ledger);
            let help = format!("pass --update-details to take the ledger's value, or edit {path}");
            plan.problems.push(Problem::warning(r.loc.clone(), msg, Some(help)));
            continue;
        }
        let edited = match d.field {
            Field::AnnualPlan => edit::set_annual_plan(&text, ctx.month.year, &d.yaml),
            f => edit::set_field(&text, column(f).key, &d.yaml),
        };
        match edited {
            Ok(t) => {
                text = t;
                details.push(d.what);
            }
            Err(why) => {
                let msg = format!("cannot change {} in {path}: {why}", d.what);
                plan.problems.push(Problem::error(r.loc.clone(), msg, Some("edit the project file by hand".into())));
            }
        }
    }
    let entry = entry_of(r, &p.progress, ctx.month);
    let old = p.progress.iter().find(|e| e.month == ctx.month);
    let kind = match &entry {
        Some(e) if !old.is_some_and(|o| same_entry(o, e)) => {
            match edit::put_entry(&text, e) {
                Ok(t) => text = t,
                Err(why) => {
                    let msg = format!("cannot put {} into {path}: {why}", ctx.month);
                    plan.problems.push(Problem::error(
                        r.loc.clone(),
                        msg,
                        Some("edit the project file by hand".into()),
                    ));
                    return;
                }
            }
            if old.is_some() {
                Kind::Replaced
            } else {
                Kind::Added
            }
        }
        _ if !details.is_empty() => Kind::Details,
        _ => {
            plan.unchanged += 1;
            return;
        }
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
fn differences(r: &Record, p: &Project, board: &Board, month: Month) -> Vec<Difference> {
    let site = &board.site;
    let name = |id: &str| site.district(id).map_or(id.to_string(), |d| d.name.clone());
    let mut diffs = Vec::new();
    let mut cmp = |field: Field, ledger: Option<(String, String)>, file: Option<String>| {
        let Some((shown, yaml)) = ledger else { return };
        if Some(&shown) != file.as_ref() {
            let what = if field == Field::AnnualPlan {
                format!("{} {}", month.year, column(field).zh)
            } else {
                column(field).zh.into()
            };
            diffs.push(Difference { field, what, ledger: shown, file, yaml });
        }
    };
    let text = |v: &Option<String>| v.as_ref().map(|v| (v.clone(), scalar(v)));
    cmp(Field::District, r.district.as_ref().map(|d| (name(d), scalar(d))), Some(name(&p.district)));
    cmp(Field::Category, text(&r.category), p.category.clone());
    cmp(Field::Level, text(&r.level), p.level.clone());
    cmp(Field::Leader, text(&r.leader), Some(p.leader.clone()));
    cmp(Field::Unit, text(&r.unit), Some(p.unit.clone()));
    cmp(Field::Owner, text(&r.owner), p.owner.clone());
    cmp(Field::Start, r.start.map(|w| (w.month().to_string(), w.month().to_string())), p.start.map(|m| m.to_string()));
    cmp(Field::Deadline, r.deadline.map(|w| (w.deadline().to_string(), w.yaml())), Some(p.deadline.to_string()));
    cmp(
        Field::TotalInvestment,
        r.total.map(|d| (d.to_string(), d.to_string())),
        p.total_investment.map(|d| d.to_string()),
    );
    cmp(
        Field::AnnualPlan,
        r.plan.map(|d| (d.to_string(), d.to_string())),
        p.annual_plan.get(&month.year).map(|d| d.to_string()),
    );
    diffs
}

fn new_project(r: &Record, board: &Board, month: Month, taken: &mut BTreeSet<String>, plan: &mut Plan) {
    let site = &board.site;
    let mut missing: Vec<&str> = Vec::new();
    let need = |f: Field, has: bool, missing: &mut Vec<&str>| {
        if !has {
            missing.push(column(f).zh);
        }
    };
    need(Field::District, r.district.is_some(), &mut missing);
    need(Field::Category, r.category.is_some() || site.categories.is_empty(), &mut missing);
    need(Field::Level, r.level.is_some() || site.levels.is_empty(), &mut missing);
    need(Field::Leader, r.leader.is_some(), &mut missing);
    need(Field::Unit, r.unit.is_some(), &mut missing);
    need(Field::Deadline, r.deadline.is_some(), &mut missing);
    let near = suggest(&r.name, board.projects.iter().map(|p| p.name.as_str()));
    if !missing.is_empty() {
        let help = match near {
            Some(n) => format!("is it the existing project 「{n}」? Write its name exactly as in its project file"),
            None => format!("a new project needs {}", missing.join("、")),
        };
        let msg = format!("new project 「{}」 has no {}", r.name, missing.join("、"));
        plan.problems.push(Problem::error(r.loc.clone(), msg, Some(help)));
        return;
    }
    if let Some(n) = near {
        let msg = format!("new project 「{}」 is named much like the existing 「{n}」", r.name);
        let help = "if it is the same project, write its name exactly as in its project file".to_string();
        plan.problems.push(Problem::warning(r.loc.clone(), msg, Some(help)));
    }
    let id = new_id(&r.name, taken);
    taken.insert(id.clone());
    let text = project_text(r, month);
    let path = format!("content/projects/{id}.yaml");
    plan.changes.push(Change {
        path,
        text,
        kind: Kind::New,
        name: r.name.clone(),
        loc: r.loc.clone(),
        details: Vec::new(),
    });
}

/// A new project file, fields in the order of the demo board's files.
fn project_text(r: &Record, month: Month) -> String {
    let mut s = String::new();
    let mut line = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            s.push_str(&format!("{k}: {v}\n"));
        }
    };
    line("name", Some(scalar(&r.name)));
    line("district", r.district.clone());
    line("category", r.category.as_deref().map(scalar));
    line("level", r.level.as_deref().map(scalar));
    line("leader", r.leader.as_deref().map(scalar));
    line("unit", r.unit.as_deref().map(scalar));
    line("owner", r.owner.as_deref().map(scalar));
    line("start", r.start.map(|w| w.month().to_string()));
    line("deadline", r.deadline.map(When::yaml));
    line("total_investment", r.total.map(|d| d.to_string()));
    line("annual_plan", r.plan.map(|d| format!("{{ {}: {d} }}", month.year)));
    if let Some(e) = entry_of(r, &[], month) {
        s.push_str("progress:\n");
        s.push_str(&edit::entry_text(&e, "  - ", "    "));
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
    let mut words: Vec<String> = Vec::new();
    let mut ascii = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            continue;
        }
        if !ascii.is_empty() {
            words.push(std::mem::take(&mut ascii));
        }
        if let Some(p) = c.to_pinyin() {
            words.push(p.plain().replace('ü', "v"));
        }
    }
    if !ascii.is_empty() {
        words.push(ascii);
    }
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
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
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
    fn district_names_match_without_or_with_another_suffix_of_the_same_kind() {
        assert!(same_district("金谷园", "金谷园街道"));
        assert!(same_district("金谷园办事处", "金谷园街道"));
        assert!(same_district("城关", "城关镇"));
        assert!(!same_district("红山园区", "红山街道"));
        assert!(!same_district("红山园区", "红山工业园区"));
        assert!(!same_district("城关乡", "城关镇"));
    }

    #[test]
    fn stage_is_written_only_where_it_changes() {
        let r = |stage| Record {
            loc: Loc { file: "l.csv".into(), sheet: None, row: 2 },
            name: "甲".into(),
            district: None,
            category: None,
            level: None,
            leader: None,
            unit: None,
            owner: None,
            start: None,
            deadline: None,
            total: None,
            plan: None,
            invested: None,
            percent: Some(Decimal::from_int(10)),
            stage,
            texts: [None, None, None],
        };
        let m = |s: &str| Month::parse(s).unwrap();
        let before = Entry {
            stage: Some(Stage::Construction),
            percent: Some(Decimal::ZERO),
            invested: Some(Decimal::ZERO),
            ..Entry::blank(m("2026-01"))
        };
        let e = |stage, progress: &[Entry]| entry_of(&r(stage), progress, m("2026-02")).unwrap().stage;
        assert_eq!(e(Some(Stage::Construction), std::slice::from_ref(&before)), None);
        assert_eq!(e(Some(Stage::Completed), std::slice::from_ref(&before)), Some(Stage::Completed));
        assert_eq!(e(Some(Stage::Planning), &[]), None);
        assert_eq!(e(Some(Stage::Started), &[]), Some(Stage::Started));
        assert_eq!(e(None, &[]), None);
        assert!(entry_of(&Record { percent: None, ..r(None) }, &[], m("2026-02")).is_none());
        let block = Entry { note: Some("主体施工\n".into()), ..before.clone() };
        assert!(same_entry(&block, &Entry { note: Some("主体施工".into()), ..before.clone() }));
        assert!(!same_entry(&block, &Entry { note: Some("装修".into()), ..before }));
    }
}
