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

    // Other options are another build.
    let other = b.build_ok(&["--no-posters"]);
    assert!(!other.stderr.contains("nothing changed"), "{}", other.stderr);
    assert!(!b.path("output/posters").exists());
    b.build_ok(&[]);

    // One project's leader changes: its poster sheet and the slides listing it.
    let file = "content/projects/baozhangxing-zulin-zhufang.yaml";
    let text = std::fs::read_to_string(b.path(file)).unwrap();
    assert!(text.contains("leader: 郭振华\n"));
    let b = b.file(file, &text.replace("leader: 郭振华\n", "leader: 郭振东\n"));
    let changed = b.build_ok(&[]);
    assert_eq!(drawn(&changed.stderr, "poster"), (1, sheets as u64 - 1), "{}", changed.stderr);
    let (redrawn, reused) = drawn(&changed.stderr, "slide");
    assert!((1..=2).contains(&redrawn) && redrawn + reused == slides, "{}", changed.stderr);

    // The cached output is the fresh one, byte for byte.
    let fresh = b.run(&["build", "--output", b.path("fresh").to_str().unwrap()]);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    assert!(!fresh.stderr.contains("render cache:"), "a new output has a new cache");
    assert!(tree(&b.path("output")) == tree(&b.path("fresh")), "cached and fresh builds differ");
}
