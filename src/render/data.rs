//! Open data: `data/summary.json` (and one per month), `projects.json`, `projects.csv`,
//! `projects.xlsx` (the ledger layout, see [`super::ledger`]), `version.json` (SPEC §3).

use std::io::{self, Write};

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use super::json::{self, Object};
use super::RenderCtx;
use crate::metrics::{ProjectMetrics, Summary};
use crate::model::{Board, Entry, Project};
use crate::num::{Decimal, Month, Ratio};
use crate::publish::Staging;

/// Writes every data file.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging) -> Result<()> {
    let board = ctx.board;
    let s = ctx.summary();
    // The members of a project's objects that no month changes, written once for every file.
    let heads: Vec<Vec<u8>> = board.projects.par_iter().map(project_head).collect::<io::Result<_>>()?;
    let heads = &heads;
    // One job per file; the jobs are independent, so they run in parallel.
    type Job<'j> = Box<dyn Fn() -> Result<()> + Send + Sync + 'j>;
    let mut jobs: Vec<Job<'_>> = vec![
        Box::new(|| write_data(out, "data/projects.json", |w| write_projects(w, board, s, heads))),
        Box::new(|| out.write("data/projects.csv", projects_csv(ctx, s).as_bytes())),
        Box::new(|| out.write("data/projects.xlsx", &super::ledger::projects_xlsx(board, s, &ctx.labels())?)),
        Box::new(|| write_json(out, "data/version.json", &Version { build: ctx.build_id, month: s.month })),
    ];
    for (k, m) in ctx.history.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| &ctx.history[j]);
        jobs.push(Box::new(move || {
            write_data(out, &format!("data/{}/summary.json", m.month), |w| write_summary(w, board, m, prev, heads))
        }));
    }
    jobs.par_iter().try_for_each(|job| job())?;
    // The report month's summary is the last month's, byte for byte: written once, copied.
    out.copy(&format!("data/{}/summary.json", s.month), "data/summary.json")
}

/// Compact JSON with a final newline (the files are large; any JSON viewer indents them),
/// written straight to the file.
fn write_json<T: Serialize>(out: &Staging, rel: &str, v: &T) -> Result<()> {
    write_data(out, rel, |w| json::value(w, v))
}

/// A JSON file written by `fill`, with a final newline.
fn write_data(
    out: &Staging,
    rel: &str,
    fill: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> io::Result<()>,
) -> Result<()> {
    out.write_with(rel, |w| {
        fill(w)?;
        w.write_all(b"\n")?;
        Ok(())
    })
}

#[derive(Serialize)]
struct Version<'a> {
    build: &'a str,
    month: Month,
}

/// `data/<YYYY-MM>/summary.json`: the SPEC §3 shape, plus month-over-month change.
fn write_summary<W: Write + ?Sized>(
    w: &mut W,
    board: &Board,
    s: &Summary,
    prev: Option<&Summary>,
    heads: &[Vec<u8>],
) -> io::Result<()> {
    let mut o = Object::open(w)?;
    o.month("month", s.month)?;
    o.value("time_progress", &s.time_progress)?;
    o.value("totals", &s.totals)?;
    o.value("districts", &s.districts)?;
    o.value("categories", &s.categories)?;
    o.value("levels", &s.levels)?;
    o.value("level_groups", &s.level_groups)?;
    o.value("units", &s.units)?;
    o.value("leaders", &s.leaders)?;
    o.value("red_list", &s.red_list)?;
    o.value("honour_list", &s.honour_list)?;
    json::array(o.key("projects")?, board.projects.iter().zip(&s.projects).zip(heads), |w, ((p, m), head)| {
        let mut o = Object::open(w)?;
        project_figures(&mut o, p, m, head)?;
        o.close()
    })?;
    o.value("change", &prev.map(|p| change(s, p)))?;
    o.close()
}

/// The fields of a project that come first in its objects (see [`project_figures`]), as
/// the bytes of JSON members.
fn project_head(p: &Project) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(256);
    write_head(&mut Object::open(&mut buf)?, p)?;
    buf.remove(0); // the `{` that opened the object
    Ok(buf)
}

fn write_head(o: &mut Object<'_, Vec<u8>>, p: &Project) -> io::Result<()> {
    o.str("id", &p.id)?;
    o.str("name", &p.name)?;
    o.str("district", &p.district)?;
    o.opt_str("category", p.category.as_deref())?;
    o.opt_str("level", p.level.as_deref())?;
    o.str("leader", &p.leader)?;
    o.str("unit", &p.unit)?;
    o.day("deadline", p.deadline)
}

/// A project's fields and figures as of a month: the members of its object in
/// `summary.json` (and the first ones of its record in `projects.json`), after `head`, its
/// [`project_head`].
fn project_figures<W: Write + ?Sized>(
    o: &mut Object<'_, W>,
    p: &Project,
    m: &ProjectMetrics,
    head: &[u8],
) -> io::Result<()> {
    o.members(head)?;
    o.str("stage", m.stage.key())?;
    o.value("percent", &m.percent)?;
    if let Some(words) = m.physical_progress.and_then(|i| p.progress[i].physical_progress.as_deref()) {
        o.str("physical_progress", words)?;
    }
    o.value("annual_plan", &m.annual_plan)?;
    o.value("ytd_invested", &m.ytd_invested)?;
    o.value("cumulative_invested", &m.cumulative_invested)?;
    if let Some(prior) = p.prior_invested {
        o.value("prior_invested", &prior)?;
    }
    o.value("total_investment", &p.total_investment)?;
    o.value("completion_rate", &m.completion_rate)?;
    o.value("lag", &m.lag)?;
    o.str("status", m.status.key())?;
    json::array(o.key("overdue_milestones")?, &m.overdue_milestones, |w, &i| json::string(w, &p.milestones[i].name))?;
    o.value("overdue", &m.overdue)?;
    o.value("late_start_months", &m.late_start)?;
    o.value("status_reasons", &m.reasons)
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

/// `data/projects.json`: every project record as entered (its entries up to the report
/// month), with its figures as of the report month.
fn write_projects<W: Write + ?Sized>(w: &mut W, board: &Board, s: &Summary, heads: &[Vec<u8>]) -> io::Result<()> {
    json::array(w, board.projects.iter().zip(&s.projects).zip(heads), |w, ((p, m), head)| {
        let mut o = Object::open(w)?;
        project_figures(&mut o, p, m, head)?;
        o.opt_str("owner", p.owner.as_deref())?;
        o.value("start", &p.start)?;
        let plans = o.key("annual_plans")?;
        plans.write_all(b"{")?;
        for (n, (year, amount)) in p.annual_plan.iter().enumerate() {
            if n > 0 {
                plans.write_all(b",")?;
            }
            write!(plans, "\"{year}\":")?;
            json::value(plans, amount)?;
        }
        plans.write_all(b"}")?;
        json::array(o.key("milestones")?, &p.milestones, |w, ms| {
            let mut o = Object::open(w)?;
            o.str("name", &ms.name)?;
            o.day("due", ms.due)?;
            match ms.done {
                Some(d) => o.day("done", d)?,
                None => o.value("done", &())?,
            }
            o.close()
        })?;
        json::array(o.key("progress")?, p.progress.iter().take_while(|e| e.month <= s.month), entry)?;
        o.value("photos", &p.photos)?;
        o.close()
    })
}

/// One progress entry as entered.
fn entry<W: Write + ?Sized>(w: &mut W, e: &Entry) -> io::Result<()> {
    let mut o = Object::open(w)?;
    o.month("month", e.month)?;
    o.opt_str("stage", e.stage.map(|s| s.key()))?;
    o.value("percent", &e.percent)?;
    if let Some(words) = &e.physical_progress {
        o.str("physical_progress", words)?;
    }
    if let Some(invested) = e.invested {
        o.value("invested", &invested)?;
    }
    if let Some(ytd) = e.ytd_invested {
        o.value("ytd_invested", &ytd)?;
    }
    o.opt_str("note", e.note.as_deref())?;
    o.opt_str("problems", e.problems.as_deref())?;
    o.opt_str("next", e.next.as_deref())?;
    o.value("status", &e.status)?;
    o.opt_str("status_note", e.status_note.as_deref())?;
    o.close()
}

/// One quoted CSV field (RFC 4180). Leading `= + - @`, TAB and CR (the OWASP list) are
/// prefixed with `'` so that spreadsheets never evaluate a cell as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
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
            opt(m.percent),
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
