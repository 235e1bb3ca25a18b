//! Hostile or unlucky content: each case ends in a located error (or correct output),
//! never a crash, a hang or a wrong site. Runs that could exhaust memory or time go
//! through [`guarded`], which caps the binary's address space and wall time.

use std::process::Command;

use crate::board_test::{BoardTest, Run};

/// The project file under test.
const X: &str = "content/projects/x.yaml";

/// Lines 1–7 of a valid project; tests append from line 8 on.
const HEAD: &str = "\
name: 丙项目
district: jinguyuan
category: 产业项目
level: 省重点
leader: 王五
unit: 区发改委
deadline: 2027-06-30
";

/// The minimal fixture with `content/projects/x.yaml` = HEAD followed by `rest`.
fn board_x(rest: &str) -> BoardTest {
    BoardTest::fixture("minimal").file(X, &format!("{HEAD}{rest}"))
}

/// `guatu <args> --root <root>` with at most 4 GB of address space and 60 seconds.
fn guarded(b: &BoardTest, args: &[&str]) -> Run {
    b.run_guarded(args, 60)
}

/// The error lines of a run.
fn errors(run: &Run) -> Vec<&str> {
    run.stderr.lines().filter(|l| !l.starts_with(' ') && l.contains(": error: ")).collect()
}

/// The `help:` text printed under `line`, if any.
fn help_of<'r>(run: &'r Run, line: &str) -> Option<&'r str> {
    let lines: Vec<&str> = run.stderr.lines().collect();
    let i = lines.iter().position(|l| *l == line)?;
    lines.get(i + 1).and_then(|l| l.strip_prefix("    help: "))
}

/// `check` and `build` both exit 1 with `line` as the only error and `help` under it,
/// and the build writes nothing.
#[track_caller]
fn assert_refused(b: &BoardTest, line: &str, help: &str) {
    for cmd in ["check", "build"] {
        let run = guarded(b, &[cmd]);
        assert_eq!(errors(&run), [line], "{cmd}: stderr:\n{}", run.stderr);
        assert_eq!(help_of(&run, line), Some(help), "{cmd}: help of\n  {line}\nstderr:\n{}", run.stderr);
        assert_eq!(run.code, 1, "{cmd}: exit code; stderr:\n{}", run.stderr);
    }
    assert!(!b.path("output").exists(), "a refused build wrote output");
}

// ---------------------------------------------------------------- nesting depth

const DEEP_HELP: &str = "a board file needs only a few levels: remove the extra `- ` or indentation from here on";

#[test]
fn seven_thousand_nested_lists_are_refused_at_the_65th_level() {
    // 7,000 `- ` on one line under an unknown field: about 15 KB.
    let b = board_x(&format!("extra:\n{}x\n", "- ".repeat(7000)));
    assert_refused(
        &b,
        "content/projects/x.yaml:9:127: error: YAML syntax: lists and mappings nested deeper than 64 levels",
        DEEP_HELP,
    );
}

#[test]
fn seven_thousand_nested_mappings_are_refused_at_the_65th_level() {
    let nested: String = (1..=7000).map(|i| format!("{}k:\n", "  ".repeat(i))).collect();
    let b = board_x(&format!("extra:\n{nested}{}v: 1\n", "  ".repeat(7001)));
    // The top mapping is the first level, `extra`'s (line 9) the second: the 65th
    // starts on line 72, at its first key.
    assert_refused(
        &b,
        "content/projects/x.yaml:72:129: error: YAML syntax: lists and mappings nested deeper than 64 levels",
        DEEP_HELP,
    );
}

#[test]
fn sixty_four_levels_are_read() {
    // The top mapping, `extra`'s list and 62 lists inside it: 64 levels, an unknown field.
    let b = board_x(&format!("extra:\n{}x\n", "- ".repeat(63)));
    let run = guarded(&b, &["check"]);
    assert_eq!(
        errors(&run),
        ["content/projects/x.yaml:8:1: error: unknown field `extra` in a project"],
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------- control characters

#[test]
fn a_nul_byte_is_refused_at_its_line_and_column() {
    // Before, the parser stopped at the NUL: the progress below it was dropped, exit 0.
    let b = board_x("progress:\n  - month: 2026-01\n    note: 开工\0\n    invested: 5\n");
    assert_refused(
        &b,
        "content/projects/x.yaml:10:13: error: YAML syntax: control character U+0000 in the text",
        "remove the control character U+0000",
    );
}

#[test]
fn an_escape_character_is_refused_with_its_fix() {
    let b = board_x("owner: 某\x1b[31m公司\n");
    assert_refused(
        &b,
        "content/projects/x.yaml:8:9: error: YAML syntax: control character U+001B in the text",
        "remove the control character U+001B",
    );
}

// ---------------------------------------------------------------- what a content folder may hold

#[test]
fn a_page_or_report_linking_out_of_the_content_folder_is_refused_with_its_path() {
    for (rel, path) in [("content/pages", "content/pages/leak.md"), ("content/reports", "content/reports/2026-06.md")] {
        let b = BoardTest::fixture("minimal").file("secret.md", "# 机密\n");
        std::fs::create_dir_all(b.path(rel)).unwrap();
        std::os::unix::fs::symlink(b.path("secret.md"), b.path(path)).unwrap();
        assert_refused(
            &b,
            &format!("{path}:1:1: error: `{path}` is a link leading out of the content folder"),
            "copy the file into the content folder instead of linking it",
        );
    }
}

#[test]
fn a_link_inside_the_content_folder_is_still_read() {
    let b = BoardTest::fixture("minimal").file("content/pages/about.md", "# 关于\n");
    std::os::unix::fs::symlink(b.path("content/pages/about.md"), b.path("content/pages/info.md")).unwrap();
    let run = guarded(&b, &["check"]);
    assert_eq!(errors(&run), Vec::<&str>::new(), "{}", run.stderr);
}

#[test]
fn a_fifo_among_the_projects_is_refused_without_hanging() {
    let b = BoardTest::fixture("minimal");
    let fifo = b.path("content/projects/x.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Before, opening the FIFO blocked until the 60-second guard killed the run.
    assert_refused(
        &b,
        "content/projects/x.yaml:1:1: error: `content/projects/x.yaml` is not a regular file (a FIFO, socket or device)",
        "remove it; only regular files are read",
    );
}

#[test]
fn a_folder_named_like_a_project_or_a_page_is_refused_in_both_places() {
    for path in ["content/projects/x.yaml", "content/pages/x.md"] {
        let b = BoardTest::fixture("minimal").file(&format!("{path}/inner.txt"), "");
        assert_refused(
            &b,
            &format!("{path}:1:1: error: `{path}` is a folder, not a file"),
            "rename the folder or move it out",
        );
    }
}

// ---------------------------------------------------------------- amounts

const LARGE_HELP: &str = "check the digits and the money unit (money_unit in site.yaml)";

#[test]
fn a_twenty_digit_amount_is_called_too_large() {
    let b = board_x("total_investment: 12345678901234567890\n");
    assert_refused(
        &b,
        "content/projects/x.yaml:8:19: error: total_investment is too large: 12345678901234567890, the largest figure is 100000000",
        LARGE_HELP,
    );
}

#[test]
fn amounts_that_would_wrap_in_sums_are_refused_at_the_amount() {
    // Two amounts near 9e14 summed to a negative total, shown everywhere with a warning.
    let b = board_x(
        "progress:\n  - month: 2026-01\n    invested: 900000000000000\n  - month: 2026-02\n    invested: 100000000.0001\n",
    );
    let run = guarded(&b, &["check"]);
    assert_eq!(
        errors(&run),
        [
            "content/projects/x.yaml:10:15: error: invested is too large: 900000000000000, the largest figure is 100000000",
            "content/projects/x.yaml:12:15: error: invested is too large: 100000000.0001, the largest figure is 100000000",
        ],
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 1);
    let ok = board_x("total_investment: 100000000\nprogress:\n  - month: 2026-01\n    invested: 100000000\n");
    let run = guarded(&ok, &["check"]);
    assert_eq!(errors(&run), Vec::<&str>::new(), "{}", run.stderr);
}

// ---------------------------------------------------------------- months

const MONTHS_HELP: &str = "check the year; boards cover months from 1949-01 to 2100-12";

#[test]
fn a_month_outside_1949_to_2100_is_refused_at_the_month() {
    // Before, 9999-12 made a report for every month up to it: 24,000 reports.
    let b = board_x("progress:\n  - month: 2026-01\n    invested: 1\n  - month: 9999-12\n    invested: 1\n");
    assert_refused(
        &b,
        "content/projects/x.yaml:11:12: error: month `9999-12` is outside 1949-01 to 2100-12",
        MONTHS_HELP,
    );
    let b = board_x("progress:\n  - month: 0000-01\n    invested: 1\n");
    assert_refused(
        &b,
        "content/projects/x.yaml:9:12: error: month `0000-01` is outside 1949-01 to 2100-12",
        MONTHS_HELP,
    );
}

#[test]
fn as_of_outside_1949_to_2100_is_refused_in_site_yaml() {
    let b = BoardTest::fixture("minimal");
    let site =
        std::fs::read_to_string(b.path("content/site.yaml")).unwrap().replace("as_of: 2026-06", "as_of: 2101-01");
    let b = b.file("content/site.yaml", &site);
    assert_refused(&b, "content/site.yaml:3:8: error: as_of `2101-01` is outside 1949-01 to 2100-12", MONTHS_HELP);
}

// ---------------------------------------------------------------- what build refuses, check refuses

#[test]
fn text_longer_than_an_excel_cell_is_refused_by_check_at_its_line() {
    // Before, check passed and build failed with exit 2 and no location.
    let b = board_x(&format!("owner: {}\n", "长".repeat(32_768)));
    assert_refused(
        &b,
        "content/projects/x.yaml:8:8: error: owner is 32768 characters long, at most 32767",
        "shorten the text (an Excel cell holds 32,767 characters); long explanations belong in a page",
    );
    let ok = board_x(&format!("owner: {}\n", "长".repeat(32_767)));
    assert_eq!(errors(&guarded(&ok, &["check"])), Vec::<&str>::new());
}

#[test]
fn a_date_before_1900_is_refused_by_check_at_its_line() {
    // Before, check passed and build failed with exit 2 (no Excel day number for it).
    let b = board_x("milestones:\n  - { name: 立项, due: 1899-12-31 }\n");
    assert_refused(
        &b,
        "content/projects/x.yaml:9:22: error: due `1899-12-31` is outside 1949-01 to 2100-12",
        MONTHS_HELP,
    );
}

// ---------------------------------------------------------------- aliases

#[test]
fn an_alias_of_a_list_is_refused_at_the_alias_with_a_fix() {
    let b = board_x("milestones: &m\n  - { name: 封顶, due: 2026-09 }\nphotos: *m\n");
    assert_refused(
        &b,
        "content/projects/x.yaml:10:9: error: YAML syntax: aliases of lists and mappings (`*name`) are not supported",
        "write the list or mapping out in full here instead of the alias",
    );
}

// ---------------------------------------------------------------- base address

const BASE_HELP: &str = "write a path such as `/zdxm/` (`/` for the whole server) or a full https:// address";

/// The minimal fixture with `base_url: <value>` as line 16 of site.yaml.
fn board_with_base(value: &str) -> BoardTest {
    let b = BoardTest::fixture("minimal");
    let site = std::fs::read_to_string(b.path("content/site.yaml")).unwrap();
    assert_eq!(site.lines().count(), 15);
    b.file("content/site.yaml", &format!("{site}base_url: {value}\n"))
}

#[test]
fn a_base_url_that_a_browser_reads_as_another_host_is_refused_at_its_line() {
    // Before, these passed as paths (they start with `/`) or as https addresses, and every
    // page loaded its styles and scripts from host.example.
    const TWO: &str = "starts its path with two slashes, which a browser takes as another host";
    const BACK: &str = "contains a backslash, which a browser reads as `/`";
    for (value, shown, fault) in [
        ("//host.example/", "//host.example/", TWO),
        ("//host.example", "//host.example", TWO),
        ("https://www.example.gov.cn//host.example/", "https://www.example.gov.cn//host.example/", TWO),
        ("/\\host.example/", "/\\host.example/", BACK),
        ("'\\\\host.example/'", "\\\\host.example/", BACK),
        ("/zdxm\\host/", "/zdxm\\host/", BACK),
        ("\"/\\t/host.example/\"", "/\\t/host.example/", "contains a space, a control character or a quote"),
    ] {
        let b = board_with_base(value);
        assert_refused(&b, &format!("content/site.yaml:16:11: error: base_url `{shown}` {fault}"), BASE_HELP);
    }
}

#[test]
fn a_base_url_path_or_https_address_is_still_taken() {
    for value in ["/zdxm/", "/", "https://www.example.gov.cn/zdxm/"] {
        let b = board_with_base(value);
        let run = guarded(&b, &["check"]);
        assert_eq!((errors(&run), run.code), (Vec::<&str>::new(), 0), "{value}: {}", run.stderr);
    }
}

#[test]
fn a_base_url_option_that_a_browser_reads_as_another_host_is_refused() {
    for (value, fault) in [
        ("//host.example/", "starts its path with two slashes, which a browser takes as another host"),
        ("/\\host.example/", "contains a backslash, which a browser reads as `/`"),
        ("\\/host.example/", "contains a backslash, which a browser reads as `/`"),
    ] {
        let b = BoardTest::fixture("minimal");
        let run = guarded(&b, &["build", "--base-url", value]);
        assert_eq!(run.code, 2, "{value}: stderr:\n{}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "--base-url `{value}` {fault}: write a path such as /zdxm/ or a full https:// address"
            )),
            "{value}: stderr:\n{}",
            run.stderr
        );
        assert!(!b.path("output").exists(), "{value}: a refused build wrote output");
    }
}
