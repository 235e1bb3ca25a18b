//! What a monthly report (月度通报) lists beyond the summary: projects started and
//! completed in the month, and the problem list. Pure functions of the figures.

use crate::metrics::Summary;
use crate::model::{Board, Entry, Project};

/// Indexes of projects whose stage reached `started` in the month of `s`.
pub fn started_this_month(s: &Summary, prev: Option<&Summary>) -> Vec<usize> {
    changed(s, prev, |m| m.stage.is_started())
}

/// Indexes of projects whose stage reached `completed` in the month of `s`.
pub fn completed_this_month(s: &Summary, prev: Option<&Summary>) -> Vec<usize> {
    changed(s, prev, |m| m.stage.is_done())
}

fn changed(s: &Summary, prev: Option<&Summary>, holds: fn(&crate::metrics::ProjectMetrics) -> bool) -> Vec<usize> {
    s.projects
        .iter()
        .enumerate()
        .filter(|(i, m)| holds(m) && !prev.is_some_and(|p| holds(&p.projects[*i])))
        .map(|(i, _)| i)
        .collect()
}

/// Every entry of the month that reports a problem, in project order.
pub fn problems<'a>(board: &'a Board, s: &Summary) -> Vec<(&'a Project, &'a Entry)> {
    board
        .projects
        .iter()
        .zip(&s.projects)
        .filter_map(|(p, m)| m.entry_of_month.map(|i| (p, &p.progress[i])))
        .filter(|(_, e)| e.problems.is_some())
        .collect()
}
