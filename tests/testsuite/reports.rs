//! Monthly reports: one per month, frozen in time, figures checked by hand, print to A4.

use std::process::Command;

use crate::board_test::{tree, BoardTest};

/// The minimal fixture plus `epsilon` in the otherwise empty district, whose fast June
/// moves it from rank 2 (May: 50/100) to rank 1 (June: 90/100).
fn board() -> BoardTest {
    BoardTest::fixture("minimal").file(
        "content/projects/epsilon.yaml",
        "name: 戊项目\ndistrict: empty\ncategory: 民生项目\nlevel: 区重点\nleader: 王五\nunit: 区交通局\ndeadline: 2027-12\nannual_plan: { 2026: 100 }\nprogress:\n  - { month: 2026-05, stage: started, percent: 10, invested: 50, problems: 征地未完成, next: 6月完成征地 }\n  - { month: 2026-06, percent: 30, invested: 40 }\n",
    )
}

fn text(html: &str) -> String {
    // Tags out, entities of interest decoded, white space collapsed.
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn one_report_per_month_and_an_archive_newest_first() {
    let b = board();
    b.build_ok(&[]);
    for m in ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"] {
        assert!(b.path(&format!("output/reports/{m}/index.html")).is_file(), "report {m}");
        assert!(b.path(&format!("output/reports/{m}/report.xlsx")).is_file(), "workbook {m}");
    }
    let archive = b.read("reports/index.html");
    let june = archive.find("2026年6月").unwrap();
    let jan = archive.find("2026年1月").unwrap();
    assert!(june < jan, "newest first");
    assert!(b.read("index.html").contains("/reports/2026-06/"), "the dashboard links the latest report");
}

#[test]
fn report_figures_match_hand_computation() {
    let b = board();
    b.build_ok(&[]);
    // May (T = 5/12): alpha 400/600, beta 20/400, epsilon 50/100 → 470/1100 = 42.7%.
    let may = text(&b.read("reports/2026-05/index.html"));
    assert!(may.contains("数据截至 2026年5月"), "the report is as of its own month");
    assert!(may.contains("年度投资完成率 42.7%"), "{may}");
    // June (T = 6/12): 450 + 80 + 90 = 620 of 1100 = 56.4%, up 13.6 points on May.
    let june = text(&b.read("reports/2026-06/index.html"));
    assert!(june.contains("年度投资完成率 56.4% ▲ +13.6 个百分点"), "{june}");
    assert!(june.contains("时序进度 50.0%"));
    // Status counts and their change: May green alpha+epsilon, red beta+gamma;
    // June green alpha+epsilon, yellow beta, red gamma.
    assert!(june.contains("进度滞后 1 （▲ +1）"), "{june}");
    assert!(june.contains("严重滞后 1 （▼ -1）"), "{june}");
    // District ranking with rank change: empty 90% ▲1, jinguyuan 75% ▼1, wangchenglu 20% unchanged.
    assert!(june.contains("1 ▲ 1 空街道"), "{june}");
    assert!(june.contains("2 ▼ 1 金谷园街道"), "{june}");
    assert!(june.contains("3 — 王城路街道"), "{june}");
    // Red list with its reason; started this month; the problem list of the month only.
    assert!(june.contains("丙项目") && june.contains("未按计划开工（已晚 4 个月）"));
    assert!(june.contains("用电手续待办") && june.contains("7月完成设备进场"));
    assert!(!june.contains("征地未完成"), "May's problem is not June's");
    assert!(may.contains("征地未完成") && may.contains("6月完成征地"));
    let may_started = &may[may.find("本月新开工项目").unwrap()..may.find("本月竣工项目").unwrap()];
    assert!(may_started.contains("戊项目"), "{may_started}");
}

#[test]
fn a_later_entry_does_not_change_an_earlier_report() {
    let b = board();
    b.build_ok(&[]);
    let before = tree(&b.path("output/reports/2026-05"));
    let alpha = std::fs::read_to_string(b.path("content/projects/alpha.yaml")).unwrap();
    let b = b.file(
        "content/projects/alpha.yaml",
        &alpha.replace("    invested: 50\n    note: 主体施工", "    invested: 999\n    note: 主体施工"),
    );
    b.build_ok(&[]);
    assert!(b.read("reports/2026-06/index.html").contains("1,399"), "June changed");
    assert!(before == tree(&b.path("output/reports/2026-05")), "May's report changed after a June edit");
}

#[test]
fn commentary_is_included_and_sanitised() {
    let b = board().file("content/reports/2026-06.md", "# 说明\n\n本月**投资**加快。<script>alert(1)</script>\n");
    b.build_ok(&[]);
    let june = b.read("reports/2026-06/index.html");
    assert!(june.contains("<strong>投资</strong>"));
    assert!(!june.contains("<script>alert"));
}

#[test]
fn feed_and_sitemap_are_well_formed_under_a_sub_path() {
    let b = board();
    b.build_ok(&["--base-url", "https://www.example.gov.cn/zdxm/"]);
    let feed_text = b.read("feed.xml");
    let feed = roxmltree::Document::parse(&feed_text).expect("feed.xml is well-formed");
    let root = feed.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let entries: Vec<_> = root.children().filter(|n| n.has_tag_name("entry")).collect();
    assert_eq!(entries.len(), 6, "one entry per report");
    for (e, m) in entries.iter().zip(["2026-06", "2026-05", "2026-04"]) {
        let child = |name: &str| e.children().find(|n| n.has_tag_name(name)).unwrap();
        assert_eq!(child("id").text(), Some(format!("https://www.example.gov.cn/zdxm/reports/{m}/").as_str()));
        assert_eq!(
            child("link").attribute("href"),
            Some(format!("https://www.example.gov.cn/zdxm/reports/{m}/").as_str())
        );
        assert!(child("updated").text().unwrap().ends_with("T00:00:00Z"));
        assert!(child("title").text().unwrap().contains("年"));
    }
    for name in ["id", "title", "updated", "author"] {
        assert!(root.children().any(|n| n.has_tag_name(name)), "feed lacks {name}");
    }
    let map_text = b.read("sitemap.xml");
    let map = roxmltree::Document::parse(&map_text).expect("sitemap.xml is well-formed");
    let locs: Vec<&str> = map.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.iter().all(|l| l.starts_with("https://www.example.gov.cn/zdxm/")));
    for page in ["", "projects/alpha/", "reports/", "reports/2026-05/", "districts/empty/", "units/"] {
        assert!(locs.contains(&format!("https://www.example.gov.cn/zdxm/{page}").as_str()), "sitemap lacks {page}");
    }
    let html_pages = tree(&b.path("output")).iter().filter(|(p, _)| p.ends_with("index.html")).count();
    assert_eq!(locs.len(), html_pages, "every page is in the sitemap");
}

#[test]
fn project_page_shows_its_status_month_by_month() {
    let b = board();
    b.build_ok(&[]);
    let beta = b.read("projects/beta/index.html");
    let row = &beta[beta.find("status-history").unwrap()..];
    let row = &row[..row.find("</ol>").unwrap()];
    // beta (20 of 400 until June): lag 1/12 − 0.05 = 3.3 points in January (green),
    // 11.7 / 20 / 28.3 in February–April (yellow), 36.7 in May (red), exactly 30 in June (yellow).
    let cells: Vec<&str> = row.match_indices("class=\"sh-").map(|(i, _)| &row[i + 10..i + 13]).collect();
    assert_eq!(cells, ["gre", "yel", "yel", "yel", "red", "yel"], "{row}");
    assert!(row.contains("严重滞后") && row.contains("进度滞后"), "labelled, not colour only");
}

fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|c| {
        Command::new(c).arg("--version").output().ok().filter(|o| o.status.success()).map(|_| c.to_string())
    })
}

/// The text of one page in content-stream order (cells stay whole, unlike `-layout`).
fn pdftotext(pdf: &std::path::Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_report_prints_on_a4_with_repeated_headers_and_whole_rows() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("GUATU_SKIP_BROWSER").is_some(),
            "chromium is needed (set GUATU_SKIP_BROWSER=1 to skip)"
        );
        return;
    };
    let b = BoardTest::demo();
    let out = b.path("output");
    b.build_ok(&["--base-url", &format!("{}/", out.display())]);
    let pdf = b.path("report.pdf");
    let status = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", b.path("chrome").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}/reports/2026-10/index.html", out.display()))
        .output()
        .unwrap();
    assert!(pdf.is_file(), "no PDF: {}", String::from_utf8_lossy(&status.stderr));
    let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(info.contains("Page size:       594.96 x 841.92 pts (A4)"), "{info}");
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages >= 3, "{pages} pages");
    let texts: Vec<String> = (1..=pages).map(|p| pdftotext(&pdf, p)).collect();
    // Page numbers on every page.
    for (i, t) in texts.iter().enumerate() {
        let squeezed: String = t.split_whitespace().collect();
        assert!(squeezed.contains(&format!("{}/{pages}", i + 1)), "page {} has no page number", i + 1);
    }
    // The problem list runs over a page break; its header row is repeated there.
    let problem_pages: Vec<usize> =
        (0..pages).filter(|&i| texts[i].contains("存在问题") && texts[i].contains("下步打算")).collect();
    assert!(problem_pages.len() >= 2, "the problem list header appears on pages {problem_pages:?}");
    // No row is cut: the text of every problem cell lies on one page.
    let demo = b.json("data/summary.json");
    assert_eq!(demo["month"], "2026-10");
    let html = b.read("reports/2026-10/index.html");
    let section = &html[html.find("r-problems").unwrap()..];
    for cell in section.split("<td>").skip(1).take(40) {
        let cell: String = cell.split('<').next().unwrap().split_whitespace().collect();
        if cell.chars().count() < 12 {
            continue;
        }
        let probe: String = cell.chars().take(6).collect();
        let tail: String = cell.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        let page = texts.iter().position(|t| t.split_whitespace().collect::<String>().contains(&probe));
        if let Some(p) = page {
            let joined = texts[p].split_whitespace().collect::<String>();
            assert!(joined.contains(&tail), "the cell starting {probe:?} continues on another page");
        }
    }
}

/// The section of a report page under the heading with `id`, as text.
fn section(html: &str, id: &str) -> String {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id}"));
    let end = start + html[start..].find("</section>").unwrap();
    text(&html[start..end])
}

#[test]
fn started_and_completed_lists_compare_with_the_month_before() {
    let b = board()
        .file(
            "content/projects/zeta.yaml",
            "name: 己项目\ndistrict: jinguyuan\ncategory: 民生项目\nlevel: 区重点\nleader: 王五\nunit: 区交通局\nstart: 2024-05\ndeadline: 2027-12\nannual_plan: { 2026: 100 }\nprogress:\n  - { month: 2026-01, stage: construction, percent: 60, invested: 10 }\n  - { month: 2026-02, percent: 80, invested: 10 }\n  - { month: 2026-03, stage: completed, percent: 100, invested: 10 }\n",
        )
        .file(
            "content/projects/eta.yaml",
            "name: 庚项目\ndistrict: jinguyuan\ncategory: 民生项目\nlevel: 区重点\nleader: 王五\nunit: 区交通局\nstart: 2023-01\ndeadline: 2026-12\nannual_plan: { 2026: 100 }\nprogress:\n  - { month: 2026-01, stage: completed, percent: 100, invested: 10 }\n",
        );
    b.build_ok(&[]);
    // January is the board's first month: nothing to compare with, so only the projects whose
    // planned start is January count as started (甲, 乙), not 己, under construction since
    // 2024; and none as completed this month (庚 may have been completed years ago).
    let jan = b.read("reports/2026-01/index.html");
    let started = section(&jan, "r-started");
    assert!(started.contains("甲项目") && started.contains("乙项目"), "{started}");
    assert!(!started.contains("己项目") && !started.contains("庚项目"), "{started}");
    assert!(!section(&jan, "r-completed").contains("庚项目"));
    // Later months compare with the month before: 己 completed in March, 戊 started in May.
    let march = b.read("reports/2026-03/index.html");
    assert!(section(&march, "r-completed").contains("己项目"));
    assert!(!section(&march, "r-started").contains("己项目"), "completed, but started before");
    assert!(!section(&b.read("reports/2026-04/index.html"), "r-completed").contains("己项目"));
    let may = b.read("reports/2026-05/index.html");
    assert!(section(&may, "r-started").contains("戊项目"));
    assert!(!section(&may, "r-started").contains("甲项目"));
}
