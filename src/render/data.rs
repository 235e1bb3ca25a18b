//! Open data: `data/summary.json` (and one per month), `projects.json`, `projects.csv`,
//! `projects.xlsx` (the ledger layout, see [`super::ledger`]), `version.json` (SPEC §3).

use std::io::Write as _;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use super::RenderCtx;
use crate::metrics::{Aggregate, ProjectMetrics, Summary};
use crate::model::{Board, Entry, Project};
use crate::num::{Decimal, Month, Ratio};
use crate::publish::Staging;

/// Writes every data file.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging) -> Result<()> {
    let board = ctx.board;
    let s = ctx.summary();
    // One job per file; the jobs are independent, so they run in parallel.
    type Job<'j> = Box<dyn Fn() -> Result<()> + Send + Sync + 'j>;
    let mut jobs: Vec<Job<'_>> = vec![
        Box::new(|| write_json(out, "data/projects.json", &projects_json(board, s))),
        Box::new(|| out.write("data/projects.csv", projects_csv(ctx, s).as_bytes())),
        Box::new(|| out.write("data/projects.xlsx", &super::ledger::projects_xlsx(board, s, board.site.language)?)),
        Box::new(|| write_json(out, "data/version.json", &Version { build: ctx.build_id, month: s.month })),
    ];
    for (k, m) in ctx.history.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| &ctx.history[j]);
        jobs.push(Box::new(move || {
            write_json(out, &format!("data/{}/summary.json", m.month), &summary_json(board, m, prev))
        }));
    }
    jobs.par_iter().try_for_each(|job| job())?;
    // The report month's summary is the last month's, byte for byte: written once, copied.
    out.copy(&format!("data/{}/summary.json", s.month), "data/summary.json")
}

/// Compact JSON with a final newline (the files are large; any JSON viewer indents them),
/// written straight to the file.
fn write_json<T: Serialize>(out: &Staging, rel: &str, v: &T) -> Result<()> {
    out.write_with(rel, |w| {
        serde_json::to_writer(&mut *w, v)?;
        w.write_all(b"\n")?;
        Ok(())
    })
}

#[derive(Serialize)]
struct Version<'a> {
    build: &'a str,
    month: Month,
}

/// The SPEC §3 shape, plus month-over-month change.
#[derive(Serialize)]
struct SummaryJson<'a> {
    month: Month,
    time_progress: Ratio,
    totals: &'a Aggregate,
    districts: &'a [Aggregate],
    categories: &'a [Aggregate],
    levels: &'a [Aggregate],
    level_groups: &'a [Aggregate],
    units: &'a [Aggregate],
    leaders: &'a [Aggregate],
    red_list: &'a [String],
    honour_list: &'a [String],
    projects: Vec<ProjectJson<'a>>,
    change: Option<Change>,
}

#[derive(Serialize)]
struct ProjectJson<'a> {
    id: &'a str,
    name: &'a str,
    district: &'a str,
    category: Option<&'a str>,
    level: Option<&'a str>,
    leader: &'a str,
    unit: &'a str,
    deadline: String,
    stage: &'static str,
    percent: Decimal,
    annual_plan: Option<Decimal>,
    ytd_invested: Decimal,
    cumulative_invested: Decimal,
    total_investment: Option<Decimal>,
    completion_rate: Option<Ratio>,
    lag: Option<Ratio>,
    status: &'static str,
    overdue_milestones: Vec<&'a str>,
    overdue: bool,
    late_start_months: Option<i32>,
    status_reasons: &'a [crate::metrics::Reason],
}

/// Change against the previous month.
#[derive(Serialize)]
struct Change {
    month: Month,
    completion_rate: Option<Ratio>,
    ytd_invested: Decimal,
    status: ChangeCounts,
    district_rank: Vec<(String, Option<i64>)>,
}

#[derive(Serialize)]
struct ChangeCounts {
    green: i64,
    yellow: i64,
    red: i64,
    done: i64,
}

fn project_json<'a>(p: &'a Project, m: &'a ProjectMetrics) -> ProjectJson<'a> {
    ProjectJson {
        id: &p.id,
        name: &p.name,
        district: &p.district,
        category: p.category.as_deref(),
        level: p.level.as_deref(),
        leader: &p.leader,
        unit: &p.unit,
        deadline: p.deadline.to_string(),
        stage: m.stage.key(),
        percent: m.percent,
        annual_plan: m.annual_plan,
        ytd_invested: m.ytd_invested,
        cumulative_invested: m.cumulative_invested,
        total_investment: p.total_investment,
        completion_rate: m.completion_rate,
        lag: m.lag,
        status: m.status.key(),
        overdue_milestones: m.overdue_milestones.iter().map(|&i| p.milestones[i].name.as_str()).collect(),
        overdue: m.overdue,
        late_start_months: m.late_start,
        status_reasons: &m.reasons,
    }
}

fn summary_json<'a>(board: &'a Board, s: &'a Summary, prev: Option<&Summary>) -> SummaryJson<'a> {
    SummaryJson {
        month: s.month,
        time_progress: s.time_progress,
        totals: &s.totals,
        districts: &s.districts,
        categories: &s.categories,
        levels: &s.levels,
        level_groups: &s.level_groups,
        units: &s.units,
        leaders: &s.leaders,
        red_list: &s.red_list,
        honour_list: &s.honour_list,
        projects: board.projects.iter().zip(&s.projects).map(|(p, m)| project_json(p, m)).collect(),
        change: prev.map(|p| change(s, p)),
    }
}

fn change(s: &Summary, p: &Summary) -> Change {
    let d = |f: fn(&crate::metrics::StatusCounts) -> usize| f(&s.totals.status) as i64 - f(&p.totals.status) as i64;
    Change {
        month: p.month,
        completion_rate: s.totals.completion_rate.zip(p.totals.completion_rate).map(|(a, b)| a.minus(b)),
        ytd_invested: s.totals.ytd_invested - p.totals.ytd_invested,
        status: ChangeCounts { green: d(|c| c.green), yellow: d(|c| c.yellow), red: d(|c| c.red), done: d(|c| c.done) },
        district_rank: s
            .districts
            .iter()
            .zip(&p.districts)
            .map(|(a, b)| (a.id.clone(), a.rank.zip(b.rank).map(|(x, y)| y as i64 - x as i64)))
            .collect(),
    }
}

/// Every project record as entered, with its figures as of the report month.
#[derive(Serialize)]
struct ProjectRecord<'a> {
    #[serde(flatten)]
    figures: ProjectJson<'a>,
    owner: Option<&'a str>,
    start: Option<Month>,
    annual_plans: std::collections::BTreeMap<String, Decimal>,
    milestones: Vec<MilestoneJson<'a>>,
    progress: Vec<EntryJson<'a>>,
    photos: &'a [String],
}

#[derive(Serialize)]
struct MilestoneJson<'a> {
    name: &'a str,
    due: String,
    done: Option<String>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    month: Month,
    stage: Option<&'static str>,
    percent: Decimal,
    invested: Decimal,
    note: Option<&'a str>,
    problems: Option<&'a str>,
    next: Option<&'a str>,
    status: Option<crate::model::Manual>,
    status_note: Option<&'a str>,
}

fn entry_json(e: &Entry) -> EntryJson<'_> {
    EntryJson {
        month: e.month,
        stage: e.stage.map(|s| s.key()),
        percent: e.percent,
        invested: e.invested,
        note: e.note.as_deref(),
        problems: e.problems.as_deref(),
        next: e.next.as_deref(),
        status: e.status,
        status_note: e.status_note.as_deref(),
    }
}

fn projects_json<'a>(board: &'a Board, s: &'a Summary) -> Vec<ProjectRecord<'a>> {
    board
        .projects
        .iter()
        .zip(&s.projects)
        .map(|(p, m)| ProjectRecord {
            figures: project_json(p, m),
            owner: p.owner.as_deref(),
            start: p.start,
            annual_plans: p.annual_plan.iter().map(|(y, a)| (y.to_string(), *a)).collect(),
            milestones: p
                .milestones
                .iter()
                .map(|ms| MilestoneJson {
                    name: &ms.name,
                    due: ms.due.to_string(),
                    done: ms.done.map(|d| d.to_string()),
                })
                .collect(),
            progress: p.progress.iter().take_while(|e| e.month <= s.month).map(entry_json).collect(),
            photos: &p.photos,
        })
        .collect()
}

/// One quoted CSV field (RFC 4180). Leading `= + - @` are prefixed with `'` so that
/// spreadsheets never evaluate a cell as a formula.
fn csv_field(s: &str) -> String {
    let s =
        if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn projects_csv(ctx: &RenderCtx<'_>, s: &Summary) -> String {
    let l = ctx.labels();
    let cols = [
        "id",
        "name",
        "district",
        "category",
        "level",
        "leader",
        "unit",
        "deadline",
        "stage",
        "percent",
        "annual_plan",
        "ytd_invested",
        "cumulative_invested",
        "total_investment",
        "completion_rate",
        "lag",
        "status",
    ];
    let mut out = String::from("\u{feff}");
    let header: Vec<String> =
        cols.iter().map(|c| if *c == "id" { "id".to_string() } else { csv_field(&l.get("col", c)) }).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let rate = |r: Option<Ratio>| r.map(|r| format!("{:.6}", r.to_f64())).unwrap_or_default();
    for (p, m) in ctx.board.projects.iter().zip(&s.projects) {
        let district = ctx.board.site.district(&p.district).map_or(p.district.as_str(), |d| d.name.as_str());
        let fields = [
            p.id.clone(),
            p.name.clone(),
            district.to_string(),
            p.category.clone().unwrap_or_default(),
            p.level.clone().unwrap_or_default(),
            p.leader.clone(),
            p.unit.clone(),
            p.deadline.to_string(),
            l.get("stage", m.stage.key()),
            m.percent.to_string(),
            opt(m.annual_plan),
            m.ytd_invested.to_string(),
            m.cumulative_invested.to_string(),
            opt(p.total_investment),
            rate(m.completion_rate),
            rate(m.lag),
            l.get("status", m.status.key()),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}
