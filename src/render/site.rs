//! The website: dashboard, project list and pages, districts, units, leaders, free pages.

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use super::{fill, Link, PageContext, RenderCtx};
use crate::chart::{self, DistrictText, MonthPoint, ProjectText};
use crate::format::{money, month_label, month_short, percent};
use crate::markdown;
use crate::metrics::{Aggregate, Summary};
use crate::model::Project;
use crate::publish::Staging;
use crate::view::{
    group_row, history, kpis, milestones, project_row, ranked, GroupRow, Labels, ListRow, ProjectRow, Urls,
};

/// Every project's row of the report month, in board order (shared by the site and the display).
pub fn project_rows(ctx: &RenderCtx<'_>) -> Vec<ProjectRow> {
    let lang = ctx.board.site.language;
    ctx.board
        .projects
        .par_iter()
        .zip(&ctx.summary().projects)
        .map(|(p, m)| project_row(ctx.board, p, m, &ctx.urls, &Labels::new(&ctx.theme.strings, lang)))
        .collect()
}

/// Renders every HTML page from the project `rows`; returns their paths.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging, rows: &[ProjectRow]) -> Result<Vec<String>> {
    let s = ctx.summary();
    let l = ctx.labels();
    let base = ctx.base_context();
    let mut pages = Vec::new();
    let district_rows =
        groups(&s.districts, ctx.previous().map(|p| &p.districts[..]), |a| Some(ctx.urls.district(&a.id)));
    let chart = district_chart(s, &l, "dc");
    // The project pages first: each is small, while the lists of every project (this list
    // page, the display page, the workbooks) are large; started together, those lists made
    // the build's peak memory.
    let project_pages = project_pages(ctx, out, &base, rows)?;
    // The other pages in two halves side by side: when the project pages are done, the
    // other output families usually are too, and one thread would otherwise wait.
    let (lists, rest) = rayon::join(
        || -> Result<Vec<String>> {
            Ok(vec![dashboard(ctx, out, &base, rows, &district_rows, &chart)?, project_list(ctx, out, &base, rows)?])
        },
        || -> Result<Vec<String>> {
            let mut pages = district_pages(ctx, out, &base, rows, &district_rows, &chart)?;
            pages.push(group_page(ctx, out, &base, "units", &s.units, ctx.previous().map(|p| &p.units[..]))?);
            pages.push(group_page(ctx, out, &base, "leaders", &s.leaders, ctx.previous().map(|p| &p.leaders[..]))?);
            pages.extend(free_pages(ctx, out, &base)?);
            let mut c = base.clone();
            c.insert("nav", "");
            ctx.page(out, "404.html", &c, "404.html")?;
            Ok(pages)
        },
    );
    pages.extend(lists?);
    pages.extend(project_pages);
    pages.extend(rest?);
    Ok(pages)
}

pub(super) fn groups(
    now: &[Aggregate],
    before: Option<&[Aggregate]>,
    url: impl Fn(&Aggregate) -> Option<String>,
) -> Vec<GroupRow> {
    let before: std::collections::HashMap<&str, &Aggregate> =
        before.unwrap_or_default().iter().map(|b| (b.id.as_str(), b)).collect();
    now.iter().map(|a| group_row(a, url(a), before.get(a.id.as_str()).copied())).collect()
}

pub(super) fn district_chart(s: &Summary, l: &Labels<'_>, id: &str) -> String {
    let tp = percent(Some(s.time_progress));
    let title = fill(l.text("chart", "district_title"), "t", &tp);
    let desc = fill(l.text("chart", "district_desc"), "t", &tp);
    let line = format!("{} {tp}", l.get("chart", "time_progress"));
    let text = DistrictText { title: &title, desc: &desc, line_label: &line, id };
    chart::district_ranking_chart(&s.districts, s.time_progress, &text)
}

fn lookup<'r>(rows: &'r [ProjectRow], ids: &[String]) -> Vec<ListRow<'r>> {
    ids.iter()
        .filter_map(|id| rows.binary_search_by(|r| r.id.as_str().cmp(id)).ok().map(|i| rows[i].list_row()))
        .collect()
}

#[derive(Serialize)]
struct Tables {
    level_groups: Vec<GroupRow>,
    levels: Vec<GroupRow>,
    categories: Vec<GroupRow>,
}

fn dashboard(
    ctx: &RenderCtx<'_>,
    out: &Staging,
    base: &PageContext,
    rows: &[ProjectRow],
    districts: &[GroupRow],
    chart: &str,
) -> Result<String> {
    let s = ctx.summary();
    let l = ctx.labels();
    let mut c = base.clone();
    c.insert("nav", "home");
    c.insert("kpi", &kpis(ctx.board, s, ctx.previous(), &l));
    c.insert("district_chart", chart);
    c.insert("districts", &ranked(districts));
    let plain = |g: &[Aggregate]| groups(g, None, |_| None);
    let tables =
        Tables { level_groups: plain(&s.level_groups), levels: plain(&s.levels), categories: plain(&s.categories) };
    c.insert("tables", &tables);
    c.insert("red_list", &lookup(rows, &s.red_list));
    c.insert("honour_list", &lookup(rows, &s.honour_list));
    ctx.page(out, "index.html", &c, "index.html")?;
    Ok("index.html".into())
}

#[derive(Serialize)]
struct Option2 {
    value: String,
    label: String,
}

fn project_list(ctx: &RenderCtx<'_>, out: &Staging, base: &PageContext, rows: &[ProjectRow]) -> Result<String> {
    let site = &ctx.board.site;
    let l = ctx.labels();
    let mut c = base.clone();
    c.insert("nav", "projects");
    c.insert("rows", &rows.iter().map(ProjectRow::list_row).collect::<Vec<_>>());
    let opts =
        |v: Vec<(String, String)>| v.into_iter().map(|(value, label)| Option2 { value, label }).collect::<Vec<_>>();
    c.insert("districts", &opts(site.districts.iter().map(|d| (d.id.clone(), d.name.clone())).collect()));
    c.insert("categories", &opts(site.categories.iter().map(|x| (x.clone(), x.clone())).collect()));
    c.insert("levels", &opts(site.levels.iter().map(|x| (x.clone(), x.clone())).collect()));
    c.insert(
        "statuses",
        &opts(crate::metrics::Status::ALL.iter().map(|s| (s.key().to_string(), l.get("status", s.key()))).collect()),
    );
    c.insert("count_label", &fill(&l.get("projects", "count"), "n", &rows.len().to_string()));
    ctx.page(out, "projects.html", &c, "projects/index.html")?;
    Ok("projects/index.html".into())
}

#[derive(Serialize)]
struct Photo {
    url: String,
    alt: String,
}

#[derive(Serialize)]
struct ChartRow {
    month: String,
    percent: String,
    cumulative: String,
}

fn project_pages(ctx: &RenderCtx<'_>, out: &Staging, base: &PageContext, rows: &[ProjectRow]) -> Result<Vec<String>> {
    let (months, charts) = (MonthNames::new(ctx), chart::ProjectCharts::default());
    (0..rows.len()).into_par_iter().map(|i| project_page(ctx, out, base, &months, &charts, i, &rows[i])).collect()
}

/// The pages of the projects `changed` (indexes into the board) alone.
pub fn pages_of(ctx: &RenderCtx<'_>, out: &Staging, changed: &[usize]) -> Result<()> {
    let (base, months, charts) = (ctx.base_context(), MonthNames::new(ctx), chart::ProjectCharts::default());
    let l = ctx.labels();
    changed.par_iter().try_for_each(|&i| {
        let row = project_row(ctx.board, &ctx.board.projects[i], &ctx.summary().projects[i], &ctx.urls, &l);
        project_page(ctx, out, &base, &months, &charts, i, &row).map(drop)
    })
}

/// Where the page of `p` goes.
pub fn project_path(p: &Project) -> String {
    format!("projects/{}/index.html", p.id)
}

/// The page of the board's project `i`, whose row is `row`; returns its path.
fn project_page(
    ctx: &RenderCtx<'_>,
    out: &Staging,
    base: &PageContext,
    months: &MonthNames,
    charts: &chart::ProjectCharts,
    i: usize,
    row: &ProjectRow,
) -> Result<String> {
    let s = ctx.summary();
    let (p, m) = (&ctx.board.projects[i], &s.projects[i]);
    let path = project_path(p);
    // Everything the page is made from besides `base` and the theme.
    let statuses: Vec<_> = ctx.history.iter().map(|h| h.projects[i].status).collect();
    let key = base.with_inputs(&(p, m, row, &statuses, &months.months, s.month));
    ctx.page_by(out, "project.html", &key, &path, || {
        let l = ctx.labels();
        let mut c = base.clone();
        c.insert("nav", "projects");
        c.insert("p", row);
        c.insert("owner", &p.owner);
        c.insert("start", &p.start.map(|m| m.to_string()));
        c.insert("prior_invested", &p.prior_invested.map(money));
        c.insert("milestones", &milestones(p, m, &l));
        c.insert("history", &history(p, s.month, &l));
        c.insert("status_history", &status_history(ctx, i, months));
        let (svg, table) = project_chart(charts, p, s, &l);
        c.insert("chart", &svg);
        c.insert("chart_rows", &table);
        c.insert("photos", &photos(p, &ctx.urls, &l));
        c.insert("description", &p.description.as_deref().map(markdown::to_html));
        c
    })?;
    ctx.progress.advance(1);
    Ok(path)
}

#[derive(Serialize)]
struct StatusCell<'a> {
    month: &'a str,
    label: &'a str,
    key: &'static str,
    text: &'a str,
}

/// The words of the status history, the same on every project page: made once.
struct MonthNames {
    /// Short and long name of every month of the history.
    months: Vec<(String, String)>,
    /// The label of every status, in [`Status::ALL`](crate::metrics::Status::ALL) order.
    statuses: Vec<String>,
}

impl MonthNames {
    fn new(ctx: &RenderCtx<'_>) -> MonthNames {
        let l = ctx.labels();
        MonthNames {
            months: ctx.history.iter().map(|s| (month_short(s.month, &l), month_label(s.month, &l))).collect(),
            statuses: crate::metrics::Status::ALL.iter().map(|st| l.get("status", st.key())).collect(),
        }
    }
}

/// The project's status in every month from the first entry of the board on.
fn status_history<'a>(ctx: &RenderCtx<'_>, i: usize, names: &'a MonthNames) -> Vec<StatusCell<'a>> {
    ctx.history
        .iter()
        .zip(&names.months)
        .map(|(s, (short, long))| {
            let status = s.projects[i].status;
            StatusCell { month: short, label: long, key: status.key(), text: &names.statuses[status as usize] }
        })
        .collect()
}

fn project_chart(charts: &chart::ProjectCharts, p: &Project, s: &Summary, l: &Labels<'_>) -> (String, Vec<ChartRow>) {
    let entries = crate::metrics::project::entries_until(p, s.month);
    if entries.is_empty() {
        return (String::new(), Vec::new());
    }
    let mut points = Vec::new();
    let mut table = Vec::new();
    for (e, cumulative) in entries.iter().zip(crate::model::cumulative_series(p.prior_invested, entries)) {
        points.push(MonthPoint {
            label: month_short(e.month, l),
            percent: e.percent.map(crate::num::Decimal::to_f64),
            cumulative: cumulative.to_f64(),
        });
        table.push(ChartRow {
            month: month_label(e.month, l),
            percent: e.percent.map_or_else(|| "—".to_string(), |p| p.to_string()),
            cumulative: money(cumulative),
        });
    }
    let title = format!("{} — {}", p.name, l.get("project", "chart"));
    let desc = l.get("project", "chart_desc");
    let (percent_axis, money_axis) = (l.get("chart", "percent"), l.get("chart", "cumulative"));
    let text =
        ProjectText { title: &title, desc: &desc, percent_axis: &percent_axis, money_axis: &money_axis, id: "pc" };
    (charts.chart(&points, &text), table)
}

fn photos(p: &Project, urls: &Urls, l: &Labels<'_>) -> Vec<Photo> {
    p.photos
        .iter()
        .map(|path| Photo { url: urls.to(path), alt: fill(&l.get("project", "photo_alt"), "name", &p.name) })
        .collect()
}

fn district_pages(
    ctx: &RenderCtx<'_>,
    out: &Staging,
    base: &PageContext,
    rows: &[ProjectRow],
    districts: &[GroupRow],
    chart: &str,
) -> Result<Vec<String>> {
    let mut c = base.clone();
    c.insert("nav", "districts");
    c.insert("districts", &ranked(districts));
    c.insert("district_chart", chart);
    ctx.page(out, "districts.html", &c, "districts/index.html")?;
    let mut pages = vec!["districts/index.html".to_string()];
    for d in districts {
        let mine: Vec<ListRow<'_>> = rows.iter().filter(|r| r.district == d.id).map(ProjectRow::list_row).collect();
        let mut c = base.clone();
        c.insert("nav", "districts");
        c.insert("d", d);
        c.insert("rows", &mine);
        let path = format!("districts/{}/index.html", d.id);
        ctx.page(out, "district.html", &c, &path)?;
        pages.push(path);
    }
    Ok(pages)
}

fn group_page(
    ctx: &RenderCtx<'_>,
    out: &Staging,
    base: &PageContext,
    kind: &str,
    now: &[Aggregate],
    before: Option<&[Aggregate]>,
) -> Result<String> {
    let mut c = base.clone();
    c.insert("nav", kind);
    c.insert("kind", kind);
    c.insert("groups", &ranked(&groups(now, before, |_| None)));
    let path = format!("{kind}/index.html");
    ctx.page(out, "groups.html", &c, &path)?;
    Ok(path)
}

fn free_pages(ctx: &RenderCtx<'_>, out: &Staging, base: &PageContext) -> Result<Vec<String>> {
    let mut pages = Vec::new();
    for p in &ctx.board.pages {
        let mut c = base.clone();
        let url = ctx.urls.to(&format!("pages/{}/", p.slug));
        c.insert("nav", &url);
        c.insert("page", &Link { label: p.title.clone(), url });
        c.insert("content", &markdown::to_html(&p.markdown));
        let path = format!("pages/{}/index.html", p.slug);
        ctx.page(out, "page.html", &c, &path)?;
        pages.push(path);
    }
    Ok(pages)
}

/// `sitemap.xml` listing every page under the base URL.
pub fn sitemap(ctx: &RenderCtx<'_>, out: &Staging, pages: &[String]) -> Result<()> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut sorted: Vec<&String> = pages.iter().collect();
    sorted.sort();
    for p in sorted {
        let path = p.strip_suffix("index.html").unwrap_or(p);
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", chart::xml_escape(&ctx.urls.to(path))));
    }
    xml.push_str("</urlset>\n");
    out.write("sitemap.xml", xml.as_bytes())
}
