//! Accessibility and valid HTML: axe-core in headless Chromium on one page of every
//! type, the Nu Html Checker on every page, and the project list used with the keyboard
//! only; in Chinese and in English. The tools live in `tests/browser` (`npm ci --prefix
//! tests/browser`); the checker runs on Java.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::board_test::BoardTest;

/// The site is checked under a sub-path, as on a government portal.
const BASE: &str = "/zdxm/";

/// One page of every type, relative to the base path. A new page type goes here.
const PAGES: &[&str] = &[
    "",                                       // dashboard
    "projects/",                              // all projects, with filters and sorting
    "projects/qu-renmin-yiyuan-menzhen-lou/", // a project with photos, milestones and a description
    "projects/daobei-pengqu-gaizao/",         // a red project: overdue milestone, supervision order
    "districts/",                             // districts index with the chart
    "districts/jinguyuan/",                   // a district
    "units/",                                 // responsible units
    "leaders/",                               // leaders
    "pages/about/",                           // a Markdown page
    "pages/methodology/",                     // a Markdown page with a table
    "404.html",                               // not found
    "reports/",                               // the report archive
    "reports/2026-10/",                       // a monthly report with commentary
    "display/",                               // the lobby display
];

/// `tests/browser`, with its npm packages and the programs it runs (node, Chromium,
/// Java), or none when they are missing and `GUATU_SKIP_BROWSER` is set.
fn tools() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let mut missing = Vec::new();
    if !dir.join("node_modules/axe-core/axe.min.js").is_file() || !dir.join("node_modules/playwright-core").is_dir() {
        missing.push("tests/browser/node_modules (run `npm ci --prefix tests/browser`)".to_string());
    }
    let runs = |program: &str, arg: &str| Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success());
    if !runs("node", "--version") {
        missing.push("node".into());
    }
    if !runs("java", "-version") {
        missing.push("java (for the Nu Html Checker)".into());
    }
    if !["chromium", "chromium-browser", "google-chrome"].iter().any(|c| runs(c, "--version")) {
        missing.push("chromium".into());
    }
    if missing.is_empty() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("GUATU_SKIP_BROWSER").is_some(),
        "the accessibility and HTML checks need {} (set GUATU_SKIP_BROWSER=1 to skip them)",
        missing.join(", ")
    );
    None
}

/// The demo board, built under the base path without posters, in `lang`.
fn demo(lang: &str) -> BoardTest {
    let b = BoardTest::demo();
    let site = std::fs::read_to_string(b.path("content/site.yaml")).unwrap();
    let site = site.replace("\nlanguage: zh-CN\n", &format!("\nlanguage: {lang}\n"));
    assert!(site.contains(&format!("\nlanguage: {lang}\n")), "the demo site.yaml sets a language");
    let b = b.file("content/site.yaml", &site);
    b.build_ok(&["--no-posters", "--base-url", BASE]);
    for p in PAGES {
        let file = if p.ends_with(".html") { p.to_string() } else { format!("{p}index.html") };
        assert!(b.path("output").join(&file).is_file(), "the build has no {file}");
    }
    b
}

/// Runs `program args…`; returns whether it succeeded and everything it printed.
fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap_or_else(|e| panic!("running {cmd:?}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// axe-core on every page of `PAGES` at phone and desktop width.
fn axe(tools: &Path, b: &BoardTest) -> (bool, String) {
    run(Command::new("node").arg(tools.join("axe.mjs")).arg(b.path("output")).arg(BASE).args(PAGES))
}

/// The Nu Html Checker on every HTML page of the build and the style sheet.
fn vnu(tools: &Path, b: &BoardTest) -> (bool, String) {
    let out = b.path("output");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    assert!(files.len() > 50, "only {} pages", files.len());
    files.push(out.join("assets/style.css"));
    files.push(out.join("assets/display.css"));
    run(Command::new("java")
        .arg("-jar")
        .arg(tools.join("node_modules/vnu-jar/build/dist/vnu.jar"))
        .args(["--errors-only", "--also-check-css"])
        .args(&files))
}

/// Both checks on the demo board in `lang`; one failure message with both outputs.
fn check_site(lang: &str) {
    let Some(tools) = tools() else { return };
    let b = demo(lang);
    let (axe_ok, axe_out) = axe(&tools, &b);
    let (vnu_ok, vnu_out) = vnu(&tools, &b);
    let root = b.path("output").display().to_string();
    let vnu_out = vnu_out.replace(&format!("file:{root}/"), "").replace(&root, "output");
    assert!(
        axe_ok && vnu_ok,
        "{lang}: accessibility or HTML problems\n\n== axe-core ({})\n{axe_out}\n== Nu Html Checker ({})\n{vnu_out}",
        if axe_ok { "pass" } else { "FAIL" },
        if vnu_ok { "pass" } else { "FAIL" },
    );
}

#[test]
fn every_page_type_is_accessible_and_valid_in_chinese() {
    check_site("zh-CN");
}

#[test]
fn every_page_type_is_accessible_and_valid_in_english() {
    check_site("en");
}

#[test]
fn the_project_list_works_from_the_keyboard() {
    let Some(tools) = tools() else { return };
    for lang in ["zh-CN", "en"] {
        let b = demo(lang);
        let (ok, out) =
            run(Command::new("node").arg(tools.join("keyboard.mjs")).arg(b.path("output")).arg(BASE).arg("projects/"));
        assert!(ok, "{lang}: keyboard use of the project list\n{out}");
    }
}

#[test]
fn history_cells_are_labelled_on_a_phone() {
    // On a phone the history rows become cards; each cell's label comes from the table's
    // custom properties and must read as its column header, in both languages.
    let Some(tools) = tools() else { return };
    for lang in ["zh-CN", "en"] {
        let b = demo(lang);
        let (ok, out) = run(Command::new("node")
            .arg(tools.join("cards.mjs"))
            .arg(b.path("output"))
            .arg(BASE)
            .arg("projects/daobei-pengqu-gaizao/"));
        assert!(ok, "{lang}: history cards on a phone\n{out}");
    }
}

#[test]
fn chinese_content_is_marked_in_the_english_ui() {
    // Language of parts (WCAG 3.1.2): the English UI around the board's Chinese text.
    let b = BoardTest::fixture("minimal");
    let site = std::fs::read_to_string(b.path("content/site.yaml")).unwrap();
    let b = b.file("content/site.yaml", &format!("language: en\n{site}"));
    b.build_ok(&[]);
    let home = b.read("index.html");
    assert!(home.contains("<html lang=\"en\">"));
    assert!(home.contains("<span lang=\"zh-CN\">甲项目</span>"), "{home}");
    assert!(home.contains("<span lang=\"zh-CN\">金谷园街道</span>"));
    for page in ["index.html", "reports/index.html", "reports/2026-06/index.html"] {
        let html = b.read(page);
        assert!(!html.contains('（') && !html.contains('：') && !html.contains('；'), "{page}: Chinese punctuation");
    }
    let zh = BoardTest::fixture("minimal");
    zh.build_ok(&[]);
    assert!(!zh.read("index.html").contains("<span lang="), "nothing to mark in the Chinese UI");
}
