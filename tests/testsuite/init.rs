//! `guatu init DIR`: a new board that checks and builds with no edits, and never overwrites.

use std::path::Path;
use std::process::{Command, Output};

fn guatu(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guatu")).args(args).arg(dir).env("NO_COLOR", "1").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_makes_a_board_that_checks_and_builds_with_no_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let board = tmp.path().join("new-board");
    let o = guatu(&["init"], &board);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("guatu serve"), "says what to do next: {}", stderr(&o));
    for f in ["site.yaml", "projects/zhineng-zhizao.yaml", "projects/chengguan-lu.yaml", "projects/xuexiao.yaml"] {
        assert!(board.join("content").join(f).is_file(), "missing content/{f}");
    }
    let pages: Vec<_> = std::fs::read_dir(board.join("content/pages")).unwrap().collect();
    assert_eq!(pages.len(), 1, "one page");

    // Every field of site.yaml is explained by a comment right above it.
    let site = std::fs::read_to_string(board.join("content/site.yaml")).unwrap();
    let lines: Vec<&str> = site.lines().collect();
    let mut fields = 0;
    for (i, line) in lines.iter().enumerate() {
        let field = line.trim_start_matches("# ");
        let is_field = field.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !line.starts_with(' ')
        });
        if is_field {
            fields += 1;
            let above = lines[..i].iter().rev().find(|l| !l.trim_start_matches('#').trim().is_empty()).unwrap();
            assert!(above.starts_with('#') && !above.contains(": "), "`{line}` has no explanation above it");
        }
    }
    assert!(fields >= 16, "site.yaml shows every field ({fields})");

    let o = guatu(&["check", "--root"], &board);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let o = guatu(&["build", "--root"], &board);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = board.join("output");
    for p in ["index.html", "projects/xuexiao/index.html", "pages/about/index.html", "reports/2026-04/index.html"] {
        assert!(out.join(p).is_file(), "missing output/{p}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/summary.json")).unwrap()).unwrap();
    let statuses: Vec<&str> =
        summary["projects"].as_array().unwrap().iter().map(|p| p["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["yellow", "red", "green"], "the example shows the three colours");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let o = guatu(&["init"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(), "mine");
    assert!(!tmp.path().join("content").exists());
}
