//! SPEC §2: every figure as of a report month, as pure functions of the board.

pub mod aggregate;
pub mod lists;
pub mod project;

use std::collections::BTreeMap;

pub use aggregate::{Aggregate, StatusCounts};
pub use project::{ProjectMetrics, Reason, Status};

use crate::model::{Board, Project};
use crate::num::{Month, Ratio};
use aggregate::{aggregate, assign_ranks, honour_list, red_list, ListItem};

/// All figures of the board as of one month.
#[derive(Clone, Debug)]
pub struct Summary {
    /// The month M.
    pub month: Month,
    /// Time progress T.
    pub time_progress: Ratio,
    /// Per project, in board order (by id).
    pub projects: Vec<ProjectMetrics>,
    /// All projects.
    pub totals: Aggregate,
    /// Declared districts, in site order, ranked.
    pub districts: Vec<Aggregate>,
    /// Categories (declared first, then any others), in order.
    pub categories: Vec<Aggregate>,
    /// Levels likewise.
    pub levels: Vec<Aggregate>,
    /// Level groups in site order.
    pub level_groups: Vec<Aggregate>,
    /// Units by name, ranked.
    pub units: Vec<Aggregate>,
    /// Leaders by name, ranked.
    pub leaders: Vec<Aggregate>,
    /// Red list (黑榜), project indexes.
    pub red_list: Vec<String>,
    /// Honour list (红榜), project ids.
    pub honour_list: Vec<String>,
}

/// The report month: `--month`, else `as_of`, else the latest month with an entry.
pub fn report_month(board: &Board, flag: Option<Month>) -> Option<Month> {
    flag.or(board.site.as_of).or_else(|| board.last_month())
}

/// Which projects (by index) make up each district, category, level, unit and leader.
/// It depends on the board only, not on the month, so a history of many months finds it once.
pub struct Membership<'a> {
    districts: BTreeMap<&'a str, Vec<usize>>,
    categories: BTreeMap<&'a str, Vec<usize>>,
    levels: BTreeMap<&'a str, Vec<usize>>,
    units: BTreeMap<&'a str, Vec<usize>>,
    leaders: BTreeMap<&'a str, Vec<usize>>,
}

impl<'a> Membership<'a> {
    /// The groups of `board`.
    pub fn of(board: &'a Board) -> Membership<'a> {
        let by = |key: fn(&Project) -> Option<&str>| {
            let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, p) in board.projects.iter().enumerate() {
                if let Some(k) = key(p) {
                    map.entry(k).or_default().push(i);
                }
            }
            map
        };
        Membership {
            districts: by(|p| Some(p.district.as_str())),
            categories: by(|p| p.category.as_deref()),
            levels: by(|p| p.level.as_deref()),
            units: by(|p| Some(p.unit.as_str())),
            leaders: by(|p| Some(p.leader.as_str())),
        }
    }
}

/// Computes every SPEC §2 figure as of `m`; `groups` is [`Membership::of`] the board.
pub fn summarize(board: &Board, groups: &Membership<'_>, m: Month) -> Summary {
    let t = project::time_progress(m);
    let th = board.site.status;
    let projects: Vec<ProjectMetrics> = board.projects.iter().map(|p| project::compute(p, m, th)).collect();
    let group = |id: &str, name: &str, members: &[usize]| aggregate(id, name, t, members.iter().map(|&i| &projects[i]));
    let mut districts: Vec<Aggregate> = board
        .site
        .districts
        .iter()
        .map(|d| group(&d.id, &d.name, groups.districts.get(d.id.as_str()).map_or(&[][..], Vec::as_slice)))
        .collect();
    assign_ranks(&mut districts);
    let named = |declared: &[String], map: &BTreeMap<&str, Vec<usize>>| -> Vec<Aggregate> {
        let extra = map.keys().copied().filter(|k| !declared.iter().any(|d| d == k));
        declared
            .iter()
            .map(String::as_str)
            .chain(extra)
            .map(|k| group(k, k, map.get(k).map_or(&[][..], Vec::as_slice)))
            .collect()
    };
    let categories = named(&board.site.categories, &groups.categories);
    let levels = named(&board.site.levels, &groups.levels);
    let level_groups = board
        .site
        .level_groups
        .iter()
        .map(|(name, members)| {
            let mut idx: Vec<usize> =
                members.iter().filter_map(|l| groups.levels.get(l.as_str())).flatten().copied().collect();
            idx.sort_unstable();
            idx.dedup();
            group(name, name, &idx)
        })
        .collect();
    let mut units = named(&[], &groups.units);
    assign_ranks(&mut units);
    let mut leaders = named(&[], &groups.leaders);
    assign_ranks(&mut leaders);
    let items: Vec<ListItem<'_>> =
        board.projects.iter().zip(&projects).map(|(p, m)| ListItem { id: &p.id, m }).collect();
    let (red_list, honour_list) = (red_list(&items), honour_list(&items));
    let totals = aggregate("all", "all", t, &projects);
    Summary {
        month: m,
        time_progress: t,
        projects,
        totals,
        districts,
        categories,
        levels,
        level_groups,
        units,
        leaders,
        red_list,
        honour_list,
    }
}

/// Every month from the first entry (or the report month, if earlier) to `m`.
pub fn history_months(board: &Board, m: Month) -> Vec<Month> {
    let first = board.first_month().map_or(m, |f| f.min(m));
    first.through(m).collect()
}
