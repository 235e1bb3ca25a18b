//! Group figures (overall, per district, category, level, level group, unit, leader),
//! rankings and the red and honour lists (SPEC §2).

use std::cmp::Ordering;

use serde::Serialize;

use super::project::{ProjectMetrics, Status};
use crate::num::{Decimal, Ratio};

/// Counts per status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub green: usize,
    pub yellow: usize,
    pub red: usize,
    pub done: usize,
}

impl StatusCounts {
    /// Adds one project.
    pub fn add(&mut self, s: Status) {
        *[&mut self.green, &mut self.yellow, &mut self.red, &mut self.done][s as usize] += 1;
    }

    /// The count of one status.
    pub fn get(&self, s: Status) -> usize {
        [self.green, self.yellow, self.red, self.done][s as usize]
    }
}

/// The figures of one group of projects.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Aggregate {
    /// Group id (district id, or the name for other groups).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Rank 1..n where ranked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<usize>,
    /// Number of projects.
    pub projects: usize,
    /// Started (stage ≥ started).
    pub started: usize,
    /// started / projects.
    pub commencement_rate: Option<Ratio>,
    /// ΣA.
    pub annual_plan: Decimal,
    /// ΣI.
    pub ytd_invested: Decimal,
    /// ΣI / ΣA.
    pub completion_rate: Option<Ratio>,
    /// T − completion_rate.
    pub lag: Option<Ratio>,
    /// Counts per status.
    pub status: StatusCounts,
    /// (green + done) / projects.
    pub on_schedule_rate: Option<Ratio>,
}

/// Sums `members` (metrics of the group's projects) into an aggregate.
pub fn aggregate<'a>(
    id: &str,
    name: &str,
    t: Ratio,
    members: impl IntoIterator<Item = &'a ProjectMetrics>,
) -> Aggregate {
    let mut a = Aggregate { id: id.to_string(), name: name.to_string(), ..Aggregate::default() };
    for m in members {
        a.projects += 1;
        a.started += usize::from(m.stage.is_started());
        a.annual_plan += m.annual_plan.unwrap_or(Decimal::ZERO);
        a.ytd_invested += m.ytd_invested;
        a.status.add(m.status);
    }
    a.commencement_rate = Ratio::of_counts(a.started, a.projects);
    a.on_schedule_rate = Ratio::of_counts(a.status.green + a.status.done, a.projects);
    a.completion_rate = if a.projects == 0 { None } else { Ratio::of(a.ytd_invested, a.annual_plan) };
    a.lag = a.completion_rate.map(|r| t.minus(r));
    a
}

/// Orders by completion rate (higher first, none last), then larger ytd, then id.
pub fn ranking_order(a: &Aggregate, b: &Aggregate) -> Ordering {
    // `None` is below every `Some`: compared the other way round, it comes last.
    b.completion_rate
        .cmp(&a.completion_rate)
        .then_with(|| b.ytd_invested.cmp(&a.ytd_invested))
        .then_with(|| a.id.cmp(&b.id))
}

/// Gives ranks 1..n in ranking order, without reordering the slice.
pub fn assign_ranks(groups: &mut [Aggregate]) {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&i, &j| ranking_order(&groups[i], &groups[j]));
    for (rank, i) in order.into_iter().enumerate() {
        groups[i].rank = Some(rank + 1);
    }
}

/// A project's key for the lists: id, status, lag, ytd.
pub struct ListItem<'a> {
    pub id: &'a str,
    pub m: &'a ProjectMetrics,
}

/// Every red project, largest lag first (ties by id), those without a lag after, by id.
pub fn red_list(items: &[ListItem<'_>]) -> Vec<String> {
    let mut red: Vec<&ListItem<'_>> = items.iter().filter(|i| i.m.status == Status::Red).collect();
    red.sort_by(|a, b| b.m.lag.cmp(&a.m.lag).then_with(|| a.id.cmp(b.id)));
    red.into_iter().map(|i| i.id.to_string()).collect()
}

/// The five green or done projects with the smallest lag (ties: larger ytd, then id).
pub fn honour_list(items: &[ListItem<'_>]) -> Vec<String> {
    let mut good: Vec<(&ListItem<'_>, Ratio)> = items
        .iter()
        .filter(|i| matches!(i.m.status, Status::Green | Status::Done))
        .filter_map(|i| i.m.lag.map(|l| (i, l)))
        .collect();
    // A total order (ids are unique): the five first found by selection, then ordered.
    let order = |(a, la): &(&ListItem<'_>, Ratio), (b, lb): &(&ListItem<'_>, Ratio)| {
        la.cmp(lb).then_with(|| b.m.ytd_invested.cmp(&a.m.ytd_invested)).then_with(|| a.id.cmp(b.id))
    };
    if good.len() > 5 {
        good.select_nth_unstable_by(4, order);
        good.truncate(5);
    }
    good.sort_by(order);
    good.into_iter().map(|(i, _)| i.id.to_string()).collect()
}
