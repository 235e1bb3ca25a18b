//! The lobby display: `display/index.html` checked as markup and driven in headless
//! Chromium (`tests/browser/display.mjs`), and the slide images.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::board_test::BoardTest;

/// The browser check package, installed (`npm ci --prefix tests/browser`), or `None`
/// when the browser checks are skipped on purpose.
pub fn browser_checks() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if std::env::var_os("GUATU_SKIP_BROWSER").is_some() {
        return None;
    }
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "the browser checks need `npm ci --prefix tests/browser` (and Chromium); set GUATU_SKIP_BROWSER=1 to skip them"
    );
    Some(dir)
}

fn demo_display() -> BoardTest {
    let b = BoardTest::demo();
    b.build_ok(&["--base-url", "/zdxm/", "--no-posters"]);
    b
}

#[test]
fn the_display_page_holds_every_slide_from_the_report_figures() {
    let b = demo_display();
    let html = b.read("display/index.html");
    let summary = b.json("data/summary.json");
    let version = b.json("data/version.json");
    // the reload check compares against this build's id, from the same origin
    assert!(html.contains(&format!("data-build=\"{}\"", version["build"].as_str().unwrap())));
    assert!(html.contains("data-version=\"/zdxm/data/version.json\""));
    assert!(html.contains("data-month=\"2026-10\""));
    assert!(html.contains("数据截至 <strong>2026年10月</strong>"));
    assert!(html.contains("监督电话"), "contact line");
    for set in ["overview", "chart", "ranking", "red", "honour", "projects"] {
        assert!(html.contains(&format!("data-set=\"{set}\"")), "slide set {set}");
    }
    // every project once on the project slides, each red-list project on the red slide
    let projects = html.split("data-set=\"projects\"").nth(1).unwrap();
    for p in summary["projects"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        assert_eq!(projects.matches(&format!("<span class=\"nm\">{name}</span>")).count(), 1, "{name}");
    }
    let red = html.split("data-set=\"red\"").nth(1).unwrap().split("data-set=\"honour\"").next().unwrap();
    let red_rows = red.matches("<tr class=\"row\"").count();
    assert_eq!(red_rows, summary["red_list"].as_array().unwrap().len());
    // the overview's headline rate is the summary's, formatted to one decimal
    let rate = summary["totals"]["completion_rate"].as_f64().unwrap();
    let shown = format!("<strong class=\"cmp-value\">{:.1}%</strong>", rate * 100.0);
    assert!(html.contains(&shown), "overview shows {shown}");
    // one overview per district for ?district=<id>
    for d in summary["districts"].as_array().unwrap() {
        assert!(html.contains(&format!("data-scope=\"district\" data-district=\"{}\"", d["id"].as_str().unwrap())));
    }
    // nothing from another origin
    assert!(!html.contains("http://") && !html.contains("https://"), "no absolute URL in the display page");
}

#[test]
fn the_display_rotates_reloads_and_fits_in_a_real_browser() {
    let Some(dir) = browser_checks() else { return };
    let b = demo_display();
    let out = Command::new("node")
        .arg(dir.join("display.mjs"))
        .arg(b.path("output"))
        .args(["/zdxm/", "wangchenglu"])
        .output()
        .expect("node is installed");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "display checks failed:\n{text}");
    assert!(text.contains("display: all checks passed"), "{text}");
}
