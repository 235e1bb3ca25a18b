//! Open data: `data/summary.json` (and one per month), `projects.json`, `projects.csv`,
//! `projects.xlsx` (the ledger layout, see [`super::ledger`]) (SPEC §3; `version.json` is
//! the display's, see [`super::display`]).
//!
//! The JSON files are the views below, written by serde_json straight into the file: a
//! view's field order is the order of its keys. The CSV is written by the `csv` crate.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use rayon::prelude::*;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::RenderCtx;
use crate::metrics::{ProjectMetrics, Summary};
use crate::model::{Board, Entry, Milestone, Project};
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
    ];
    for (k, m) in ctx.history.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| &ctx.history[j]);
        jobs.push(Box::new(move || {
            write_json(out, &format!("data/{}/summary.json", m.month), &SummaryView { board, s: m, prev })
        }));
    }
    jobs.par_iter().try_for_each(|job| job())?;
    // The report month's summary is the last month's, byte for byte: written once, copied.
    out.copy(&format!("data/{}/summary.json", s.month), "data/summary.json")
}

/// Compact JSON with a final newline (the files are large; any JSON viewer indents them),
/// written straight to the file.
pub(super) fn write_json<T: Serialize>(out: &Staging, rel: &str, v: &T) -> Result<()> {
    out.write_with(rel, |w| {
        serde_json::to_writer(&mut *w, v)?;
        w.write_all(b"\n")?;
        Ok(())
    })
}

/// `data/<YYYY-MM>/summary.json`: the SPEC §3 shape, plus month-over-month change.
struct SummaryView<'a> {
    board: &'a Board,
    s: &'a Summary,
    prev: Option<&'a Summary>,
}

impl Serialize for SummaryView<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (board, s) = (self.board, self.s);
        let mut map = ser.serialize_map(None)?;
        map.serialize_entry("month", &s.month)?;
        map.serialize_entry("time_progress", &s.time_progress)?;
        map.serialize_entry("totals", &s.totals)?;
        for (key, groups) in [
            ("districts", &s.districts),
            ("categories", &s.categories),
            ("levels", &s.levels),
            ("level_groups", &s.level_groups),
            ("units", &s.units),
            ("leaders", &s.leaders),
        ] {
            map.serialize_entry(key, groups)?;
        }
        map.serialize_entry("red_list", &s.red_list)?;
        map.serialize_entry("honour_list", &s.honour_list)?;
        map.serialize_entry("projects", &FiguresAt { board, s })?;
        map.serialize_entry("change", &self.prev.map(|p| change(s, p)))?;
        map.end()
    }
}

/// Every project's [`Figures`] as of a month, in board order.
struct FiguresAt<'a> {
    board: &'a Board,
    s: &'a Summary,
}

impl Serialize for FiguresAt<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_seq(self.board.projects.iter().zip(&self.s.projects).map(|(p, m)| Figures { p, m }))
    }
}

/// A project's fields and figures as of a month: its object in `summary.json`, and the
/// first members of its record in `projects.json`. The fields are the data columns of
/// [`crate::table`], then what no table shows.
struct Figures<'a> {
    p: &'a Project,
    m: &'a ProjectMetrics,
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
    /// Per status, in [`Status::ALL`](crate::metrics::Status::ALL) order.
    status: serde_json::Map<String, serde_json::Value>,
    district_rank: Vec<(String, Option<i64>)>,
}

fn change(s: &Summary, p: &Summary) -> Change {
    Change {
        month: p.month,
        completion_rate: s.totals.completion_rate.zip(p.totals.completion_rate).map(|(a, b)| a.minus(b)),
        ytd_invested: s.totals.ytd_invested - p.totals.ytd_invested,
        status: (crate::metrics::Status::ALL.iter())
            .map(|&st| (st.key().into(), (s.totals.status.get(st) as i64 - p.totals.status.get(st) as i64).into()))
            .collect(),
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
            figures: Figures { p, m },
            owner: p.owner.as_deref(),
            start: p.start,
            annual_plans: &p.annual_plan,
            milestones: &p.milestones,
            progress: crate::metrics::project::entries_until(p, month),
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
    milestones: &'a [Milestone],
    progress: &'a [Entry],
    photos: &'a [String],
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
    use crate::model::Stage;
    use chrono::NaiveDate;

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
    fn milestone_days_are_written_as_their_display() {
        for d in ["2026-02-28", "0999-12-01", "2028-08-17"] {
            let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            let ms = Milestone { name: "a".into(), due: day, done: Some(day) };
            assert_eq!(
                serde_json::to_string(&ms).unwrap(),
                format!("{{\"name\":\"a\",\"due\":\"{d}\",\"done\":\"{d}\"}}")
            );
        }
    }

    #[test]
    fn csv_fields_are_guarded_against_formulas() {
        assert_eq!(guard("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(guard("-3.5"), "-3.5");
        assert_eq!(guard("@home"), "'@home");
        assert_eq!(guard("plain"), "plain");
    }
}
