//! What an import changes, for the office to review before publishing: per project the
//! year-to-date investment, percent and stage of the report month before and after,
//! then the board's totals before and after.

use crate::metrics::project::{entries_until, stage_at, ytd_at};
use crate::model::{Board, Project, Stage};
use crate::num::{Decimal, Month, Ratio};

/// A project's figures at the report month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figures {
    /// The ytd value.
    pub ytd: Decimal,
    /// The percent complete (the latest given).
    pub percent: Option<Decimal>,
    /// The stage.
    pub stage: Stage,
}

impl Figures {
    /// The figures of `p` at `m`.
    pub fn of(p: &Project, m: Month) -> Figures {
        let e = entries_until(p, m);
        Figures { ytd: ytd_at(e, m.year), percent: e.iter().rev().find_map(|x| x.percent), stage: stage_at(e) }
    }
}

/// One changed project.
#[derive(Clone, Debug)]
pub struct ProjectLine {
    /// Its name.
    pub name: String,
    /// Before the import (none for a new project).
    pub before: Option<Figures>,
    /// After.
    pub after: Figures,
}

/// The board's annual plan of the report month's year and its ytd investment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    /// Σ annual plan.
    pub plan: Decimal,
    /// Σ ytd value.
    pub ytd: Decimal,
}

impl Sums {
    fn of(board: &Board, m: Month) -> Sums {
        let plan = board.projects.iter().filter_map(|p| p.annual_plan.get(&m.year)).copied().sum();
        Sums { plan, ytd: board.projects.iter().map(|p| ytd_at(entries_until(p, m), m.year)).sum() }
    }

    /// 「年度计划 268000, 1–3月完成 62500 (23.3%)」.
    pub fn text(self, m: Month) -> String {
        let rate = Ratio::of(self.ytd, self.plan).map_or_else(|| "—".to_string(), |r| format!("{}%", r.percent_1dp()));
        format!("{} plan {}, 1–{}月 invested {} ({rate})", m.year, self.plan, m.month, self.ytd)
    }
}

/// The review of an import.
#[derive(Clone, Debug)]
pub struct Review {
    /// The report month.
    pub month: Month,
    /// Changed projects, in file order.
    pub projects: Vec<ProjectLine>,
    /// The board before and after.
    pub before: Sums,
    /// After.
    pub after: Sums,
}

/// The review of the change from `before` to `after` at `m` for the files in `paths`.
pub fn review(before: &Board, after: &Board, m: Month, paths: &std::collections::HashSet<&str>) -> Review {
    let old: std::collections::HashMap<&str, &Project> = before.projects.iter().map(|o| (o.id.as_str(), o)).collect();
    let projects = after
        .projects
        .iter()
        .filter(|p| paths.contains(format!("content/projects/{}.yaml", p.id).as_str()))
        .map(|p| ProjectLine {
            name: p.name.clone(),
            before: old.get(p.id.as_str()).map(|o| Figures::of(o, m)),
            after: Figures::of(p, m),
        })
        .collect();
    Review { month: m, projects, before: Sums::of(before, m), after: Sums::of(after, m) }
}
