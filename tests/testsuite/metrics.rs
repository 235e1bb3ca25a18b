//! SPEC §2 figures of the minimal fixture, checked against values computed by hand.
//!
//! As of 2026-06 (T = 6/12):
//! - alpha: ytd 450 of plan 600 → R 0.75, lag −0.25 → green.
//! - beta: ytd 20 + 60 = 80 of 400 → R 0.2, lag exactly 0.30 (30 points, not above
//!   the red threshold of 30) → yellow. Entries jump 2026-01 → 2026-06 (a warning).
//! - gamma: no entries, start 2026-02 → planning, 4 months late → red; no plan → no lag.

use serde_json::{json, Value};

use crate::board_test::BoardTest;

fn group<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|g| g["id"] == id).unwrap_or_else(|| panic!("no group {id}"))
}

fn close(v: &Value, expected: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((x - expected).abs() < 1e-12, "{x} != {expected}");
}

#[test]
fn totals_districts_and_lists_match_hand_computation() {
    let b = BoardTest::fixture("minimal");
    let r = b.build_ok(&[]);
    assert!(
        r.stderr.contains(
            "content/projects/beta.yaml:16:12: warning: no entry for 2026-02 to 2026-05 between 2026-01 and 2026-06"
        ),
        "{}",
        r.stderr
    );
    let s = b.json("data/summary.json");
    assert_eq!(s["month"], "2026-06");
    close(&s["time_progress"], 0.5);
    let t = &s["totals"];
    assert_eq!(t["projects"], 3);
    assert_eq!(t["started"], 2);
    close(&t["commencement_rate"], 2.0 / 3.0);
    assert_eq!(t["annual_plan"], 1000);
    assert_eq!(t["ytd_invested"], 530);
    close(&t["completion_rate"], 0.53);
    close(&t["lag"], -0.03);
    assert_eq!(t["status"], json!({"green": 1, "yellow": 1, "red": 1, "done": 0}));
    close(&t["on_schedule_rate"], 1.0 / 3.0);

    let jin = group(&s["districts"], "jinguyuan");
    assert_eq!((jin["name"].as_str(), jin["rank"].as_u64()), (Some("金谷园街道"), Some(1)));
    assert_eq!((jin["projects"].as_u64(), jin["started"].as_u64()), (Some(2), Some(1)));
    assert_eq!((jin["annual_plan"].as_u64(), jin["ytd_invested"].as_u64()), (Some(600), Some(450)));
    close(&jin["completion_rate"], 0.75);
    close(&jin["lag"], -0.25);
    let wang = group(&s["districts"], "wangchenglu");
    assert_eq!(wang["rank"], 2);
    close(&wang["completion_rate"], 0.2);
    let empty = group(&s["districts"], "empty");
    assert_eq!(empty["rank"], 3, "a district without projects is listed, ranked last");
    assert_eq!(empty["projects"], 0);
    assert!(
        empty["completion_rate"].is_null()
            && empty["commencement_rate"].is_null()
            && empty["on_schedule_rate"].is_null()
    );

    assert_eq!(s["red_list"], json!(["gamma"]));
    assert_eq!(s["honour_list"], json!(["alpha"]));
}

#[test]
fn every_group_kind_is_aggregated() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let s = b.json("data/summary.json");
    let cat = group(&s["categories"], "民生项目");
    assert_eq!((cat["name"].as_str(), cat["projects"].as_u64()), (Some("民生项目"), Some(1)));
    assert_eq!(cat["annual_plan"], 0);
    assert!(cat["completion_rate"].is_null(), "ΣA = 0 gives no completion rate");
    close(&cat["commencement_rate"], 0.0);
    let city = group(&s["levels"], "市重点");
    assert_eq!(city["status"]["red"], 1);
    let lg = group(&s["level_groups"], "省市重点");
    assert_eq!(lg["projects"], 2);
    close(&lg["completion_rate"], 0.75);
    let unit = group(&s["units"], "区发改委");
    assert_eq!((unit["rank"].as_u64(), unit["projects"].as_u64()), (Some(1), Some(2)));
    assert_eq!(group(&s["units"], "区住建局")["rank"], 2);
    let leader = group(&s["leaders"], "李四");
    assert_eq!(leader["rank"], 2);
    close(&leader["completion_rate"], 0.2);
    assert_eq!(s["categories"].as_array().unwrap().len(), 3, "every declared category is listed");
    assert_eq!(s["levels"].as_array().unwrap().len(), 3);
}

#[test]
fn project_figures_and_status_rules() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let s = b.json("data/summary.json");
    let p = |id: &str| s["projects"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap().clone();
    let alpha = p("alpha");
    assert_eq!(alpha["status"], "green");
    assert_eq!(alpha["percent"], 60);
    assert_eq!((alpha["ytd_invested"].as_u64(), alpha["cumulative_invested"].as_u64()), (Some(450), Some(450)));
    assert_eq!(alpha["deadline"], "2027-06-30");
    assert_eq!(alpha["overdue_milestones"], json!([]));
    let beta = p("beta");
    assert_eq!(beta["status"], "yellow", "lag of exactly 30 points is not above 30");
    close(&beta["lag"], 0.3);
    assert_eq!(beta["stage"], "construction");
    let gamma = p("gamma");
    assert_eq!(gamma["status"], "red");
    assert_eq!(gamma["stage"], "planning");
    assert!(gamma["annual_plan"].is_null() && gamma["completion_rate"].is_null() && gamma["lag"].is_null());
    assert_eq!(gamma["deadline"], "2027-12-31", "a month deadline means its last day");
    assert_eq!(gamma["overdue_milestones"], json!(["完成立项"]));
}

#[test]
fn every_month_has_its_own_summary_and_later_entries_are_invisible() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    for m in ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"] {
        assert_eq!(b.json(&format!("data/{m}/summary.json"))["month"], m);
    }
    assert!(!b.path("output/data/2025-12").exists());
    let may = b.json("data/2026-05/summary.json");
    // May: T = 5/12; beta has only its January entry: R = 20/400 = 0.05, lag 0.3667 → red.
    close(&may["time_progress"], 5.0 / 12.0);
    assert_eq!(may["red_list"], json!(["beta", "gamma"]), "red with a lag first, then without");
    assert_eq!(may["totals"]["ytd_invested"], 420);
    assert_eq!(may["totals"]["status"], json!({"green": 1, "yellow": 0, "red": 2, "done": 0}));
    // June's change against May.
    let june = b.json("data/summary.json");
    assert_eq!(june["change"]["month"], "2026-05");
    assert_eq!(june["change"]["status"], json!({"green": 0, "yellow": 1, "red": -1, "done": 0}));
    assert_eq!(june["change"]["ytd_invested"], 110);
    // completion 0.53 − 0.42 = 0.11.
    close(&june["change"]["completion_rate"], 0.53 - 0.42);
}

#[test]
fn month_flag_and_year_boundary() {
    let b = BoardTest::fixture("minimal").file(
        "content/projects/delta.yaml",
        "name: 丁项目\ndistrict: empty\ncategory: 城建项目\nlevel: 区重点\nleader: 王五\nunit: 区交通局\ndeadline: 2027-12\nannual_plan: { 2025: 100, 2026: 200 }\nprogress:\n  - { month: 2025-11, stage: started, percent: 10, invested: 30 }\n  - { month: 2025-12, percent: 20, invested: 40 }\n  - { month: 2026-01, percent: 30, invested: 50 }\n",
    );
    b.build_ok(&["--month", "2026-01"]);
    let s = b.json("data/summary.json");
    assert_eq!(s["month"], "2026-01");
    let d = s["projects"].as_array().unwrap().iter().find(|p| p["id"] == "delta").unwrap();
    assert_eq!(d["ytd_invested"], 50, "the YTD sum restarts in January");
    assert_eq!(d["cumulative_invested"], 120);
    close(&d["completion_rate"], 0.25);
    let dec = b.json("data/2025-12/summary.json");
    let d = dec["projects"].as_array().unwrap().iter().find(|p| p["id"] == "delta").unwrap();
    assert_eq!(d["ytd_invested"], 70);
    close(&d["completion_rate"], 0.7);
    assert!(b.path("output/data/2025-11/summary.json").exists());
}

/// A project reported as a ledger reports it: year-to-date figures (1–N月累计), 形象进度
/// as text, and what was completed before the year (开工至上年底累计).
const YTD_PROJECT: &str = "\
name: 丁项目
district: wangchenglu
category: 城建项目
level: 市重点
leader: 李四
unit: 区交通运输局
deadline: 2027-12-31
total_investment: 20000
prior_invested: 7000
annual_plan: { 2026: 8000 }
progress:
  - month: 2026-03
    stage: construction
    physical_progress: 路基完成75%，桥梁下部结构完成60%
    ytd_invested: 2000
  - month: 2026-04
    ytd_invested: 3500
  - month: 2026-05
    invested: 300
  - month: 2026-06
    percent: 40
    invested: 200
    ytd_invested: 4400
";

#[test]
fn ytd_figures_are_latest_values_not_sums_and_prior_invested_counts_to_cumulative() {
    let b = BoardTest::fixture("minimal").file("content/projects/delta.yaml", YTD_PROJECT);
    b.build_ok(&[]);
    let at = |m: &str| {
        let s = b.json(&format!("data/{m}/summary.json"));
        s["projects"].as_array().unwrap().iter().find(|p| p["id"] == "delta").unwrap().clone()
    };
    // Hand-computed: I(04) = 3500 (not 2000 + 3500); I(05) = 3500 + 300; I(06) = 4400.
    let (m3, m4, m5, m6) = (at("2026-03"), at("2026-04"), at("2026-05"), at("2026-06"));
    assert_eq!(m3["ytd_invested"], 2000);
    assert_eq!(m4["ytd_invested"], 3500);
    assert_eq!(m5["ytd_invested"], 3800);
    assert_eq!(m6["ytd_invested"], 4400);
    assert_eq!(m6["cumulative_invested"], 11400, "prior 7000 + 4400");
    assert_eq!(m6["prior_invested"], 7000);
    close(&m6["completion_rate"], 0.55);
    // percent is none until an entry gives one; the ledger's words are kept.
    assert!(m3["percent"].is_null() && m5["percent"].is_null());
    assert_eq!(m6["percent"], 40);
    assert_eq!(m5["physical_progress"], "路基完成75%，桥梁下部结构完成60%");
    // The district's sum is the project's ytd value at each month.
    let s = b.json("data/2026-04/summary.json");
    let d = group(&s["districts"], "wangchenglu");
    let others: f64 = s["projects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["district"] == "wangchenglu" && p["id"] != "delta")
        .map(|p| p["ytd_invested"].as_f64().unwrap())
        .sum();
    close(&d["ytd_invested"], others + 3500.0);
    // The project page shows the words where there is no percent, and the month's
    // increase in the history table (1500 in April), cumulative since the start.
    let page = b.read("projects/delta/index.html");
    assert!(page.contains("路基完成75%，桥梁下部结构完成60%"), "physical progress shown");
    assert!(page.contains("<td>1,500</td><td>10,500</td>"), "April: +1500, cumulative 7000 + 3500");
    let csv = b.read("data/projects.csv");
    let row = csv.lines().find(|l| l.starts_with("delta,")).unwrap();
    assert!(row.contains(",40,8000,4400,11400,20000,"), "{row}");
}
