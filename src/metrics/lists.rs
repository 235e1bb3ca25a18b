//! What a monthly report (月度通报) lists beyond the summary: projects started and
//! completed in the month, and the problem list. Pure functions of the figures.

use crate::metrics::{ProjectMetrics, Summary};
use crate::model::{Board, Entry, Project};

/// Indexes of projects whose stage reached `started` in the month of `s`.
///
/// In the board's first month there is no month before to compare with, and a project
/// reported as under construction may have started years ago: there a project counts as
/// started this month only when its planned start (`start`) is this month.
pub fn started_this_month(board: &Board, s: &Summary, prev: Option<&Summary>) -> Vec<usize> {
    match prev {
        Some(p) => changed(s, p, |m| m.stage.is_started()),
        None => (s.projects.iter().zip(&board.projects).enumerate())
            .filter(|(_, (m, p))| m.stage.is_started() && p.start == Some(s.month))
            .map(|(i, _)| i)
            .collect(),
    }
}

/// Indexes of projects whose stage reached `completed` in the month of `s`; none in the
/// board's first month, where nothing tells when a completed project was completed.
pub fn completed_this_month(s: &Summary, prev: Option<&Summary>) -> Vec<usize> {
    prev.map_or_else(Vec::new, |p| changed(s, p, |m| m.stage.is_done()))
}

fn changed(s: &Summary, prev: &Summary, holds: fn(&crate::metrics::ProjectMetrics) -> bool) -> Vec<usize> {
    // The two months' figures are of the same board: the same projects in the same order.
    (0..s.projects.len()).filter(|&i| holds(&s.projects[i]) && !holds(&prev.projects[i])).collect()
}

/// Every entry of the month that reports a problem, in project order.
pub fn problems<'a>(board: &'a Board, s: &Summary) -> Vec<(&'a Project, &'a Entry)> {
    with_problems(board, s).map(|(p, m)| (p, &p.progress[m.entry_of_month.expect("an entry of the month")])).collect()
}

/// The projects whose entry of the month reports a problem, in project order.
pub fn with_problems<'a, 's>(
    board: &'a Board,
    s: &'s Summary,
) -> impl Iterator<Item = (&'a Project, &'s ProjectMetrics)> {
    (board.projects.iter().zip(&s.projects))
        .filter(|(p, m)| m.entry_of_month.is_some_and(|i| p.progress[i].problems.is_some()))
}
