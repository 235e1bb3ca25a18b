//! Monthly reports (月度通报): one page and one workbook per month, and the archive.

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use super::site::{district_chart, groups};
use super::{report_xlsx, PageContext, RenderCtx};
use crate::format::{month_label, percent, points, yi};
use crate::markdown;
use crate::metrics::lists::{completed_this_month, problems, started_this_month};
use crate::metrics::Summary;
use crate::publish::Staging;
use crate::view::{kpis, project_row, ranked, ProjectRow};

/// Writes `reports/<YYYY-MM>/` for every month and `reports/index.html`.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging) -> Result<Vec<String>> {
    // The months are separate jobs on the thread pool: while the other output families keep
    // the other threads busy, one thread works through them one at a time (a month's workbook
    // of a large board takes tens of MB while it is built); a thread that runs out of other
    // work takes the remaining months.
    let mut pages: Vec<String> = (0..ctx.history.len())
        .into_par_iter()
        .with_max_len(1)
        .map(|k| {
            let prev = k.checked_sub(1).map(|j| &ctx.history[j]);
            let page = month_report(ctx, out, &ctx.history[k], prev);
            ctx.progress.advance(super::REPORT_UNITS);
            page
        })
        .collect::<Result<_>>()?;
    pages.push(archive(ctx, out)?);
    Ok(pages)
}

#[derive(Serialize)]
struct Problem {
    name: String,
    url: String,
    district: String,
    unit: String,
    leader: String,
    problems: String,
    next: String,
}

/// Inserts the rows of projects `idx` as of `s` under `key`, as [`ListRow`](crate::view::ListRow)s.
fn insert_rows(
    c: &mut PageContext,
    key: &'static str,
    ctx: &RenderCtx<'_>,
    s: &Summary,
    idx: impl IntoIterator<Item = usize>,
) {
    let l = ctx.labels();
    let rows: Vec<ProjectRow> = idx
        .into_iter()
        .map(|i| project_row(ctx.board, &ctx.board.projects[i], &s.projects[i], &ctx.urls, &l))
        .collect();
    c.insert(key, &rows.iter().map(ProjectRow::list_row).collect::<Vec<_>>());
}

fn index_of(ctx: &RenderCtx<'_>, id: &str) -> usize {
    ctx.board.projects.binary_search_by(|p| p.id.as_str().cmp(id)).expect("listed project exists")
}

fn month_report(ctx: &RenderCtx<'_>, out: &Staging, s: &Summary, prev: Option<&Summary>) -> Result<String> {
    let l = ctx.labels();
    let board = ctx.board;
    let dir = format!("reports/{}", s.month);
    let mut c = ctx.context_as_of(s.month);
    c.insert("nav", "reports");
    c.insert("month", &s.month.to_string());
    c.insert("month_label", &month_label(s.month, &l));
    c.insert("prev_label", &prev.map(|p| month_label(p.month, &l)));
    c.insert("kpi", &kpis(board, s, prev, &l));
    c.insert(
        "districts",
        &ranked(&groups(&s.districts, prev.map(|p| &p.districts[..]), |a| Some(ctx.urls.district(&a.id)))),
    );
    c.insert("units", &ranked(&groups(&s.units, prev.map(|p| &p.units[..]), |_| None)));
    insert_rows(&mut c, "red_list", ctx, s, s.red_list.iter().map(|id| index_of(ctx, id)));
    insert_rows(&mut c, "honour_list", ctx, s, s.honour_list.iter().map(|id| index_of(ctx, id)));
    insert_rows(&mut c, "started", ctx, s, started_this_month(board, s, prev));
    insert_rows(&mut c, "completed", ctx, s, completed_this_month(s, prev));
    let problem_rows: Vec<Problem> = problems(board, s)
        .into_iter()
        .map(|(p, e)| Problem {
            name: p.name.clone(),
            url: ctx.urls.project(&p.id),
            district: board.site.district(&p.district).map(|d| d.name.clone()).unwrap_or_default(),
            unit: p.unit.clone(),
            leader: p.leader.clone(),
            problems: e.problems.clone().unwrap_or_default(),
            next: e.next.clone().unwrap_or_default(),
        })
        .collect();
    c.insert("problems", &problem_rows);
    c.insert("commentary", &board.reports.get(&s.month).map(|p| markdown::to_html(&p.markdown)));
    c.insert("district_chart", &district_chart(s, &l, &format!("dc{}", s.month)));
    c.insert("xlsx", &ctx.urls.to(&format!("{dir}/report.xlsx")));
    let path = format!("{dir}/index.html");
    ctx.page(out, "report.html", &c, &path)?;
    drop(c); // the lists as template values are large; the workbook needs its own memory
    let book = {
        let _span = crate::timings::Span::named("report_xlsx");
        report_xlsx::report_workbook(board, s, prev, &l)?.save_cached(report_xlsx::ZIP_LEVEL, ctx.cache)?
    };
    out.put(&format!("{dir}/report.xlsx"), &book)?;
    Ok(path)
}

#[derive(Serialize)]
struct ArchiveRow {
    month: String,
    label: String,
    url: String,
    projects: usize,
    ytd_invested_yi: String,
    completion_rate: String,
    time_progress: String,
    lag: String,
    red: usize,
    yellow: usize,
    green: usize,
    done: usize,
}

fn archive(ctx: &RenderCtx<'_>, out: &Staging) -> Result<String> {
    let l = ctx.labels();
    let rows: Vec<ArchiveRow> = ctx
        .history
        .iter()
        .rev()
        .map(|s| ArchiveRow {
            month: s.month.to_string(),
            label: month_label(s.month, &l),
            url: ctx.urls.to(&format!("reports/{}/", s.month)),
            projects: s.totals.projects,
            ytd_invested_yi: yi(s.totals.ytd_invested),
            completion_rate: percent(s.totals.completion_rate),
            time_progress: percent(Some(s.time_progress)),
            lag: points(s.totals.lag),
            red: s.totals.status.red,
            yellow: s.totals.status.yellow,
            green: s.totals.status.green,
            done: s.totals.status.done,
        })
        .collect();
    let mut c = ctx.base_context();
    c.insert("nav", "reports");
    c.insert("reports", &rows);
    ctx.page(out, "reports.html", &c, "reports/index.html")?;
    Ok("reports/index.html".into())
}
