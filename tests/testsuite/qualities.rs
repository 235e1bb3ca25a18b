//! SPEC §5: same input → same bytes; atomic publish; nothing runs that the data did not say.

use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::board_test::{tree, BoardTest};

#[test]
fn two_builds_give_identical_trees() {
    let b = BoardTest::fixture("minimal");
    for out in ["out1", "out2"] {
        b.build_ok(&["--output", &b.path(out).to_string_lossy()]);
    }
    let (t1, t2) = (tree(&b.path("out1")), tree(&b.path("out2")));
    assert!(t1.len() > 20, "{} files", t1.len());
    assert_eq!(t1.len(), t2.len());
    for ((p1, b1), (p2, b2)) in t1.iter().zip(&t2) {
        assert_eq!(p1, p2);
        assert!(b1 == b2, "{p1} differs between two builds");
    }
}

#[test]
fn the_demo_board_builds_identically_twice() {
    let b = BoardTest::demo();
    b.build_ok(&[]);
    let first = tree(&b.path("output"));
    b.build_ok(&[]);
    assert!(first == tree(&b.path("output")), "the demo's output changed between two builds");
}

#[test]
fn build_id_changes_with_the_input_only() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let v1 = b.json("data/version.json");
    b.build_ok(&[]);
    assert_eq!(v1, b.json("data/version.json"));
    let b = b.file("content/pages/new.md", "# 新页面\n");
    b.build_ok(&[]);
    assert_ne!(v1["build"], b.json("data/version.json")["build"]);
}

fn staging_dirs(b: &BoardTest) -> Vec<String> {
    fs::read_dir(b.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output.staging-"))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_site_whole() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let before = tree(&b.path("output"));
    // A content error: nothing is written.
    let b = b.file("content/projects/alpha.yaml", "name: [broken\n");
    assert_eq!(b.run(&["build"]).code, 1);
    assert!(before == tree(&b.path("output")));
    assert!(staging_dirs(&b).is_empty());
    // A theme error found while rendering: the staging folder is removed, the site stays.
    let b = BoardTest::fixture("minimal").file(
        "themes/default/templates/project.html",
        "{% extends \"base.html\" %}{% block content %}{{ p.nonexistent.field }}{% endblock content %}",
    );
    fs::rename(b.path("themes"), b.path("themes-off")).unwrap();
    b.build_ok(&[]);
    let before = tree(&b.path("output"));
    fs::rename(b.path("themes-off"), b.path("themes")).unwrap();
    let r = b.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("project.html"), "{}", r.stderr);
    assert!(before == tree(&b.path("output")));
    assert!(staging_dirs(&b).is_empty());
}

#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    let mut b = BoardTest::fixture("minimal");
    for i in 0..3000 {
        b = b.file(
            &format!("content/projects/p{i}.yaml"),
            &format!("name: 项目{i}\ndistrict: jinguyuan\ncategory: 产业项目\nlevel: 区重点\nleader: 张三\nunit: 区发改委\ndeadline: 2027-06\nannual_plan: {{ 2026: 100 }}\nprogress:\n  - {{ month: 2026-05, stage: started, percent: 5, invested: 10 }}\n  - {{ month: 2026-06, percent: 9, invested: 10 }}\n"),
        );
    }
    b.build_ok(&[]);
    let before = tree(&b.path("output"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_guatu")).args(["build", "--root"]).arg(b.root()).spawn().unwrap();
    let start = Instant::now();
    while staging_dirs(&b).is_empty() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(30));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(before == tree(&b.path("output")), "the killed build damaged the published site");
    // The next build clears what the killed one left.
    b.build_ok(&[]);
    assert!(staging_dirs(&b).is_empty());
}

fn html_files(b: &BoardTest) -> Vec<(String, String)> {
    tree(&b.path("output"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml") || p.ends_with(".svg"))
        .map(|(p, bytes)| (p, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn hostile_text_is_escaped_and_markdown_sanitised() {
    let b = BoardTest::fixture("hostile");
    b.build_ok(&[]);
    let pages = html_files(&b);
    assert!(pages.len() >= 8);
    for (path, html) in &pages {
        let lower = html.to_lowercase();
        for bad in [
            "<script>alert",
            "<img src=x onerror",
            "onerror=\"alert",
            "<svg onload",
            "href=\"javascript:",
            "<iframe",
            "<object",
            "onclick=\"",
            "onmouseover='",
            "src=\"https://evil",
            "action=\"https://evil",
            "<style>body",
            // about.md: images from another site in the spellings a browser also reads
            // (`HTTPS:`, `Http:`, leading spaces, an entity TAB, `/\`, `\\`, `\/`).
            "tracker.example",
        ] {
            assert!(!lower.contains(bad), "{path} contains {bad:?}");
        }
        // Only our own script tags exist.
        for (i, _) in lower.match_indices("<script") {
            assert!(lower[i..].starts_with("<script src=\""), "{path}: inline or foreign script at {i}");
        }
    }
    let project = b.read("projects/evil/index.html");
    assert!(project.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"), "the name is shown, escaped");
    assert!(project.contains("click"), "link text survives without its javascript: target");
}

#[test]
fn no_page_loads_anything_from_another_site() {
    let b = BoardTest::demo();
    b.build_ok(&["--base-url", "/zdxm/"]);
    for (path, html) in html_files(&b) {
        if path.ends_with(".xml") {
            continue;
        }
        let stripped = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for pat in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url(http", "@import"] {
            assert!(!stripped.contains(pat), "{path} refers to another site ({pat})");
        }
    }
    let css = b.read("assets/style.css");
    assert!(!css.contains("http") && !css.contains("@import"));
}
