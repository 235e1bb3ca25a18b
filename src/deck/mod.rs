//! The lobby display (大屏): what its slides show, computed once from the report month's
//! figures. The kiosk page (`display/index.html`) and the slide images
//! (`display/slides/<nn>.png`) are both drawn from this [`Deck`].

pub mod image;

use std::collections::HashMap;

use serde::Serialize;

use crate::format::{percent, yi};
use crate::metrics::{Aggregate, Status, Summary};
use crate::model::{Board, DisplayOptions};
use crate::num::{tenths, Ratio};
use crate::view::{fill, Labels, ProjectRow};

/// Every slide's content.
#[derive(Debug, Serialize)]
pub struct Deck<'a> {
    /// Seconds per slide.
    pub seconds: u32,
    /// Seconds between checks of `data/version.json`.
    pub reload: u32,
    /// Pages one rotation of the board's show may have (see [`budget`]).
    pub max_pages: usize,
    /// Headline figures of the whole board.
    pub board: Overview,
    /// Each district's own overview, in district order.
    pub districts: Vec<DistrictOverview>,
    /// Districts by rank, for the chart and the ranking.
    pub ranking: Vec<RankRow>,
    /// Red list, in list order.
    #[serde(serialize_with = "crate::view::list_rows")]
    pub red: Vec<&'a ProjectRow>,
    /// Honour list, in list order.
    #[serde(serialize_with = "crate::view::list_rows")]
    pub honour: Vec<&'a ProjectRow>,
    /// Every project, the ones that need attention first: red, yellow, on schedule, done;
    /// then by district and id.
    #[serde(serialize_with = "crate::view::list_rows")]
    pub projects: Vec<&'a ProjectRow>,
}

/// Headline figures of a group.
#[derive(Debug, Serialize)]
pub struct Overview {
    pub projects: usize,
    pub annual_plan_yi: String,
    pub ytd_invested_yi: String,
    pub commencement_rate: String,
    pub on_schedule_rate: String,
    pub completion_rate: String,
    /// Bar width of the completion rate, 0–100.
    #[serde(serialize_with = "crate::view::whole")]
    pub completion_width: f64,
    pub time_progress: String,
    /// Bar width of the time progress, 0–100.
    #[serde(serialize_with = "crate::view::whole")]
    pub time_width: f64,
    /// Time progress as a fraction.
    #[serde(serialize_with = "crate::view::whole")]
    pub time_value: f64,
    /// "落后时序进度 x 个百分点" or "超前…", empty without a plan.
    pub lag_text: String,
    pub status: Vec<StatusCount>,
}

/// One status with its count and icon.
#[derive(Debug, Serialize)]
pub struct StatusCount {
    pub key: &'static str,
    pub label: String,
    pub icon: &'static str,
    pub count: usize,
}

/// A district's overview slide.
#[derive(Debug, Serialize)]
pub struct DistrictOverview {
    pub id: String,
    pub title: String,
    pub rank_text: String,
    pub kpi: Overview,
}

/// A district in the chart and the ranking.
#[derive(Debug, Serialize)]
pub struct RankRow {
    pub id: String,
    pub name: String,
    pub rank: String,
    pub projects: usize,
    pub completion_rate: String,
    /// Bar width, 0–100.
    pub width: f64,
    /// Completion rate below time progress.
    pub behind: bool,
    pub lag: String,
    pub red: usize,
    pub yellow: usize,
}

/// The icon that goes with a status everywhere (never colour alone).
pub fn status_icon(s: Status) -> &'static str {
    ["●", "▲", "■", "✓"][s as usize]
}

/// Builds the deck. `rows` are the project rows of the report month in board order.
pub fn deck<'a>(board: &Board, s: &Summary, rows: &'a [ProjectRow], l: &Labels<'_>) -> Deck<'a> {
    let index: HashMap<&str, &'a ProjectRow> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let by_id = |ids: &[String]| -> Vec<&'a ProjectRow> {
        ids.iter().filter_map(|id| index.get(id.as_str()).copied()).collect()
    };
    let n = s.districts.len();
    let districts = board
        .site
        .districts
        .iter()
        .filter_map(|d| s.districts.iter().find(|a| a.id == d.id))
        .map(|a| DistrictOverview {
            id: a.id.clone(),
            title: fill(l.text("display", "district_overview"), &[("name", &a.name)]),
            rank_text: a.rank.map_or_else(String::new, |r| {
                fill(l.text("display", "rank_of"), &[("rank", &r.to_string()), ("n", &n.to_string())])
            }),
            kpi: overview(a, s.time_progress, l),
        })
        .collect();
    let mut ranking: Vec<&Aggregate> = s.districts.iter().collect();
    ranking.sort_by_key(|a| (a.rank.unwrap_or(usize::MAX), a.id.clone()));
    Deck {
        seconds: board.site.display.seconds_per_slide,
        reload: board.site.display.reload_check_seconds,
        max_pages: max_pages(board.site.display),
        board: overview(&s.totals, s.time_progress, l),
        districts,
        ranking: ranking.into_iter().map(|a| rank_row(a, s.time_progress)).collect(),
        red: by_id(&s.red_list),
        honour: by_id(&s.honour_list),
        projects: in_show_order(board, rows),
    }
}

/// Project rows by status (red first), then district (in site.yaml order), then id.
fn in_show_order<'a>(board: &Board, rows: &'a [ProjectRow]) -> Vec<&'a ProjectRow> {
    let rank: HashMap<&str, usize> = board.site.districts.iter().enumerate().map(|(k, d)| (d.id.as_str(), k)).collect();
    let rank = |d: &str| rank.get(d).copied().unwrap_or(usize::MAX);
    let mut v: Vec<&ProjectRow> = rows.iter().collect();
    v.sort_by_cached_key(|r| (r.status_order, rank(&r.district), r.id.as_str()));
    v
}

/// Pages in one rotation: `show_minutes` of `seconds_per_slide` each (at least one page
/// per slide set, so every set is seen).
pub fn max_pages(d: DisplayOptions) -> usize {
    ((u64::from(d.show_minutes) * 60 / u64::from(d.seconds_per_slide.max(1))) as usize).max(SETS)
}

/// The slide sets of the board's show: overview, chart, ranking, red, honour, projects.
pub const SETS: usize = 6;

/// How many pages of each set (in show order) one rotation of at most `max` pages shows:
/// each set takes what it has, leaving one page for every later set that has any. The
/// kiosk page (`display.js`) applies the same rule to the pages it measures.
pub fn budget(pages: &[usize], max: usize) -> Vec<usize> {
    let mut used = 0;
    pages
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let later = pages[k + 1..].iter().filter(|&&m| m > 0).count();
            let take = n.min(max.saturating_sub(used + later)).max(usize::from(n > 0));
            used += take;
            take
        })
        .collect()
}

/// A bar width in percent, clamped to the track.
pub fn width(r: Option<Ratio>) -> f64 {
    r.map_or(0.0, |r| (r.to_f64() * 100.0).clamp(0.0, 100.0))
}

fn overview(a: &Aggregate, time: Ratio, l: &Labels<'_>) -> Overview {
    Overview {
        projects: a.projects,
        annual_plan_yi: yi(a.annual_plan),
        ytd_invested_yi: yi(a.ytd_invested),
        commencement_rate: percent(a.commencement_rate),
        on_schedule_rate: percent(a.on_schedule_rate),
        completion_rate: percent(a.completion_rate),
        completion_width: width(a.completion_rate),
        time_progress: percent(Some(time)),
        time_width: width(Some(time)),
        time_value: time.to_f64(),
        lag_text: lag_text(a.lag, l),
        status: Status::ALL
            .iter()
            .map(|&st| StatusCount {
                key: st.key(),
                label: l.get("status", st.key()),
                icon: status_icon(st),
                count: a.status.get(st),
            })
            .collect(),
    }
}

/// "落后时序进度 3.2 个百分点" / "超前时序进度 1.0 个百分点"; empty when there is no rate.
pub fn lag_text(lag: Option<Ratio>, l: &Labels<'_>) -> String {
    let Some(lag) = lag else { return String::new() };
    let t = lag.round_scaled(1000);
    let key = if t > 0 { "behind" } else { "ahead" };
    fill(l.text("display", key), &[("p", &tenths(t.abs()))])
}

fn rank_row(a: &Aggregate, time: Ratio) -> RankRow {
    RankRow {
        id: a.id.clone(),
        name: a.name.clone(),
        rank: a.rank.map_or_else(|| "—".into(), |r| r.to_string()),
        projects: a.projects,
        completion_rate: percent(a.completion_rate),
        width: width(a.completion_rate),
        behind: a.completion_rate.is_some_and(|r| r < time),
        lag: crate::format::points(a.lag),
        red: a.status.red,
        yellow: a.status.yellow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn labels() -> (serde_json::Value, Lang) {
        let t = serde_json::json!({"display": {"behind": "落后时序进度 {p} 个百分点", "ahead": "超前时序进度 {p} 个百分点"}});
        (t, Lang::ZhCn)
    }

    #[test]
    fn lag_reads_as_behind_or_ahead_with_one_decimal() {
        let (t, lang) = labels();
        let l = Labels::new(&t, lang);
        // time progress 10/12, completion 0.5 → 33.3 points behind
        let lag = Ratio::new(10, 12).minus(Ratio::new(1, 2));
        assert_eq!(lag_text(Some(lag), &l), "落后时序进度 33.3 个百分点");
        assert_eq!(lag_text(Some(Ratio::new(-1, 40)), &l), "超前时序进度 2.5 个百分点");
        assert_eq!(lag_text(None, &l), "");
    }

    #[test]
    fn a_show_keeps_to_its_pages_and_shows_every_set() {
        // 10 minutes of 15 s slides: 40 pages.
        let d = DisplayOptions { seconds_per_slide: 15, reload_check_seconds: 60, show_minutes: 10 };
        assert_eq!(max_pages(d), 40);
        assert_eq!(max_pages(DisplayOptions { seconds_per_slide: 600, ..d }), SETS);
        // Small boards are shown whole.
        assert_eq!(budget(&[1, 1, 1, 2, 1, 5], 40), [1, 1, 1, 2, 1, 5]);
        // A board of 10,000 projects: 150 red pages, 1,429 project pages.
        let b = budget(&[1, 2, 2, 150, 1, 1429], 40);
        assert_eq!(b, [1, 2, 2, 33, 1, 1]);
        assert_eq!(b.iter().sum::<usize>(), 40);
        // Fewer red pages leave the rest to the projects, red and yellow first.
        assert_eq!(budget(&[1, 2, 2, 3, 1, 1429], 40), [1, 2, 2, 3, 1, 31]);
        // An empty set takes no page; a set never gets less than one page.
        assert_eq!(budget(&[1, 0, 0, 9, 0, 9], 6), [1, 0, 0, 4, 0, 1]);
        assert_eq!(budget(&[1, 2, 2, 9, 1, 9], 3), [1, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn widths_stay_on_the_track() {
        assert_eq!(width(Some(Ratio::new(3, 2))), 100.0);
        assert_eq!(width(Some(Ratio::new(-1, 2))), 0.0);
        assert_eq!(width(None), 0.0);
        assert!((width(Some(Ratio::new(1, 3))) - 33.333).abs() < 0.001);
    }
}
