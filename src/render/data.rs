//! Open data: `data/summary.json` (and one per month), `projects.json`, `projects.csv`,
//! `projects.xlsx` (the ledger layout, see [`super::ledger`]), `version.json` (SPEC §3).
//!
//! The JSON files are the views below, written by serde_json straight into the file: a
//! view's field order is the order of its keys. The CSV is written by the `csv` crate.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::RenderCtx;
use crate::metrics::{Aggregate, ProjectMetrics, Summary};
use crate::model::{Board, Entry, Manual, Milestone, Project, Stage};
use crate::num::{Decimal, Month, Ratio};
use crate::publish::Staging;

/// Writes every data file.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging) -> Result<()> {
    let board = ctx.board;
    let s = ctx.summary();
    // One job per file; the jobs are independent, so they run in parallel.
    type Job<'j> = Box<dyn Fn() -> Result<()> + Send + Sync + 'j>;
    let mut jobs: Vec<Job<'_>> = vec![
        Box::new(|| write_json(out, "data/projects.json", &Records { board, s })),
        Box::new(|| out.write_with("data/projects.csv", |w| projects_csv(ctx, s, w))),
        Box::new(|| {
            let book = {
                let _span = crate::timings::Span::named("projects_xlsx");
                super::ledger::projects_workbook(board, s, &ctx.labels())?
                    .save_cached(super::report_xlsx::ZIP_LEVEL, ctx.cache)?
            };
            out.put("data/projects.xlsx", &book)
        }),
        Box::new(|| write_json(out, "data/version.json", &Version { build: ctx.build_id, month: s.month })),
    ];
    for (k, m) in ctx.history.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| &ctx.history[j]);
        jobs.push(Box::new(move || {
            write_json(out, &format!("data/{}/summary.json", m.month), &SummaryView::new(board, m, prev))
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

/// A date as `"YYYY-MM-DD"`, its `Display`.
#[derive(Clone, Copy)]
struct Day(NaiveDate);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

#[derive(Serialize)]
struct Version<'a> {
    build: &'a str,
    month: Month,
}

/// `data/<YYYY-MM>/summary.json`: the SPEC §3 shape, plus month-over-month change.
#[derive(Serialize)]
struct SummaryView<'a> {
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
    projects: FiguresAt<'a>,
    change: Option<Change>,
}

impl<'a> SummaryView<'a> {
    fn new(board: &'a Board, s: &'a Summary, prev: Option<&Summary>) -> Self {
        SummaryView {
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
            projects: FiguresAt { board, s },
            change: prev.map(|p| change(s, p)),
        }
    }
}

/// Every project's [`Figures`] as of a month, in board order.
struct FiguresAt<'a> {
    board: &'a Board,
    s: &'a Summary,
}

impl Serialize for FiguresAt<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_seq(self.board.projects.iter().zip(&self.s.projects).map(|(p, m)| Figures::new(p, m)))
    }
}

/// A project's fields and figures as of a month: its object in `summary.json`, and the
/// first members of its record in `projects.json`. The fields are the data columns of
/// [`crate::table`], then what no table shows.
struct Figures<'a> {
    p: &'a Project,
    m: &'a ProjectMetrics,
}

impl<'a> Figures<'a> {
    fn new(p: &'a Project, m: &'a ProjectMetrics) -> Self {
        Figures { p, m }
    }
}

impl Serialize for Figures<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (p, m) = (self.p, self.m);
        let mut map = ser.serialize_map(None)?;
        crate::table::serialize_data(&mut map, p, m)?;
        let overdue: Vec<&str> = m.overdue_milestones.iter().map(|&i| p.milestones[i].name.as_str()).collect();
        map.serialize_entry("overdue_milestones", &overdue)?;
        map.serialize_entry("overdue", &m.overdue)?;
        map.serialize_entry("late_start_months", &m.late_start)?;
        map.serialize_entry("status_reasons", &m.reasons)?;
        map.end()
    }
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
struct Records<'a> {
    board: &'a Board,
    s: &'a Summary,
}

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let month = self.s.month;
        ser.collect_seq(self.board.projects.iter().zip(&self.s.projects).map(|(p, m)| Record {
            figures: Figures::new(p, m),
            owner: p.owner.as_deref(),
            start: p.start,
            annual_plans: &p.annual_plan,
            milestones: Milestones(&p.milestones),
            progress: Entries(&p.progress[..p.progress.iter().take_while(|e| e.month <= month).count()]),
            photos: &p.photos,
        }))
    }
}

/// One record of `projects.json`.
#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    figures: Figures<'a>,
    owner: Option<&'a str>,
    start: Option<Month>,
    annual_plans: &'a BTreeMap<i32, Decimal>,
    milestones: Milestones<'a>,
    progress: Entries<'a>,
    photos: &'a [String],
}

struct Milestones<'a>(&'a [Milestone]);

impl Serialize for Milestones<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_seq(self.0.iter().map(|ms| MilestoneView {
            name: &ms.name,
            due: Day(ms.due),
            done: ms.done.map(Day),
        }))
    }
}

#[derive(Serialize)]
struct MilestoneView<'a> {
    name: &'a str,
    due: Day,
    done: Option<Day>,
}

struct Entries<'a>(&'a [Entry]);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_seq(self.0.iter().map(EntryView::new))
    }
}

/// One progress entry as entered.
#[derive(Serialize)]
struct EntryView<'a> {
    month: Month,
    stage: Option<Stage>,
    percent: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_progress: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invested: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ytd_invested: Option<Decimal>,
    note: Option<&'a str>,
    problems: Option<&'a str>,
    next: Option<&'a str>,
    status: Option<Manual>,
    status_note: Option<&'a str>,
}

impl<'a> EntryView<'a> {
    fn new(e: &'a Entry) -> Self {
        EntryView {
            month: e.month,
            stage: e.stage,
            percent: e.percent,
            physical_progress: e.physical_progress.as_deref(),
            invested: e.invested,
            ytd_invested: e.ytd_invested,
            note: e.note.as_deref(),
            problems: e.problems.as_deref(),
            next: e.next.as_deref(),
            status: e.status,
            status_note: e.status_note.as_deref(),
        }
    }
}

/// A CSV field as written: leading `= + - @`, TAB and CR (the OWASP list) are prefixed
/// with `'` so that spreadsheets never evaluate a cell as a formula.
fn guard(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// `data/projects.csv`: UTF-8 with a BOM (so that Excel shows Chinese), CRLF line ends,
/// fields quoted (RFC 4180) only where they need it; the columns of [`crate::table::csv`].
fn projects_csv<W: Write>(ctx: &RenderCtx<'_>, s: &Summary, mut w: W) -> Result<()> {
    let l = ctx.labels();
    w.write_all("\u{feff}".as_bytes())?;
    let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
    csv.write_record(crate::table::csv().map(|c| guard(&c.heading(&l)).into_owned()))?;
    for (p, m) in ctx.board.projects.iter().zip(&s.projects) {
        csv.write_record(crate::table::csv().map(|c| guard(&(c.value)(p, m).text(ctx.board, &l)).into_owned()))?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Status;

    #[test]
    fn stages_and_statuses_are_written_as_their_keys() {
        for st in Stage::ALL {
            assert_eq!(serde_json::to_string(&st).unwrap(), format!("\"{}\"", st.key()));
        }
        for st in Status::ALL {
            assert_eq!(serde_json::to_string(&st).unwrap(), format!("\"{}\"", st.key()));
        }
    }

    #[test]
    fn days_are_written_as_their_display() {
        for d in ["2026-02-28", "0999-12-01", "2028-08-17"] {
            let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            assert_eq!(serde_json::to_string(&Day(day)).unwrap(), format!("\"{d}\""));
        }
        let far = NaiveDate::from_ymd_opt(12345, 1, 2).unwrap();
        assert_eq!(serde_json::to_string(&Day(far)).unwrap(), format!("\"{far}\""));
    }

    #[test]
    fn csv_fields_are_guarded_against_formulas() {
        assert_eq!(guard("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(guard("-3.5"), "-3.5");
        assert_eq!(guard("@home"), "'@home");
        assert_eq!(guard("plain"), "plain");
    }
}
