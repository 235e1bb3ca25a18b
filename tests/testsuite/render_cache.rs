//! The render cache: a build draws only the posters, slides and photos whose source
//! changed since the previous build, and its output is the same as a fresh build's.

use crate::board_test::{tree, BoardTest};

/// `poster 1 drawn, 2 reused` → (1, 2) for `family`, from the build's report line.
fn drawn(stderr: &str, family: &str) -> (u64, u64) {
    let line =
        stderr.lines().find(|l| l.starts_with("render cache: ")).unwrap_or_else(|| panic!("no cache line:\n{stderr}"));
    let part = line
        .trim_start_matches("render cache: ")
        .split("; ")
        .find(|p| p.starts_with(&format!("{family} ")))
        .unwrap_or_else(|| panic!("no {family} in {line}"));
    let n: Vec<u64> = part.split(' ').filter_map(|w| w.trim_end_matches(',').parse().ok()).collect();
    (n[0], n[1])
}

/// The number of HTML pages in a site's `tree`.
fn html_pages(site: &[(String, Vec<u8>)]) -> u64 {
    site.iter().filter(|(p, _)| p.ends_with(".html")).count() as u64
}

/// The HTML pages whose bytes differ between two trees of one site.
fn changed_pages(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) -> Vec<String> {
    let before: std::collections::HashMap<&String, &Vec<u8>> = before.iter().map(|(p, b)| (p, b)).collect();
    after.iter().filter(|(p, b)| p.ends_with(".html") && before.get(p) != Some(&b)).map(|(p, _)| p.clone()).collect()
}

#[test]
fn a_second_build_redraws_only_what_changed_and_matches_a_fresh_build() {
    let b = BoardTest::demo();
    let first = b.build_ok(&[]);
    assert!(!first.stderr.contains("render cache:"), "nothing to reuse on a first build:\n{}", first.stderr);
    let sheets = std::fs::read_dir(b.path("output/posters/2026-10")).unwrap().count() / 3;
    let slides = std::fs::read_dir(b.path("output/display/slides")).unwrap().count() as u64;
    assert!(sheets >= 3 && slides >= 10, "{sheets} sheets, {slides} slides");

    // No change at all: nothing is built, nothing written.
    let before = tree(&b.path("output"));
    let same = b.build_ok(&[]);
    assert!(same.stderr.contains("nothing changed since the last build, nothing written"), "{}", same.stderr);
    assert!(!same.stderr.contains("render cache:"), "{}", same.stderr);
    assert!(tree(&b.path("output")) == before, "an unchanged build changed the output");

    // A file removed from the output by hand: built again, and nothing is drawn again.
    std::fs::remove_file(b.path("output/index.html")).unwrap();
    let same = b.build_ok(&[]);
    assert!(!same.stderr.contains("nothing changed"), "{}", same.stderr);
    assert_eq!(drawn(&same.stderr, "poster"), (0, sheets as u64));
    assert_eq!(drawn(&same.stderr, "slide"), (0, slides));
    assert!(tree(&b.path("output")) == before, "the rebuilt output differs");
    // The output was not as the last build left it: no page is taken from it.
    let pages = html_pages(&before);
    assert_eq!(drawn(&same.stderr, "page"), (pages, 0), "{}", same.stderr);

    // A page edited by hand (same size): put back, since the output is not trusted.
    let page = b.path("output/projects/baozhangxing-zulin-zhufang/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, html.replacen("<main", "<MAIN", 1)).unwrap();
    let same = b.build_ok(&[]);
    assert!(tree(&b.path("output")) == before, "a page edited by hand stays edited");
    assert_eq!(drawn(&same.stderr, "page"), (pages, 0), "{}", same.stderr);

    // Other options are another build.
    let other = b.build_ok(&["--no-posters"]);
    assert!(!other.stderr.contains("nothing changed"), "{}", other.stderr);
    assert!(!b.path("output/posters").exists());
    b.build_ok(&[]);

    // One project's description changes: its page is rendered; every other page is taken
    // from the last build, the display page too (it shows no description: its id stays).
    let file = "content/projects/baozhangxing-zulin-zhufang.yaml";
    let text = std::fs::read_to_string(b.path(file)).unwrap();
    assert!(text.contains("\ndescription: |\n"));
    let before = tree(&b.path("output"));
    let b = b.file(file, &text.replacen("\ndescription: |\n", "\ndescription: |\n  新增一段说明。\n", 1));
    let edited = b.build_ok(&[]);
    assert_eq!(drawn(&edited.stderr, "page"), (1, pages - 1), "{}", edited.stderr);
    // No workbook lists descriptions: every one is taken from the render cache.
    let workbooks = before.iter().filter(|(p, _)| p.ends_with(".xlsx")).count() as u64;
    assert!(workbooks >= 3, "{workbooks} workbooks");
    assert_eq!(drawn(&edited.stderr, "workbook"), (0, workbooks), "{}", edited.stderr);
    assert_eq!(changed_pages(&before, &tree(&b.path("output"))), ["projects/baozhangxing-zulin-zhufang/index.html"]);
    let b = b.file(file, &text);
    b.build_ok(&[]);

    // One project's leader changes: its poster sheet, the slides listing it, and exactly
    // the pages that show it.
    let before = tree(&b.path("output"));
    assert!(text.contains("leader: 郭振华\n"));
    let b = b.file(file, &text.replace("leader: 郭振华\n", "leader: 郭振东\n"));
    let changed = b.build_ok(&[]);
    assert_eq!(drawn(&changed.stderr, "poster"), (1, sheets as u64 - 1), "{}", changed.stderr);
    let (redrawn, reused) = drawn(&changed.stderr, "slide");
    assert!((1..=2).contains(&redrawn) && redrawn + reused == slides, "{}", changed.stderr);
    // The ledger lists the leader: it is made again, and the workbooks that do not are not.
    let (made, kept) = drawn(&changed.stderr, "workbook");
    assert!(made >= 1 && made + kept == workbooks, "{}", changed.stderr);
    let ledger = |site: &[(String, Vec<u8>)]| site.iter().find(|(p, _)| p == "data/projects.xlsx").cloned();
    assert_ne!(ledger(&before), ledger(&tree(&b.path("output"))), "the ledger shows the new leader");
    let shown = changed_pages(&before, &tree(&b.path("output")));
    assert!(shown.contains(&"projects/baozhangxing-zulin-zhufang/index.html".into()), "{shown:?}");
    assert!(shown.contains(&"leaders/index.html".into()), "{shown:?}");
    assert_eq!(drawn(&changed.stderr, "page"), (shown.len() as u64, pages - shown.len() as u64), "{shown:?}");

    // The cached output is the fresh one, byte for byte.
    let fresh = b.run(&["build", "--output", b.path("fresh").to_str().unwrap()]);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    assert!(!fresh.stderr.contains("render cache:"), "a new output has a new cache");
    assert!(tree(&b.path("output")) == tree(&b.path("fresh")), "cached and fresh builds differ");
}

/// After each kind of edit, a build that takes pages from the last one makes the same
/// site, byte for byte, as a fresh build: no page is kept that shows something changed.
#[test]
fn pages_taken_from_the_last_build_are_those_a_fresh_build_makes() {
    let file = "content/projects/baozhangxing-zulin-zhufang.yaml";
    let mut b = BoardTest::demo();
    b.build_ok(&["--no-posters"]);
    let edits: [(&str, &str, &str); 6] = [
        // A figure of an earlier month: that month's status and the page's history table.
        (
            file,
            "  - month: 2026-03\n    percent: 17\n    invested: 1320\n",
            "  - month: 2026-03\n    percent: 16\n    invested: 200\n",
        ),
        // The deadline: the project's status in every month.
        (file, "deadline: 2027-06-30\n", "deadline: 2026-05-31\n"),
        // A district's name: every row of its projects, on every page that lists them.
        ("content/site.yaml", "{ id: xigong, name: 西工街道 }", "{ id: xigong, name: 西工新街道 }"),
        // A milestone done: the project's page only.
        (file, "{ name: 主体结构封顶, due: 2026-10-31 }", "{ name: 主体结构封顶, due: 2026-10-31, done: 2026-10-20 }"),
        // The thresholds: statuses in every month, with no project record changed.
        ("content/site.yaml", "  yellow: 10\n  red: 30\n", "  yellow: 5\n  red: 12\n"),
        // The board's title: every page.
        ("content/site.yaml", "title: ", "title: 新"),
    ];
    for (path, from, to) in edits {
        let text = std::fs::read_to_string(b.path(path)).unwrap();
        assert!(text.contains(from), "{path} has no {from:?}");
        b = b.file(path, &text.replacen(from, to, 1));
        let kept = b.build_ok(&["--no-posters"]);
        let fresh = b.path("fresh");
        let _ = std::fs::remove_dir_all(&fresh);
        let _ = std::fs::remove_dir_all(b.path(".fresh.cache"));
        let made = b.run(&["build", "--no-posters", "--output", fresh.to_str().unwrap()]);
        assert_eq!(made.code, 0, "{}", made.stderr);
        let (drawn, reused) = drawn(&kept.stderr, "page");
        assert!(drawn >= 2, "{to:?}: {}", kept.stderr);
        assert!(
            tree(&b.path("output")) == tree(&fresh),
            "after {to:?} the build that kept {reused} pages differs from a fresh one"
        );
    }
}
