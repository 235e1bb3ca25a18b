//! Per-project figures as of a month (SPEC §2). Pure functions of the record.

use serde::Serialize;

use crate::model::{Entry, Manual, Project, Stage, Thresholds};
use crate::num::{Decimal, Month, Ratio};

/// Status of a project at a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// On schedule.
    Green,
    /// Behind.
    Yellow,
    /// Far behind or overdue.
    Red,
    /// Completed or operating.
    Done,
}

impl Status {
    /// All statuses in display order, which is their order here (what `as usize` gives).
    pub const ALL: [Status; 4] = [Status::Green, Status::Yellow, Status::Red, Status::Done];

    /// The JSON word.
    pub fn key(self) -> &'static str {
        ["green", "yellow", "red", "done"][self as usize]
    }

    /// Place in the order of attention: red, yellow, green, done.
    pub fn attention(self) -> u8 {
        [2, 1, 0, 3][self as usize]
    }
}

/// Why a project has its status (rules that applied, for reports and tooltips).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Rule 1: manual 督办 with its note.
    Manual { note: String },
    /// Deadline passed and not done.
    OverdueProject,
    /// Lag above the red threshold.
    LagRed,
    /// Lag above the yellow threshold.
    LagYellow,
    /// Start month passed and not started; `months` late.
    LateStart { months: i32 },
    /// Milestones past due.
    OverdueMilestones,
}

/// Everything SPEC §2 defines for one project at month M.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectMetrics {
    /// Stage at M.
    pub stage: Stage,
    /// Percent of the latest entry ≤ M that gives one.
    pub percent: Option<Decimal>,
    /// Index of the latest entry ≤ M with a 形象进度 text, if any.
    pub physical_progress: Option<usize>,
    /// Investment in year Y up to M.
    pub ytd_invested: Decimal,
    /// Investment up to M.
    pub cumulative_invested: Decimal,
    /// annual_plan[Y].
    pub annual_plan: Option<Decimal>,
    /// I / A.
    pub completion_rate: Option<Ratio>,
    /// T − R.
    pub lag: Option<Ratio>,
    /// Indexes of overdue milestones, in file order.
    pub overdue_milestones: Vec<usize>,
    /// Deadline passed and not done.
    pub overdue: bool,
    /// Months of late start (0 = starts this month), if late.
    pub late_start: Option<i32>,
    /// Final status.
    pub status: Status,
    /// Rules that applied, most important first.
    pub reasons: Vec<Reason>,
    /// Index of the entry for exactly M, if any.
    pub entry_of_month: Option<usize>,
}

/// Time progress T = month number / 12.
pub fn time_progress(m: Month) -> Ratio {
    Ratio::new(i128::from(m.month), 12)
}

/// Entries up to and including M.
pub fn entries_until(p: &Project, m: Month) -> &[Entry] {
    let n = p.progress.partition_point(|e| e.month <= m);
    &p.progress[..n]
}

/// Stage at M: the last `stage` set up to M, else planning.
pub fn stage_at(entries: &[Entry]) -> Stage {
    entries.iter().rev().find_map(|e| e.stage).unwrap_or(Stage::Planning)
}

/// I: the ytd value of the latest entry of `year` among `entries` (0 when none).
pub fn ytd_at(entries: &[Entry], year: i32) -> Decimal {
    entries.iter().rev().find(|e| e.month.year == year).map_or(Decimal::ZERO, |e| e.ytd)
}

/// Cumulative investment through the last of `entries`: `prior_invested` plus, for every
/// year, the ytd value of that year's latest entry.
pub fn cumulative(p: &Project, entries: &[Entry]) -> Decimal {
    let year_ends = entries.windows(2).filter(|w| w[0].month.year != w[1].month.year).map(|w| w[0].ytd);
    p.prior_invested.unwrap_or(Decimal::ZERO) + year_ends.sum() + entries.last().map_or(Decimal::ZERO, |e| e.ytd)
}

/// `lag > points / 100`, exactly.
pub fn lag_above(lag: Ratio, points: Decimal) -> bool {
    lag > Ratio::new(i128::from(points.0), 100 * i128::from(crate::num::SCALE))
}

/// Computes every figure of `p` as of `m`.
pub fn compute(p: &Project, m: Month, th: Thresholds) -> ProjectMetrics {
    let entries = entries_until(p, m);
    let stage = stage_at(entries);
    let ytd_invested = ytd_at(entries, m.year);
    let annual_plan = p.annual_plan.get(&m.year).copied();
    let completion_rate = annual_plan.and_then(|a| Ratio::of(ytd_invested, a));
    let last_day = m.last_day();
    let late = |ms: &crate::model::Milestone| ms.due <= last_day && ms.done.is_none_or(|d| d > last_day);
    let entry_of_month = entries.last().filter(|e| e.month == m).map(|_| entries.len() - 1);
    let mut pm = ProjectMetrics {
        stage,
        percent: entries.iter().rev().find_map(|e| e.percent),
        physical_progress: entries.iter().rposition(|e| e.physical_progress.is_some()),
        ytd_invested,
        cumulative_invested: cumulative(p, entries),
        annual_plan,
        completion_rate,
        lag: completion_rate.map(|r| time_progress(m).minus(r)),
        overdue_milestones: (0..p.milestones.len()).filter(|&i| late(&p.milestones[i])).collect(),
        overdue: p.deadline < m.plus(1).first_day() && !stage.is_done(),
        late_start: p.start.filter(|s| *s <= m && !stage.is_started()).map(|s| m.index() - s.index()),
        status: Status::Green,
        reasons: Vec::new(),
        entry_of_month,
    };
    let manual =
        entry_of_month.and_then(|i| entries[i].status.map(|s| (s, entries[i].status_note.clone().unwrap_or_default())));
    (pm.status, pm.reasons) = status(&pm, manual, th);
    pm
}

/// The five status rules, first that applies (SPEC §2), with the reasons behind it.
fn status(pm: &ProjectMetrics, manual: Option<(Manual, String)>, th: Thresholds) -> (Status, Vec<Reason>) {
    if let Some((s, note)) = manual {
        return ([Status::Red, Status::Yellow, Status::Green][s as usize], vec![Reason::Manual { note }]);
    }
    if pm.stage.is_done() {
        return (Status::Done, Vec::new());
    }
    let lag_red = pm.lag.is_some_and(|l| lag_above(l, th.red));
    let lag_yellow = pm.lag.is_some_and(|l| lag_above(l, th.yellow));
    let reasons = [
        pm.overdue.then_some(Reason::OverdueProject),
        if lag_red { Some(Reason::LagRed) } else { lag_yellow.then_some(Reason::LagYellow) },
        pm.late_start.map(|months| Reason::LateStart { months }),
        (!pm.overdue_milestones.is_empty()).then_some(Reason::OverdueMilestones),
    ];
    let status = if pm.overdue || lag_red || pm.late_start.is_some_and(|n| n >= 3) {
        Status::Red
    } else if lag_yellow || !pm.overdue_milestones.is_empty() || pm.late_start.is_some() {
        Status::Yellow
    } else {
        Status::Green
    };
    (status, reasons.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::Milestone;
    use crate::num::parse_date;

    fn th() -> Thresholds {
        Thresholds { yellow: Decimal::from_int(10), red: Decimal::from_int(30) }
    }

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    /// Fills every entry's `ytd` and `added` (SPEC §1.2), in order, as reading a file does.
    fn derive_ytd(entries: &mut [Entry]) {
        let mut previous: Option<(i32, Decimal)> = None;
        for e in entries {
            let base = previous.filter(|(y, _)| *y == e.month.year).map_or(Decimal::ZERO, |(_, v)| v);
            (e.ytd, e.added) = e.ytd_after(base);
            previous = Some((e.month.year, e.ytd));
        }
    }

    fn entry(month: &str, percent: &str, invested: &str) -> Entry {
        Entry { percent: Some(d(percent)), invested: Some(d(invested)), ..Entry::blank(m(month)) }
    }

    fn project(plan: &[(i32, &str)], mut progress: Vec<Entry>) -> Project {
        derive_ytd(&mut progress);
        Project {
            id: "p".into(),
            name: "P".into(),
            district: "d".into(),
            category: None,
            level: None,
            leader: "L".into(),
            unit: "U".into(),
            owner: None,
            start: None,
            deadline: parse_date("2030-12-31").unwrap(),
            total_investment: None,
            annual_plan: plan.iter().map(|(y, a)| (*y, d(a))).collect::<BTreeMap<_, _>>(),
            prior_invested: None,
            milestones: Vec::new(),
            progress,
            photos: Vec::new(),
            description: None,
        }
    }

    fn started(e: Entry) -> Entry {
        Entry { stage: Some(Stage::Started), ..e }
    }

    #[test]
    fn time_progress_is_month_over_twelve() {
        assert_eq!(time_progress(m("2026-03")), Ratio::new(1, 4));
        assert_eq!(time_progress(m("2026-12")), Ratio::new(1, 1));
    }

    #[test]
    fn ytd_restarts_in_january_cumulative_does_not() {
        let p = project(
            &[(2025, "100"), (2026, "200")],
            vec![started(entry("2025-11", "10", "30")), entry("2025-12", "20", "40"), entry("2026-01", "30", "50")],
        );
        let x = compute(&p, m("2026-01"), th());
        assert_eq!(x.ytd_invested, d("50"));
        assert_eq!(x.cumulative_invested, d("120"));
        assert_eq!(x.annual_plan, Some(d("200")));
        assert_eq!(x.completion_rate, Some(Ratio::new(1, 4)));
        // T = 1/12, R = 1/4 → lag = −1/6, ahead of schedule.
        assert_eq!(x.lag, Some(Ratio::new(-1, 6)));
        assert_eq!(x.status, Status::Green);
        let dec = compute(&p, m("2025-12"), th());
        assert_eq!(dec.ytd_invested, d("70"));
        assert_eq!(dec.completion_rate, Some(Ratio::new(7, 10)));
    }

    /// An entry that gives only its year-to-date figure.
    fn ytd_entry(month: &str, ytd: &str) -> Entry {
        Entry { ytd_invested: Some(d(ytd)), ..Entry::blank(m(month)) }
    }

    #[test]
    fn ytd_invested_is_the_latest_ytd_value_not_a_sum() {
        // Months 3 and 4 of a ledger whose column is 1–N月累计: 2,000 then 3,500.
        let mut p =
            project(&[(2026, "10000")], vec![started(ytd_entry("2026-03", "2000")), ytd_entry("2026-04", "3500")]);
        p.prior_invested = Some(d("7000"));
        derive_ytd(&mut p.progress);
        let x = compute(&p, m("2026-04"), th());
        assert_eq!(x.ytd_invested, d("3500"));
        assert_eq!(x.cumulative_invested, d("10500"));
        assert_eq!(x.completion_rate, Some(Ratio::new(7, 20)));
        assert_eq!(p.progress[1].added, d("1500"));
        assert_eq!(x.percent, None);
        assert_eq!(crate::model::cumulative_series(p.prior_invested, &p.progress), vec![d("9000"), d("10500")]);
    }

    #[test]
    fn invested_after_a_ytd_figure_adds_to_it_and_january_restarts() {
        let p = project(
            &[(2026, "1000")],
            vec![
                started(ytd_entry("2025-11", "800")),
                entry("2025-12", "5", "100"),
                entry("2026-01", "6", "30"),
                ytd_entry("2026-03", "90"),
                entry("2026-04", "7", "10"),
            ],
        );
        let ytd: Vec<Decimal> = p.progress.iter().map(|e| e.ytd).collect();
        assert_eq!(ytd, vec![d("800"), d("900"), d("30"), d("90"), d("100")]);
        let x = compute(&p, m("2026-04"), th());
        assert_eq!(x.ytd_invested, d("100"));
        assert_eq!(x.cumulative_invested, d("1000"));
        assert_eq!(compute(&p, m("2026-02"), th()).ytd_invested, d("30"));
        // percent is that of the latest entry that gives one
        assert_eq!(compute(&p, m("2026-03"), th()).percent, Some(d("6")));
    }

    #[test]
    fn entries_after_the_month_are_ignored() {
        let p = project(&[(2026, "100")], vec![started(entry("2026-03", "10", "10")), entry("2026-04", "50", "60")]);
        let x = compute(&p, m("2026-03"), th());
        assert_eq!(x.percent, Some(d("10")));
        assert_eq!(x.ytd_invested, d("10"));
        assert_eq!(x.entry_of_month, Some(0));
    }

    #[test]
    fn no_plan_and_zero_plan_give_no_rate_and_no_lag() {
        let none = compute(&project(&[], vec![started(entry("2026-03", "10", "10"))]), m("2026-03"), th());
        assert_eq!(none.annual_plan, None);
        assert_eq!(none.completion_rate, None);
        assert_eq!(none.lag, None);
        assert_eq!(none.status, Status::Green);
        let zero = compute(&project(&[(2026, "0")], vec![started(entry("2026-03", "10", "10"))]), m("2026-03"), th());
        assert_eq!(zero.annual_plan, Some(Decimal::ZERO));
        assert_eq!(zero.completion_rate, None);
        assert_eq!(zero.lag, None);
    }

    #[test]
    fn no_entries_means_planning_no_percent_zero_investment() {
        let x = compute(&project(&[(2026, "100")], vec![]), m("2026-06"), th());
        assert_eq!(x.stage, Stage::Planning);
        assert_eq!(x.percent, None);
        assert_eq!(x.ytd_invested, Decimal::ZERO);
        assert_eq!(x.completion_rate, Some(Ratio::new(0, 1)));
        // lag = 6/12 = 50 points > 30 → red.
        assert_eq!(x.status, Status::Red);
        assert_eq!(x.entry_of_month, None);
    }

    #[test]
    fn thresholds_are_compared_exactly() {
        // July: T = 7/12; R = 29/60 = 0.48333…; lag is exactly 10 points: not above 10.
        let p = project(&[(2026, "60")], vec![started(entry("2026-07", "50", "29"))]);
        let x = compute(&p, m("2026-07"), th());
        assert_eq!(x.lag, Some(Ratio::new(1, 10)));
        assert_eq!(x.status, Status::Green);
        // 10.5 points is above 10.
        let t = Thresholds { yellow: d("10"), red: d("30") };
        assert!(lag_above(Ratio::new(105, 1000), t.yellow));
        assert!(!lag_above(Ratio::new(100, 1000), t.yellow));
        // Exactly 30 points is yellow, not red; just over is red.
        let p = project(&[(2026, "120")], vec![started(entry("2026-06", "10", "24"))]);
        assert_eq!(compute(&p, m("2026-06"), th()).lag, Some(Ratio::new(3, 10)));
        assert_eq!(compute(&p, m("2026-06"), th()).status, Status::Yellow);
        let p = project(&[(2026, "120")], vec![started(entry("2026-06", "10", "23.9999"))]);
        assert_eq!(compute(&p, m("2026-06"), th()).status, Status::Red);
    }

    #[test]
    fn manual_override_wins_for_its_month_only() {
        let mut e = started(entry("2026-03", "100", "100"));
        e.stage = Some(Stage::Completed);
        e.status = Some(Manual::Red);
        e.status_note = Some("督查局挂牌督办".into());
        let p = project(&[(2026, "100")], vec![e, entry("2026-04", "100", "0")]);
        let x = compute(&p, m("2026-03"), th());
        assert_eq!(x.status, Status::Red);
        assert_eq!(x.reasons, vec![Reason::Manual { note: "督查局挂牌督办".into() }]);
        assert_eq!(compute(&p, m("2026-04"), th()).status, Status::Done);
    }

    #[test]
    fn done_beats_lag_and_overdue() {
        let mut e = entry("2026-03", "100", "0");
        e.stage = Some(Stage::Operating);
        let mut p = project(&[(2026, "100")], vec![e]);
        p.deadline = parse_date("2026-01-31").unwrap();
        let x = compute(&p, m("2026-03"), th());
        assert!(!x.overdue);
        assert_eq!(x.status, Status::Done);
    }

    #[test]
    fn overdue_deadline_is_red() {
        let mut p = project(&[], vec![started(entry("2026-03", "50", "0"))]);
        p.deadline = parse_date("2026-04-01").unwrap();
        assert!(!compute(&p, m("2026-03"), th()).overdue, "a deadline in the next month is not yet overdue");
        p.deadline = parse_date("2026-03-31").unwrap();
        let x = compute(&p, m("2026-03"), th());
        assert!(x.overdue);
        assert_eq!(x.status, Status::Red);
        assert_eq!(x.reasons, vec![Reason::OverdueProject]);
    }

    #[test]
    fn overdue_milestone_is_yellow_until_done() {
        let mut p = project(&[], vec![started(entry("2026-03", "50", "0")), entry("2026-04", "60", "0")]);
        p.milestones = vec![
            Milestone {
                name: "封顶".into(),
                due: parse_date("2026-03-31").unwrap(),
                done: Some(parse_date("2026-04-10").unwrap()),
            },
            Milestone { name: "验收".into(), due: parse_date("2026-12-31").unwrap(), done: None },
        ];
        let mar = compute(&p, m("2026-03"), th());
        assert_eq!(mar.overdue_milestones, vec![0], "done after the month's end still counts as overdue");
        assert_eq!(mar.status, Status::Yellow);
        let apr = compute(&p, m("2026-04"), th());
        assert!(apr.overdue_milestones.is_empty());
        assert_eq!(apr.status, Status::Green);
    }

    #[test]
    fn late_start_is_yellow_then_red_after_three_months() {
        let mut p = project(&[], vec![entry("2026-01", "0", "0")]);
        p.start = Some(m("2026-02"));
        assert_eq!(compute(&p, m("2026-01"), th()).late_start, None);
        assert_eq!(compute(&p, m("2026-02"), th()).status, Status::Yellow);
        assert_eq!(compute(&p, m("2026-04"), th()).status, Status::Yellow);
        let may = compute(&p, m("2026-05"), th());
        assert_eq!(may.late_start, Some(3));
        assert_eq!(may.status, Status::Red);
        p.progress[0].stage = Some(Stage::Signed);
        assert_eq!(compute(&p, m("2026-05"), th()).status, Status::Red, "signed is not started");
        p.progress[0].stage = Some(Stage::Started);
        assert_eq!(compute(&p, m("2026-05"), th()).status, Status::Green);
    }

    #[test]
    fn stage_carries_over_from_earlier_entries() {
        let mut a = entry("2026-01", "5", "0");
        a.stage = Some(Stage::Construction);
        let p = project(&[], vec![a, entry("2026-02", "10", "0")]);
        assert_eq!(compute(&p, m("2026-02"), th()).stage, Stage::Construction);
        assert_eq!(compute(&p, m("2025-12"), th()).stage, Stage::Planning);
    }
}
