//! View models: presentation-ready, serialisable figures for the templates.
//!
//! Templates only lay these out; every number is formatted here, once.

use serde::Serialize;
use serde_json::Value as Json;

use crate::format::{money, month_label, percent, points, yi};
use crate::metrics::{Aggregate, ProjectMetrics, Reason, Status, Summary};
use crate::model::{Board, Entry, Lang, Project, Site, Stage};
use crate::num::{Decimal, Month, Ratio};

/// UI strings of the theme's language file, for labels Rust must pick.
pub struct Labels<'a> {
    t: &'a Json,
    lang: Lang,
}

impl<'a> Labels<'a> {
    /// Wraps the language file.
    pub fn new(t: &'a Json, lang: Lang) -> Self {
        Labels { t, lang }
    }

    /// `section.key`. Every key the code reads is in the built-in theme's language files,
    /// and a theme is loaded only when its file has every key of those
    /// ([`crate::theme::load`]), so a lookup cannot miss.
    pub fn get(&self, section: &str, key: &str) -> String {
        self.text(section, key).to_string()
    }

    /// `section.key`, borrowed.
    pub fn text(&self, section: &str, key: &str) -> &'a str {
        let t: &'a Json = self.t;
        t.get(section)
            .and_then(|s| s.get(key))
            .and_then(Json::as_str)
            .unwrap_or_else(|| missing(&format!("{section}.{key}")))
    }

    /// Item `i` of the list `section.key`.
    pub fn item(&self, section: &str, key: &str, i: usize) -> &'a str {
        let t: &'a Json = self.t;
        t.get(section)
            .and_then(|s| s.get(key))
            .and_then(|l| l.get(i))
            .and_then(Json::as_str)
            .unwrap_or_else(|| missing(&format!("{section}.{key}[{i}]")))
    }

    /// A top-level string.
    pub fn get_top(&self, key: &str) -> String {
        self.t.get(key).and_then(Json::as_str).unwrap_or_else(|| missing(key)).to_string()
    }

    /// Language.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// `template` with every `{key}` of `pairs` replaced by its value, in one pass: a value is
/// not searched for placeholders, and braces around other words are kept.
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|end| pairs.iter().find(|(k, _)| *k == &after[..end]).map(|p| (end, p.1)));
        rest = match value {
            Some((end, v)) => {
                out.push_str(v);
                &after[end + 1..]
            }
            None => {
                out.push('{');
                after
            }
        };
    }
    out + rest
}

/// A lookup of a word the language file lacks: a word the code uses without its entry in
/// `themes/default/i18n/*.json` (the tests scan the code for such lookups).
#[cold]
fn missing(key: &str) -> ! {
    panic!("the theme's language file has no \"{key}\": add it to themes/default/i18n/zh-CN.json and en.json")
}

/// Links relative to the site's base URL.
#[derive(Clone, Debug)]
pub struct Urls {
    base: String,
}

impl Urls {
    /// `base` ends in `/`.
    pub fn new(base: &str) -> Self {
        Urls { base: base.to_string() }
    }

    /// `<base><path>`.
    pub fn to(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A project page.
    pub fn project(&self, id: &str) -> String {
        self.to(&format!("projects/{id}/"))
    }

    /// A district page.
    pub fn district(&self, id: &str) -> String {
        self.to(&format!("districts/{id}/"))
    }
}

/// A project as lists of many projects show it (the project table of the site, the
/// display, the report's lists): the fields those templates use, so that a list of
/// thousands does not carry every field of [`ProjectRow`] (the month's problems and next
/// steps, amounts) into the template context.
#[derive(Serialize)]
pub struct ListRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub district: &'a str,
    pub district_name: &'a str,
    pub category: &'a str,
    pub level: &'a str,
    pub leader: &'a str,
    pub unit: &'a str,
    pub deadline: &'a str,
    pub stage_label: &'a str,
    pub percent: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub physical_progress: &'a str,
    #[serde(serialize_with = "whole")]
    pub percent_value: f64,
    pub completion_rate: &'a str,
    #[serde(serialize_with = "whole_opt")]
    pub completion_value: Option<f64>,
    pub lag: &'a str,
    #[serde(serialize_with = "whole_opt")]
    pub lag_value: Option<f64>,
    pub status: &'a str,
    pub status_label: &'a str,
    pub status_order: u8,
    pub reasons: &'a [String],
    pub note: &'a str,
}

impl ProjectRow {
    /// The row as a [`ListRow`].
    pub fn list_row(&self) -> ListRow<'_> {
        ListRow {
            id: &self.id,
            name: &self.name,
            url: &self.url,
            district: &self.district,
            district_name: &self.district_name,
            category: &self.category,
            level: &self.level,
            leader: &self.leader,
            unit: &self.unit,
            deadline: &self.deadline,
            stage_label: &self.stage_label,
            percent: &self.percent,
            physical_progress: &self.physical_progress,
            percent_value: self.percent_value,
            completion_rate: &self.completion_rate,
            completion_value: self.completion_value,
            lag: &self.lag,
            lag_value: self.lag_value,
            status: self.status,
            status_label: &self.status_label,
            status_order: self.status_order,
            reasons: &self.reasons,
            note: &self.note,
        }
    }
}

/// Serializes rows as [`ListRow`]s (`#[serde(serialize_with = "crate::view::list_rows")]`).
pub fn list_rows<S: serde::Serializer>(rows: &[&ProjectRow], ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_seq(rows.iter().map(|r| r.list_row()))
}

/// One project as a table row and page header.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectRow {
    pub id: String,
    pub name: String,
    pub url: String,
    pub district: String,
    pub district_name: String,
    pub district_url: String,
    pub category: String,
    pub level: String,
    pub leader: String,
    pub unit: String,
    pub deadline: String,
    pub stage: &'static str,
    pub stage_label: String,
    /// The percent's number, empty when no entry gives one.
    pub percent: String,
    /// 形象进度 in the ledger's words (the latest entry's that gives them), or empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub physical_progress: String,
    #[serde(serialize_with = "whole")]
    pub percent_value: f64,
    pub annual_plan: String,
    pub ytd_invested: String,
    pub cumulative_invested: String,
    pub total_investment: String,
    pub completion_rate: String,
    #[serde(serialize_with = "whole_opt")]
    pub completion_value: Option<f64>,
    pub lag: String,
    #[serde(serialize_with = "whole_opt")]
    pub lag_value: Option<f64>,
    pub status: &'static str,
    pub status_label: String,
    pub status_order: u8,
    pub reasons: Vec<String>,
    pub note: String,
    pub problems: String,
    pub next: String,
}

/// A status row of the decisive reasons, in words.
pub fn reason_texts(reasons: &[Reason], site: &Site, l: &Labels<'_>) -> Vec<String> {
    reasons
        .iter()
        .map(|r| match r {
            Reason::Manual { note } => format!("{}: {note}", l.get("reason", "manual")),
            Reason::OverdueProject => l.get("reason", "overdue_project"),
            Reason::LagRed => fill(l.text("reason", "lag_red"), &[("red", &site.status.red.to_string())]),
            Reason::LagYellow => fill(l.text("reason", "lag_yellow"), &[("yellow", &site.status.yellow.to_string())]),
            Reason::LateStart { months } => fill(l.text("reason", "late_start"), &[("n", &months.to_string())]),
            Reason::OverdueMilestones => l.get("reason", "overdue_milestones"),
        })
        .collect()
}

/// Builds the row of `p` from its metrics.
pub fn project_row(board: &Board, p: &Project, m: &ProjectMetrics, urls: &Urls, l: &Labels<'_>) -> ProjectRow {
    let site = &board.site;
    let entry: Option<&Entry> = m.entry_of_month.map(|i| &p.progress[i]);
    let text = |f: fn(&Entry) -> &Option<String>| entry.and_then(|e| f(e).clone()).unwrap_or_default();
    ProjectRow {
        id: p.id.clone(),
        name: p.name.clone(),
        url: urls.project(&p.id),
        district: p.district.clone(),
        district_name: site.district(&p.district).map(|d| d.name.clone()).unwrap_or_default(),
        district_url: urls.district(&p.district),
        category: p.category.clone().unwrap_or_default(),
        level: p.level.clone().unwrap_or_default(),
        leader: p.leader.clone(),
        unit: p.unit.clone(),
        deadline: p.deadline.to_string(),
        stage: m.stage.key(),
        stage_label: l.get("stage", m.stage.key()),
        percent: m.percent.map_or_else(String::new, |p| p.to_string()),
        physical_progress: m
            .physical_progress
            .and_then(|i| p.progress[i].physical_progress.clone())
            .unwrap_or_default(),
        percent_value: m.percent.map_or(0.0, Decimal::to_f64),
        annual_plan: m.annual_plan.map_or_else(|| "—".into(), money),
        ytd_invested: money(m.ytd_invested),
        cumulative_invested: money(m.cumulative_invested),
        total_investment: p.total_investment.map_or_else(|| "—".into(), money),
        completion_rate: percent(m.completion_rate),
        completion_value: m.completion_rate.map(Ratio::to_f64),
        lag: points(m.lag),
        lag_value: m.lag.map(Ratio::to_f64),
        status: m.status.key(),
        status_label: l.get("status", m.status.key()),
        status_order: m.status.attention(),
        reasons: reason_texts(&m.reasons, site, l),
        note: text(|e| &e.note),
        problems: text(|e| &e.problems),
        next: text(|e| &e.next),
    }
}

/// One group as a table row.
#[derive(Clone, Debug, Serialize)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    pub rank: Option<usize>,
    pub rank_change: Option<i64>,
    pub projects: usize,
    pub started: usize,
    pub commencement_rate: String,
    pub annual_plan: String,
    pub ytd_invested: String,
    pub completion_rate: String,
    #[serde(serialize_with = "whole_opt")]
    pub completion_value: Option<f64>,
    pub lag: String,
    pub green: usize,
    pub yellow: usize,
    pub red: usize,
    pub done: usize,
    pub on_schedule_rate: String,
}

/// Builds a group row; `previous` is the same group a month earlier, for rank change.
pub fn group_row(a: &Aggregate, url: Option<String>, previous: Option<&Aggregate>) -> GroupRow {
    GroupRow {
        id: a.id.clone(),
        name: a.name.clone(),
        url,
        rank: a.rank,
        rank_change: match (a.rank, previous.and_then(|p| p.rank)) {
            (Some(now), Some(before)) => Some(before as i64 - now as i64),
            _ => None,
        },
        projects: a.projects,
        started: a.started,
        commencement_rate: percent(a.commencement_rate),
        annual_plan: money(a.annual_plan),
        ytd_invested: money(a.ytd_invested),
        completion_rate: percent(a.completion_rate),
        completion_value: a.completion_rate.map(Ratio::to_f64),
        lag: points(a.lag),
        green: a.status.green,
        yellow: a.status.yellow,
        red: a.status.red,
        done: a.status.done,
        on_schedule_rate: percent(a.on_schedule_rate),
    }
}

/// Groups sorted by rank.
pub fn ranked(rows: &[GroupRow]) -> Vec<GroupRow> {
    let mut v = rows.to_vec();
    v.sort_by_key(|r| r.rank.unwrap_or(usize::MAX));
    v
}

/// Headline figures.
#[derive(Clone, Debug, Serialize)]
pub struct Kpis {
    pub projects: usize,
    pub started: usize,
    pub total_investment_yi: String,
    pub annual_plan_yi: String,
    pub ytd_invested_yi: String,
    pub completion_rate: String,
    #[serde(serialize_with = "whole")]
    pub completion_value: f64,
    pub time_progress: String,
    #[serde(serialize_with = "whole")]
    pub time_value: f64,
    pub lag: String,
    pub commencement_rate: String,
    pub on_schedule_rate: String,
    pub status: Vec<StatusCount>,
    pub change: Option<KpiChange>,
}

/// One status with its count.
#[derive(Clone, Debug, Serialize)]
pub struct StatusCount {
    pub key: &'static str,
    pub label: String,
    pub count: usize,
    pub change: Option<i64>,
}

/// Change against the previous month.
#[derive(Clone, Debug, Serialize)]
pub struct KpiChange {
    pub month: String,
    pub completion_points: String,
    pub ytd_invested_yi: String,
}

/// Headline figures of `s`, with change against `prev`.
pub fn kpis(board: &Board, s: &Summary, prev: Option<&Summary>, l: &Labels<'_>) -> Kpis {
    let total: Decimal = board.projects.iter().filter_map(|p| p.total_investment).sum();
    let t = &s.totals;
    let change = prev.map(|p| KpiChange {
        month: month_label(p.month, l),
        completion_points: match (t.completion_rate, p.totals.completion_rate) {
            (Some(a), Some(b)) => a.minus(b).points_signed(),
            _ => "—".into(),
        },
        ytd_invested_yi: yi(t.ytd_invested - p.totals.ytd_invested),
    });
    Kpis {
        projects: t.projects,
        started: t.started,
        total_investment_yi: yi(total),
        annual_plan_yi: yi(t.annual_plan),
        ytd_invested_yi: yi(t.ytd_invested),
        completion_rate: percent(t.completion_rate),
        completion_value: t.completion_rate.map_or(0.0, Ratio::to_f64),
        time_progress: percent(Some(s.time_progress)),
        time_value: s.time_progress.to_f64(),
        lag: points(t.lag),
        commencement_rate: percent(t.commencement_rate),
        on_schedule_rate: percent(t.on_schedule_rate),
        status: Status::ALL
            .iter()
            .map(|&st| StatusCount {
                key: st.key(),
                label: l.get("status", st.key()),
                count: t.status.get(st),
                change: prev.map(|p| t.status.get(st) as i64 - p.totals.status.get(st) as i64),
            })
            .collect(),
        change,
    }
}

/// One month of a project's history table.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryRow {
    pub month: String,
    pub stage_label: String,
    pub percent: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub physical_progress: String,
    pub invested: String,
    pub cumulative: String,
    pub note: String,
    pub problems: String,
    pub next: String,
    pub manual: Option<String>,
    pub manual_note: String,
}

/// The project's entries up to `m`, newest first.
pub fn history(p: &Project, m: Month, l: &Labels<'_>) -> Vec<HistoryRow> {
    let mut stage = Stage::Planning;
    let mut rows = Vec::new();
    let entries = crate::metrics::project::entries_until(p, m);
    for (e, cumulative) in entries.iter().zip(crate::model::cumulative_series(p.prior_invested, entries)) {
        stage = e.stage.unwrap_or(stage);
        rows.push(HistoryRow {
            month: month_label(e.month, l),
            stage_label: l.get("stage", stage.key()),
            percent: e.percent.map_or_else(String::new, |p| p.to_string()),
            physical_progress: e.physical_progress.clone().unwrap_or_default(),
            invested: money(e.added),
            cumulative: money(cumulative),
            note: e.note.clone().unwrap_or_default(),
            problems: e.problems.clone().unwrap_or_default(),
            next: e.next.clone().unwrap_or_default(),
            manual: e.status.map(|s| l.get("status", ["red", "yellow", "green"][s as usize])),
            manual_note: e.status_note.clone().unwrap_or_default(),
        });
    }
    rows.reverse();
    rows
}

/// A milestone row.
#[derive(Clone, Debug, Serialize)]
pub struct MilestoneRow {
    pub name: String,
    pub due: String,
    pub done: String,
    pub state: &'static str,
    pub state_label: String,
}

/// Milestones with their state as of `m`.
pub fn milestones(p: &Project, pm: &ProjectMetrics, l: &Labels<'_>) -> Vec<MilestoneRow> {
    p.milestones
        .iter()
        .enumerate()
        .map(|(i, ms)| {
            let state = match (pm.overdue_milestones.contains(&i), ms.done) {
                (true, _) => "overdue",
                (false, Some(_)) => "achieved",
                (false, None) => "pending",
            };
            MilestoneRow {
                name: ms.name.clone(),
                due: ms.due.to_string(),
                done: ms.done.map(|d| d.to_string()).unwrap_or_default(),
                state,
                state_label: l.get("project", state),
            }
        })
        .collect()
}

/// A number for a template: a whole number without a decimal point (`52`, not `52.0`), as
/// CSS widths and sort keys are written.
pub fn whole<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

/// [`whole`] for an optional number.
fn whole_opt<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => whole(x, s),
        None => s.serialize_none(),
    }
}

/// `value` as JSON with every whole number written without a decimal point, for drawings
/// (posters, display slides) whose coordinates are mostly whole: `x="18"`, not `x="18.0"`.
pub fn whole_numbers(value: &impl Serialize) -> serde_json::Result<serde_json::Value> {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => {
                if let Some(x) = n.as_f64().filter(|x| n.is_f64() && x.fract() == 0.0 && x.abs() < 1e15) {
                    *n = (x as i64).into();
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            serde_json::Value::Object(map) => map.values_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(value)?;
    walk(&mut v);
    Ok(v)
}

/// The path part of a base URL: `https://example.gov.cn/zdxm/` → `/zdxm/`.
pub fn url_path(base: &str) -> &str {
    match base.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base,
    }
}

/// A `--base-url` as links use it: checked like `base_url` in site.yaml, ending in `/`.
pub fn normalize_base(base: &str) -> anyhow::Result<String> {
    if let Some(fault) = crate::origin::base_fault(base) {
        anyhow::bail!(
            "--base-url `{}` {fault}: write a path such as /zdxm/ or a full https:// address",
            crate::origin::shown(base)
        );
    }
    Ok(if base.ends_with('/') { base.to_string() } else { format!("{base}/") })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fill_replaces_each_placeholder_once_and_keeps_other_braces() {
        let pairs = [("n", "{m}"), ("m", "3")];
        assert_eq!(super::fill("{n} of {m}, {x}, {{m}, {", &pairs), "{m} of 3, {x}, {3, {");
    }
}
