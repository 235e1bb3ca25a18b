//! Validation (SPEC §1.3): every rule, pinned to the exact line the user reads,
//! `<path>:<line>:<column>: error|warning: <message>` plus `    help: <fix>`.
//!
//! Each test copies the minimal fixture, adds one small bad file and runs
//! `guatu check` (or `build`). Tests marked `#[ignore = "bug: …"]` state what the
//! SPEC requires and what guatu gets wrong today.

use std::os::unix::fs::symlink;

use crate::board_test::{tree, BoardTest, Run};

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

/// The minimal fixture plus `files` (path relative to the root, text).
fn board(files: &[(&str, &str)]) -> BoardTest {
    files.iter().fold(BoardTest::fixture("minimal"), |b, (path, text)| b.file(path, text))
}

/// `guatu check` on the minimal fixture plus `files`.
fn check(files: &[(&str, &str)]) -> Run {
    board(files).run(&["check"])
}

/// `guatu check` with `content/projects/x.yaml` = HEAD followed by `rest`.
fn check_x(rest: &str) -> Run {
    check(&[(X, &format!("{HEAD}{rest}"))])
}

/// The first line of every diagnostic of that severity (`"error"` or `"warning"`).
fn lines_of<'r>(run: &'r Run, severity: &str) -> Vec<&'r str> {
    let tag = format!(": {severity}: ");
    run.stderr.lines().filter(|l| !l.starts_with(' ') && l.contains(&tag)).collect()
}

fn errors(run: &Run) -> Vec<&str> {
    lines_of(run, "error")
}

fn warnings(run: &Run) -> Vec<&str> {
    lines_of(run, "warning")
}

/// The first error line (diagnostics are sorted by file and position).
fn first_error(run: &Run) -> String {
    errors(run).first().unwrap_or_else(|| panic!("no error in:\n{}", run.stderr)).to_string()
}

/// The `help:` text printed under `line`, if any.
fn help_of<'r>(run: &'r Run, line: &str) -> Option<&'r str> {
    let lines: Vec<&str> = run.stderr.lines().collect();
    let i = lines
        .iter()
        .position(|l| *l == line)
        .unwrap_or_else(|| panic!("no line\n  {line}\nin stderr:\n{}", run.stderr));
    lines.get(i + 1).and_then(|l| l.strip_prefix("    help: "))
}

/// Exit 1, `line` is the only error, and `help` is its fix line.
#[track_caller]
fn assert_error(run: &Run, line: &str, help: Option<&str>) {
    assert_eq!(errors(run), [line], "stderr:\n{}", run.stderr);
    assert_eq!(help_of(run, line), help, "help of\n  {line}\nstderr:\n{}", run.stderr);
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
}

/// Exit 0, no error, `line` among the warnings with `help` as its fix line.
#[track_caller]
fn assert_warning(run: &Run, line: &str, help: Option<&str>) {
    assert_eq!(errors(run), Vec::<&str>::new(), "stderr:\n{}", run.stderr);
    assert!(warnings(run).contains(&line), "no warning\n  {line}\nstderr:\n{}", run.stderr);
    assert_eq!(help_of(run, line), help, "help of\n  {line}\nstderr:\n{}", run.stderr);
    assert_eq!(run.code, 0, "exit code; stderr:\n{}", run.stderr);
}

/// Exit 1 and exactly one error, on line `line` of `file`, ending in `message`
/// (the column is pinned by a separate, ignored test where guatu gets it wrong).
#[track_caller]
fn assert_error_on_line(run: &Run, file: &str, line: usize, message: &str) {
    let errs = errors(run);
    assert_eq!(errs.len(), 1, "stderr:\n{}", run.stderr);
    let prefix = format!("{file}:{line}:");
    assert!(
        errs[0].starts_with(&prefix) && errs[0].ends_with(&format!(": error: {message}")),
        "got\n  {}\nwant {prefix}<col>: error: {message}",
        errs[0]
    );
    assert_eq!(run.code, 1);
}

const CHECK_INDENT: &str = "check indentation and quotes on this line or the one above";
const NUMBER_HELP: &str = "write digits only, e.g. `3200` or `3200.5`, without quotes or units";

// ---------------------------------------------------------------- the fixture

#[test]
fn the_minimal_fixture_has_no_error() {
    let run = check(&[]);
    assert_eq!(errors(&run), Vec::<&str>::new(), "{}", run.stderr);
    assert_eq!(run.code, 0);
}

#[test]
fn a_complete_valid_project_is_accepted() {
    let run = check(&[
        ("content/media/x/2026-05.jpg", "not really a jpeg"),
        (
            X,
            &format!(
                "{HEAD}owner: 某公司\nstart: 2026-05-15\ntotal_investment: 1000.1234\nannual_plan: {{ 2026: 400, 2027: 0 }}\n\
                 milestones:\n  - {{ name: 封顶, due: 2026-09, done: 2026-08-31 }}\nprogress:\n  - month: 2026-05\n    stage: started\n    \
                 percent: 0\n    invested: 0.5\n  - month: 2026-06\n    percent: 100\n    invested: 0\n    status: red\n    status_note: 督办\n\
                 photos: [media/x/2026-05.jpg]\ndescription: |\n  说明\n"
            ),
        ),
    ]);
    assert_eq!(errors(&run), Vec::<&str>::new(), "{}", run.stderr);
    assert!(!run.stderr.contains("x.yaml"), "{}", run.stderr);
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------- YAML syntax

#[test]
fn yaml_syntax_error_points_at_the_bad_token() {
    let run = check(&[(X, "name: 丙项目\n  district: jinguyuan\n")]);
    assert_error(
        &run,
        "content/projects/x.yaml:2:11: error: YAML syntax: mapping values are not allowed in this context",
        Some(CHECK_INDENT),
    );
}

#[test]
fn yaml_syntax_error_in_an_unclosed_quote() {
    let run = check(&[(X, "name: 丙项目\nleader: \"王五\nunit: 区发改委\n")]);
    assert_error(
        &run,
        "content/projects/x.yaml:2:9: error: YAML syntax: invalid indentation in quoted scalar",
        Some(CHECK_INDENT),
    );
}

#[test]
fn yaml_tab_indentation_points_at_the_tab() {
    let run = check(&[(X, "name: 丙项目\nprogress:\n\t- month: 2026-01\n")]);
    assert_error(
        &run,
        "content/projects/x.yaml:3:1: error: YAML syntax: tabs disallowed within this context (block indentation)",
        Some("indent with spaces, not tabs"),
    );
}

#[test]
fn a_colon_inside_a_value_asks_for_quotes() {
    let run =
        check(&[(X, &format!("{HEAD}progress:\n  - month: 2026-01\n    invested: 5\n    note: 主体完工: 80%\n"))]);
    assert_error(
        &run,
        "content/projects/x.yaml:11:15: error: YAML syntax: mapping values are not allowed in this context",
        Some("a `: ` inside a value starts a new field; put the value in quotes (`note: \"主体完工: 80%\"`) or write the full-width `：`"),
    );
}

#[test]
fn a_field_colon_without_a_space_or_full_width_is_reported_on_its_line() {
    let run = check(&[(X, &format!("{HEAD}progress:\n  - month: 2026-01\n    invested:5\n    note: 开工\n"))]);
    assert_error(
        &run,
        "content/projects/x.yaml:10:13: error: YAML syntax: simple key expect ':'",
        Some("put a space after the colon: `invested: 5`"),
    );
    let run = check(&[(X, &format!("{HEAD}progress:\n  - month: 2026-01\n    invested：5\n    note: 开工\n"))]);
    assert_error(
        &run,
        "content/projects/x.yaml:10:13: error: YAML syntax: simple key expect ':'",
        Some("write the field's colon as `:` and a space, not the full-width `：`: `invested: 5`"),
    );
}

#[test]
fn an_empty_project_file_is_an_error_at_1_1() {
    let run = check(&[(X, "")]);
    assert_error(
        &run,
        "content/projects/x.yaml:1:1: error: the file is empty",
        Some("see content/projects in `guatu init` for an example"),
    );
}

#[test]
fn a_duplicate_key_is_reported_on_the_second_line() {
    let run = check(&[(X, &format!("{HEAD}name: 又一个名字\n"))]);
    assert_error(&run, "content/projects/x.yaml:8:1: error: duplicate field `name`", Some("keep one of the two lines"));
}

// ---------------------------------------------------------------- unknown and missing fields

#[test]
fn unknown_field_suggests_the_closest_name() {
    let run = check_x("onwer: 某公司\n");
    assert_error(
        &run,
        "content/projects/x.yaml:8:1: error: unknown field `onwer` in a project",
        Some("did you mean \"owner\"?"),
    );
}

#[test]
fn unknown_field_without_a_close_name_lists_the_allowed_ones() {
    let run = check_x("budget: 100\n");
    assert_error(
        &run,
        "content/projects/x.yaml:8:1: error: unknown field `budget` in a project",
        Some(
            "allowed fields: name, district, category, level, leader, unit, owner, start, deadline, total_investment, \
             annual_plan, prior_invested, milestones, progress, photos, description",
        ),
    );
}

#[test]
fn unknown_field_in_a_progress_entry() {
    let run = check_x("progress:\n  - month: 2026-05\n    percent: 10\n    invested: 100\n    nots: 完成平整\n");
    assert_error(
        &run,
        "content/projects/x.yaml:12:5: error: unknown field `nots` in a progress entry",
        Some("did you mean \"note\"?"),
    );
}

#[test]
fn missing_required_field_is_reported() {
    // No `leader` (line 5 of HEAD removed).
    let text = HEAD.replace("leader: 王五\n", "");
    let run = check(&[(X, &text)]);
    assert_error_on_line(&run, X, 1, "a project is missing the required field `leader`");
    let line = first_error(&run);
    assert_eq!(help_of(&run, &line), Some("add a line `leader: …`"));
}

#[test]
fn missing_required_field_points_at_the_project_mapping() {
    let text = HEAD.replace("leader: 王五\n", "");
    let run = check(&[(X, &text)]);
    assert_error(
        &run,
        "content/projects/x.yaml:1:1: error: a project is missing the required field `leader`",
        Some("add a line `leader: …`"),
    );
}

#[test]
fn an_entry_without_invested_or_ytd_invested_points_at_the_entry() {
    let run = check_x("progress:\n  - month: 2026-05\n    percent: 10\n");
    assert_error(
        &run,
        "content/projects/x.yaml:9:5: error: a progress entry needs `invested` (本月完成投资) or `ytd_invested` (1–M月累计完成投资)",
        Some("add `invested: 0` if nothing was invested this month, or the ledger's 1–M月 figure as `ytd_invested:`"),
    );
}

#[test]
fn percent_is_optional_and_physical_progress_is_text() {
    let run = check_x(
        "prior_invested: 7000\nprogress:\n  - month: 2026-03\n    physical_progress: 路基完成75%，桥梁下部结构完成60%\n    ytd_invested: 2000\n  - month: 2026-04\n    percent: 10\n    invested: 500\n",
    );
    assert_eq!(errors(&run), Vec::<&str>::new(), "{}", run.stderr);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn ytd_invested_never_decreases_within_a_year() {
    let run =
        check_x("progress:\n  - month: 2026-03\n    ytd_invested: 2000\n  - month: 2026-04\n    ytd_invested: 1500\n");
    assert_error(
        &run,
        "content/projects/x.yaml:12:19: error: ytd_invested 1500 is below the year's previous ytd value 2000; 1–M月累计 never decreases",
        Some("check this month's figure; a correction belongs in the month it corrects (it was 2000 before)"),
    );
    // A new year starts from 0 again, and an entry giving only `invested` adds to the
    // previous ytd value, which the next ytd_invested must cover.
    let year =
        check_x("progress:\n  - month: 2025-12\n    ytd_invested: 9000\n  - month: 2026-01\n    ytd_invested: 100\n");
    assert_eq!(errors(&year), Vec::<&str>::new(), "{}", year.stderr);
    let mixed = check_x(
        "progress:\n  - month: 2026-03\n    ytd_invested: 2000\n  - month: 2026-04\n    invested: 600\n  - month: 2026-05\n    ytd_invested: 2500\n",
    );
    assert_error(
        &mixed,
        "content/projects/x.yaml:14:19: error: ytd_invested 2500 is below the year's previous ytd value 2600; 1–M月累计 never decreases",
        Some("check this month's figure; a correction belongs in the month it corrects (it was 2600 before)"),
    );
}

#[test]
fn ytd_invested_given_with_invested_covers_both() {
    let run = check_x(
        "progress:\n  - month: 2026-03\n    ytd_invested: 2000\n  - month: 2026-04\n    invested: 600\n    ytd_invested: 2500\n",
    );
    assert_error(
        &run,
        "content/projects/x.yaml:13:19: error: ytd_invested 2500 is below the year's previous ytd value 2000 plus this month's invested 600 (= 2600)",
        Some("ytd_invested (1–M月累计) includes this month's invested: check both figures, or leave one out"),
    );
    // More than the previous value plus invested is fine: months between were not reported.
    let ok = check_x(
        "progress:\n  - month: 2026-03\n    ytd_invested: 2000\n  - month: 2026-05\n    invested: 600\n    ytd_invested: 3000\n",
    );
    assert_eq!(errors(&ok), Vec::<&str>::new(), "{}", ok.stderr);
}

#[test]
fn negative_ytd_and_prior_invested_and_text_physical_progress() {
    let run = check_x(
        "prior_invested: -1\nprogress:\n  - month: 2026-05\n    ytd_invested: -5\n    physical_progress: [a]\n",
    );
    let errs = errors(&run);
    assert!(
        errs.iter().any(|l| l.starts_with("content/projects/x.yaml:8:17: error: prior_invested must not be negative")),
        "{}",
        run.stderr
    );
    assert!(
        errs.iter().any(|l| l.starts_with("content/projects/x.yaml:11:19: error: ytd_invested must not be negative")),
        "{}",
        run.stderr
    );
    assert!(
        errs.iter().any(|l| l.starts_with("content/projects/x.yaml:12:24: error: physical_progress must be")),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_field_in_a_flow_mapping_points_at_the_brace() {
    let run = check_x("milestones:\n  - { name: 封顶 }\n");
    assert_error(
        &run,
        "content/projects/x.yaml:9:5: error: a milestone is missing the required field `due`",
        Some("add a line `due: …`"),
    );
}

#[test]
fn an_empty_required_field_points_at_its_own_line() {
    let text = HEAD.replace("leader: 王五", "leader:");
    let run = check(&[(X, &text)]);
    let err = first_error(&run);
    assert!(err.starts_with("content/projects/x.yaml:5:") && err.contains("leader"), "{}", run.stderr);
}

#[test]
fn an_empty_quoted_required_text_is_an_error() {
    let text = HEAD.replace("unit: 区发改委", "unit: \"\"");
    let run = check(&[(X, &text)]);
    let err = first_error(&run);
    assert!(err.starts_with("content/projects/x.yaml:6:7: error:") && err.contains("unit"), "{}", run.stderr);
}

// ---------------------------------------------------------------- wrong types

#[test]
fn text_where_a_number_goes() {
    let run = check_x("total_investment: 很多\n");
    assert_error(
        &run,
        "content/projects/x.yaml:8:19: error: total_investment must be a number with at most four decimals, found `很多`",
        Some(NUMBER_HELP),
    );
}

#[test]
fn a_control_character_in_a_text_is_refused() {
    let run = check_x("owner: \"西工\\x01公司\"\n");
    assert_error(
        &run,
        "content/projects/x.yaml:8:8: error: owner holds the control character U+0001 (character 3)",
        Some(
            "delete it: no page, poster or workbook can show it (it often comes with text copied from another program)",
        ),
    );
}

#[test]
fn a_quoted_number_is_text() {
    let run = check_x("progress:\n  - month: 2026-05\n    percent: 10\n    invested: \"100\"\n");
    assert_error(
        &run,
        "content/projects/x.yaml:11:15: error: invested must be a number with at most four decimals, found `100`",
        Some("did you mean `100`? write digits only, without quotes, separators or units"),
    );
}

#[test]
fn numbers_written_as_on_paper_get_the_number_meant() {
    let run = check_x(
        "total_investment: 12,800
progress:
  - month: 2026-05
    percent: １５
    invested: 3，200.5
",
    );
    assert_eq!(
        errors(&run),
        [
            "content/projects/x.yaml:8:19: error: total_investment must be a number with at most four decimals, found `12,800`",
            "content/projects/x.yaml:11:14: error: percent must be a number with at most four decimals, found `１５`",
            "content/projects/x.yaml:12:15: error: invested must be a number with at most four decimals, found `3，200.5`",
        ],
        "{}",
        run.stderr
    );
    for (line, meant) in [(8, "12800"), (11, "15"), (12, "3200.5")] {
        let error = errors(&run).into_iter().find(|l| l.starts_with(&format!("{X}:{line}:"))).unwrap();
        assert_eq!(
            help_of(&run, error),
            Some(format!("did you mean `{meant}`? write digits only, without quotes, separators or units").as_str())
        );
    }
}

#[test]
fn a_number_with_a_unit_is_not_a_number() {
    let run = check_x("total_investment: 1000万元\n");
    assert_error(
        &run,
        "content/projects/x.yaml:8:19: error: total_investment must be a number with at most four decimals, found `1000万元`",
        Some(NUMBER_HELP),
    );
}

#[test]
fn a_list_where_text_goes() {
    let text = HEAD.replace("leader: 王五", "leader: [王五, 赵六]");
    let run = check(&[(X, &text)]);
    assert_error(
        &run,
        "content/projects/x.yaml:5:9: error: leader must be text, found a list",
        Some("write the text on the same line after `leader: `"),
    );
}

#[test]
fn a_scalar_where_a_list_goes() {
    let run = check_x("progress: 2026-05\n");
    assert_error(
        &run,
        "content/projects/x.yaml:8:11: error: progress must be a list, found a scalar",
        Some("write one `- item` per line or `[a, b]`"),
    );
}

#[test]
fn a_list_where_the_annual_plan_mapping_goes() {
    let run = check_x("annual_plan: [400]\n");
    assert_error(
        &run,
        "content/projects/x.yaml:8:14: error: annual_plan must be a mapping `year: amount`, found a list",
        Some("e.g. `annual_plan: { 2026: 40000 }`"),
    );
}

#[test]
fn more_than_four_decimals() {
    let run = check_x("progress:\n  - month: 2026-05\n    percent: 10\n    invested: 1.23456\n");
    assert_error(
        &run,
        "content/projects/x.yaml:11:15: error: invested must be a number with at most four decimals, found `1.23456`",
        Some(NUMBER_HELP),
    );
    let ok = check_x("progress:\n  - month: 2026-05\n    percent: 10.5\n    invested: 1.2345\n");
    assert_eq!(errors(&ok), Vec::<&str>::new(), "{}", ok.stderr);
}

// ---------------------------------------------------------------- ids

#[test]
fn bad_project_file_name_is_reported_at_1_1() {
    for stem in ["Gamma", "x_1", "-x", "项目"] {
        let path = format!("content/projects/{stem}.yaml");
        let run = check(&[(&path, HEAD)]);
        assert_error(
            &run,
            &format!("{path}:1:1: error: bad file name: `{stem}` is not a valid project id"),
            Some("name the file <id>.yaml with 1–64 lowercase ASCII letters, digits and `-`"),
        );
    }
}

#[test]
fn a_project_file_name_of_65_characters_is_too_long() {
    let stem = "a".repeat(65);
    let path = format!("content/projects/{stem}.yaml");
    let run = check(&[(&path, HEAD)]);
    assert_eq!(first_error(&run), format!("{path}:1:1: error: bad file name: `{stem}` is not a valid project id"));
    let ok = check(&[(&format!("content/projects/{}.yaml", "a".repeat(64)), HEAD)]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
}

#[test]
fn a_file_without_the_yaml_extension_is_a_warning_at_1_1() {
    let run = check(&[("content/projects/x.yml", HEAD)]);
    assert_warning(
        &run,
        "content/projects/x.yml:1:1: warning: ignored: project files must end in .yaml",
        Some("rename it to <id>.yaml"),
    );
}

/// The fixture's site.yaml with `replace` applied to it.
fn site_with(replace: (&str, &str)) -> String {
    let site = std::fs::read_to_string(crate::board_test::fixtures().join("minimal/content/site.yaml")).unwrap();
    assert!(site.contains(replace.0), "fixture site.yaml has no `{}`", replace.0);
    site.replacen(replace.0, replace.1, 1)
}

#[test]
fn bad_district_id_in_site_yaml() {
    let site = "title: 测试\norganization: 测试办\ndistricts:\n  - { id: jinguyuan, name: 金谷园街道 }\n  - { id: wangchenglu, name: 王城路街道 }\n  - { id: Empty_1, name: 空街道 }\n";
    let run = check(&[("content/site.yaml", site)]);
    assert_error(
        &run,
        "content/site.yaml:6:11: error: district id `Empty_1` is not a valid id",
        Some("use 1–64 lowercase ASCII letters, digits and `-`, starting with a letter or digit"),
    );
}

// ---------------------------------------------------------------- months and dates

#[test]
fn bad_months() {
    for (bad, help) in [
        ("2026-13", "e.g. `2026-03`"),
        ("2026-00", "e.g. `2026-03`"),
        ("26-03", "e.g. `2026-03`"),
        ("2026-3", "did you mean `2026-03`?"),
        ("2026/03", "did you mean `2026-03`?"),
        ("2026年3月", "did you mean `2026-03`?"),
        ("2026-03-01", "did you mean `2026-03`?"),
    ] {
        let run = check_x(&format!("progress:\n  - month: {bad}\n    percent: 10\n    invested: 100\n"));
        assert_error(
            &run,
            &format!("content/projects/x.yaml:9:12: error: month must be a month YYYY-MM, found `{bad}`"),
            Some(help),
        );
    }
}

#[test]
fn bad_dates() {
    let example = "e.g. `2027-06-30` or `2027-06` (the month's last day)";
    for (bad, help) in [
        ("2027-02-30", example),
        ("2027-13", example),
        ("30.06.2027", example),
        ("明年", example),
        ("2027-6-30", "did you mean `2027-06-30`?"),
        ("2027/6/30", "did you mean `2027-06-30`?"),
        ("2027年6月30日", "did you mean `2027-06-30`?"),
        ("2027.06", "did you mean `2027-06`?"),
    ] {
        let text = HEAD.replace("deadline: 2027-06-30", &format!("deadline: {bad}"));
        let run = check(&[(X, &text)]);
        assert_error(
            &run,
            &format!("content/projects/x.yaml:7:11: error: deadline must be a date YYYY-MM-DD or a month YYYY-MM, found `{bad}`"),
            Some(help),
        );
    }
}

#[test]
fn a_bad_start_and_a_bad_milestone_date() {
    let run = check_x("start: 2026-02-29\nmilestones:\n  - { name: 封顶, due: 2026-09-31 }\n");
    assert_eq!(
        errors(&run),
        [
            "content/projects/x.yaml:8:8: error: start must be YYYY-MM or YYYY-MM-DD, found `2026-02-29`",
            "content/projects/x.yaml:10:22: error: due must be a date YYYY-MM-DD or a month YYYY-MM, found `2026-09-31`",
        ],
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 1);
}

// ---------------------------------------------------------------- district, category, level

#[test]
fn unknown_district_suggests_the_closest_id() {
    let text = HEAD.replace("district: jinguyuan", "district: jinguyan");
    let run = check(&[(X, &text)]);
    assert_error(
        &run,
        "content/projects/x.yaml:2:11: error: unknown district `jinguyan`",
        Some("did you mean \"jinguyuan\"?"),
    );
}

#[test]
fn unknown_district_written_by_name_suggests_its_id() {
    let text = HEAD.replace("district: jinguyuan", "district: 金谷园街道");
    let run = check(&[(X, &text)]);
    assert_error(
        &run,
        "content/projects/x.yaml:2:11: error: unknown district `金谷园街道`",
        Some("write the district's id: `jinguyuan`"),
    );
}

#[test]
fn a_district_written_by_a_short_or_other_form_of_its_name_gets_its_id() {
    for written in ["金谷园", "金谷园镇"] {
        let text = HEAD.replace("district: jinguyuan", &format!("district: {written}"));
        let run = check(&[(X, &text)]);
        assert_error(
            &run,
            &format!("content/projects/x.yaml:2:11: error: unknown district `{written}`"),
            Some("write the district's id: `jinguyuan` (金谷园街道)"),
        );
    }
    // 街道 alone names no district: every name ends in it, none starts with it.
    let text = HEAD.replace("district: jinguyuan", "district: 街道");
    let run = check(&[(X, &text)]);
    assert_eq!(help_of(&run, errors(&run)[0]), Some("districts in site.yaml: jinguyuan, wangchenglu, empty"));
}

#[test]
fn unknown_district_far_from_any_lists_them() {
    let text = HEAD.replace("district: jinguyuan", "district: xigongqu");
    let run = check(&[(X, &text)]);
    assert_error(
        &run,
        "content/projects/x.yaml:2:11: error: unknown district `xigongqu`",
        Some("districts in site.yaml: jinguyuan, wangchenglu, empty"),
    );
}

#[test]
fn unknown_category_suggests_the_closest() {
    let text = HEAD.replace("category: 产业项目", "category: 产业项");
    let run = check(&[(X, &text)]);
    assert_error(
        &run,
        "content/projects/x.yaml:3:11: error: unknown category `产业项`",
        Some("did you mean \"产业项目\"?"),
    );
}

#[test]
fn unknown_level_lists_the_levels() {
    let text = HEAD.replace("level: 省重点", "level: 国家级");
    let run = check(&[(X, &text)]);
    assert_error(
        &run,
        "content/projects/x.yaml:4:8: error: unknown level `国家级`",
        Some("site.yaml lists: 省重点, 市重点, 区重点"),
    );
}

#[test]
fn missing_category_or_level_when_site_yaml_lists_them() {
    let text = HEAD.replace("category: 产业项目\n", "");
    let run = check(&[(X, &text)]);
    assert_error_on_line(&run, X, 1, "a project is missing the required field `category`");
    let text = HEAD.replace("level: 省重点\n", "");
    let run = check(&[(X, &text)]);
    assert_error_on_line(&run, X, 1, "a project is missing the required field `level`");
}

#[test]
fn missing_category_points_at_the_project_mapping() {
    let text = HEAD.replace("category: 产业项目\n", "");
    let run = check(&[(X, &text)]);
    assert_error(
        &run,
        "content/projects/x.yaml:1:1: error: a project is missing the required field `category`",
        Some("add a line `category: …`"),
    );
}

#[test]
fn category_and_level_are_optional_when_site_yaml_lists_none() {
    let site = "title: 测试\norganization: 测试办\ndistricts:\n  - { id: jinguyuan, name: 金谷园街道 }\n  - { id: wangchenglu, name: 王城路街道 }\n  - { id: empty, name: 空街道 }\n";
    let text = HEAD.replace("category: 产业项目\n", "").replace("level: 省重点\n", "");
    let run = check(&[("content/site.yaml", site), (X, &text)]);
    assert_eq!(errors(&run), Vec::<&str>::new(), "{}", run.stderr);
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------- progress entries

#[test]
fn a_month_reported_twice() {
    let run = check_x(
        "progress:\n  - month: 2026-05\n    percent: 10\n    invested: 100\n  - month: 2026-05\n    percent: 20\n    invested: 100\n",
    );
    assert_error(
        &run,
        "content/projects/x.yaml:12:12: error: month 2026-05 is reported twice",
        Some("merge the two entries into one"),
    );
}

#[test]
fn months_out_of_order() {
    let run = check_x(
        "progress:\n  - month: 2026-05\n    percent: 10\n    invested: 100\n  - month: 2026-04\n    percent: 20\n    invested: 100\n",
    );
    assert_error(
        &run,
        "content/projects/x.yaml:12:12: error: month 2026-04 comes after 2026-05; entries must be in ascending order",
        Some("move this entry above the later months"),
    );
}

#[test]
fn percent_outside_0_to_100() {
    for (bad, shown) in [("120", "120"), ("-5", "-5"), ("100.0001", "100.0001")] {
        let run = check_x(&format!("progress:\n  - month: 2026-05\n    percent: {bad}\n    invested: 100\n"));
        assert_error(
            &run,
            &format!("content/projects/x.yaml:10:14: error: percent must be between 0 and 100, found {shown}"),
            Some("percent is how much of the whole project is done, from 0 to 100"),
        );
    }
    for ok in ["0", "100"] {
        let run = check_x(&format!("progress:\n  - month: 2026-05\n    percent: {ok}\n    invested: 100\n"));
        assert_eq!(errors(&run), Vec::<&str>::new(), "percent {ok}: {}", run.stderr);
    }
}

#[test]
fn percent_never_decreases() {
    let run = check_x(
        "progress:\n  - month: 2026-05\n    percent: 30\n    invested: 100\n  - month: 2026-06\n    percent: 20\n    invested: 100\n",
    );
    assert_error(
        &run,
        "content/projects/x.yaml:13:14: error: percent 20 is below the previous month's 30; 形象进度 never decreases",
        Some("percent is how much of the whole project is done; check this month's and the previous month's value"),
    );
    let same = check_x(
        "progress:\n  - month: 2026-05\n    percent: 30\n    invested: 100\n  - month: 2026-06\n    percent: 30\n    invested: 0\n",
    );
    assert_eq!(errors(&same), Vec::<&str>::new(), "{}", same.stderr);
}

#[test]
fn negative_invested() {
    let run = check_x("progress:\n  - month: 2026-05\n    percent: 10\n    invested: -5\n");
    assert_error(
        &run,
        "content/projects/x.yaml:11:15: error: invested must not be negative, found -5",
        Some("to correct an earlier month, change that month's `invested` instead"),
    );
}

#[test]
fn negative_total_investment() {
    let run = check_x("total_investment: -1000.5\n");
    assert_error(
        &run,
        "content/projects/x.yaml:8:19: error: total_investment must not be negative, found -1000.5",
        Some("write the amount without a minus sign"),
    );
}

#[test]
fn annual_plan_year_with_a_negative_amount() {
    let run = check_x("annual_plan: { 2026: 400, 2027: -100 }\n");
    assert_error(
        &run,
        "content/projects/x.yaml:8:33: error: annual_plan 2027 must not be negative, found -100",
        Some("write the amount without a minus sign"),
    );
}

#[test]
fn annual_plan_key_that_is_not_a_year() {
    let run = check_x("annual_plan:\n  今年: 400\n");
    assert_error(
        &run,
        "content/projects/x.yaml:9:3: error: annual_plan key must be a year such as 2026, found `今年`",
        Some("one line per year, e.g. `annual_plan: { 2026: 5000, 2027: 3000 }`"),
    );
}

#[test]
fn status_without_status_note() {
    let run = check_x("progress:\n  - month: 2026-05\n    percent: 10\n    invested: 100\n    status: red\n");
    assert_error(
        &run,
        "content/projects/x.yaml:12:13: error: `status` is set without `status_note`",
        Some("add `status_note:` with the reason for the manual status (督办原因)"),
    );
    let ok = check_x("progress:\n  - month: 2026-05\n    percent: 10\n    invested: 100\n    status: red\n    status_note: 督查局挂牌督办\n");
    assert_eq!(errors(&ok), Vec::<&str>::new(), "{}", ok.stderr);
}

#[test]
fn status_must_be_red_yellow_or_green() {
    let run = check_x(
        "progress:\n  - month: 2026-05\n    percent: 10\n    invested: 100\n    status: redd\n    status_note: 督办\n",
    );
    assert_error(
        &run,
        "content/projects/x.yaml:12:13: error: status must be one of red, yellow, green, found `redd`",
        Some("did you mean \"red\"?"),
    );
}

#[test]
fn unknown_stage_suggests_the_closest() {
    let run = check_x("progress:\n  - month: 2026-05\n    stage: strated\n    percent: 10\n    invested: 100\n");
    assert_error(
        &run,
        "content/projects/x.yaml:10:12: error: stage must be one of planning, signed, started, construction, completed, operating, found `strated`",
        Some("did you mean \"started\"?"),
    );
}

#[test]
fn a_stage_written_in_chinese_gets_its_word() {
    for (bad, word) in
        [("在建", "construction"), ("续建", "construction"), ("已开工", "started"), ("竣工", "completed")]
    {
        let run =
            check_x(&format!("progress:\n  - month: 2026-05\n    stage: {bad}\n    percent: 10\n    invested: 100\n"));
        assert_error(
            &run,
            &format!("content/projects/x.yaml:10:12: error: stage must be one of planning, signed, started, construction, completed, operating, found `{bad}`"),
            Some(&format!("did you mean \"{word}\"?")),
        );
    }
}

// ---------------------------------------------------------------- photos

const OUTSIDE_HELP: &str = "write a path such as `media/<project id>/2026-09.jpg`";
const LINK_HELP: &str = "copy the file into content/media instead of linking it";

#[test]
fn photo_with_a_parent_path_is_outside_media() {
    for bad in ["../site.yaml", "media/../site.yaml", "media/x/../../projects/x.yaml"] {
        let run = check_x(&format!("photos: [{bad}]\n"));
        assert_error(
            &run,
            &format!("content/projects/x.yaml:8:10: error: photo `{bad}` is outside content/media"),
            Some(OUTSIDE_HELP),
        );
    }
}

#[test]
fn photo_with_an_absolute_path_is_outside_media() {
    for bad in ["/etc/passwd", "/media/x/a.jpg"] {
        let run = check_x(&format!("photos:\n  - {bad}\n"));
        assert_error(
            &run,
            &format!("content/projects/x.yaml:9:5: error: photo `{bad}` is outside content/media"),
            Some(OUTSIDE_HELP),
        );
    }
}

#[test]
fn missing_photo() {
    let run =
        check(&[("content/media/x/a.jpg", "jpeg"), (X, &format!("{HEAD}photos: [media/x/a.jpg, media/x/b.jpg]\n"))]);
    assert_error(
        &run,
        "content/projects/x.yaml:8:25: error: photo `media/x/b.jpg` does not exist",
        Some("put the file under content/media or fix the path"),
    );
}

#[test]
fn photo_that_is_not_jpeg_or_png() {
    let run = check(&[("content/media/x/a.gif", "gif"), (X, &format!("{HEAD}photos: [media/x/a.gif]\n"))]);
    assert_error(
        &run,
        "content/projects/x.yaml:8:10: error: photo `media/x/a.gif` is not a JPEG or PNG file",
        Some("use .jpg, .jpeg or .png"),
    );
}

#[test]
fn photo_symlink_leading_out_of_media() {
    let b = board(&[("secret/a.jpg", "outside"), (X, &format!("{HEAD}photos: [media/x/a.jpg]\n"))]);
    std::fs::create_dir_all(b.path("content/media/x")).unwrap();
    symlink(b.path("secret/a.jpg"), b.path("content/media/x/a.jpg")).unwrap();
    let run = b.run(&["check"]);
    assert_error(
        &run,
        "content/projects/x.yaml:8:10: error: photo `media/x/a.jpg` is a link leading out of content/media",
        Some(LINK_HELP),
    );
}

#[test]
fn photo_under_a_directory_symlink_leading_out_of_media() {
    let b = board(&[("secret/a.jpg", "outside"), (X, &format!("{HEAD}photos: [media/x/a.jpg]\n"))]);
    std::fs::create_dir_all(b.path("content/media")).unwrap();
    symlink(b.path("secret"), b.path("content/media/x")).unwrap();
    let run = b.run(&["check"]);
    assert_error(
        &run,
        "content/projects/x.yaml:8:10: error: photo `media/x/a.jpg` is a link leading out of content/media",
        Some(LINK_HELP),
    );
}

#[test]
fn photo_symlink_inside_media_is_fine() {
    let b = board(&[("content/media/shared/a.jpg", "jpeg"), (X, &format!("{HEAD}photos: [media/x/a.jpg]\n"))]);
    std::fs::create_dir_all(b.path("content/media/x")).unwrap();
    symlink(b.path("content/media/shared/a.jpg"), b.path("content/media/x/a.jpg")).unwrap();
    let run = b.run(&["check"]);
    assert_eq!(errors(&run), Vec::<&str>::new(), "{}", run.stderr);
    assert_eq!(run.code, 0);
}

#[test]
fn content_media_itself_linking_out_of_content() {
    let b = board(&[("secret/x/a.jpg", "outside"), (X, &format!("{HEAD}photos: [media/x/a.jpg]\n"))]);
    symlink(b.path("secret"), b.path("content/media")).unwrap();
    let run = b.run(&["check"]);
    let err = first_error(&run);
    assert!(err.starts_with("content/projects/x.yaml:8:10: error: photo `media/x/a.jpg`"), "{}", run.stderr);
    assert_eq!(run.code, 1);
}

// ---------------------------------------------------------------- warnings

#[test]
fn cumulative_investment_above_total_is_a_warning() {
    let run = check_x(
        "total_investment: 150\nprogress:\n  - month: 2026-05\n    percent: 10\n    invested: 100\n  - month: 2026-06\n    percent: 20\n    invested: 100\n",
    );
    let w: Vec<&str> = warnings(&run).into_iter().filter(|l| l.starts_with(X)).collect();
    assert_eq!(w.len(), 1, "{}", run.stderr);
    assert!(
        w[0].starts_with("content/projects/x.yaml:13:")
            && w[0].ends_with(": warning: cumulative investment 200 by 2026-06 is above total_investment 150"),
        "{}",
        run.stderr
    );
    assert_eq!(errors(&run), Vec::<&str>::new());
    assert_eq!(run.code, 0);
}

#[test]
fn cumulative_investment_above_total_points_at_the_entry() {
    let run = check_x(
        "total_investment: 150\nprogress:\n  - month: 2026-05\n    percent: 10\n    invested: 100\n  - month: 2026-06\n    percent: 20\n    invested: 100\n",
    );
    assert_warning(
        &run,
        "content/projects/x.yaml:13:5: warning: cumulative investment 200 by 2026-06 is above total_investment 150",
        Some("check `invested` (the amount of this month only, not cumulative) or total_investment"),
    );
}

#[test]
fn a_month_gap_is_a_warning() {
    let run = check_x(
        "progress:\n  - month: 2026-04\n    percent: 10\n    invested: 100\n  - month: 2026-06\n    percent: 20\n    invested: 100\n",
    );
    assert_warning(
        &run,
        "content/projects/x.yaml:12:12: warning: no entry for 2026-05 between 2026-04 and 2026-06",
        Some("add an entry for 2026-05 (invested: 0 if nothing happened)"),
    );
}

#[test]
fn a_month_with_a_bad_percent_is_no_gap_and_the_next_compares_with_the_last_good_one() {
    let run = check_x(
        "progress:\n  - month: 2026-04\n    percent: 30\n    invested: 100\n  - month: 2026-05\n    percent: 40%\n    invested: 100\n  \
         - month: 2026-06\n    percent: 20\n    invested: 0\n",
    );
    assert_eq!(
        errors(&run),
        [
            "content/projects/x.yaml:13:14: error: percent must be a number with at most four decimals, found `40%`",
            "content/projects/x.yaml:16:14: error: percent 20 is below the previous month's 30; 形象进度 never decreases",
        ],
        "{}",
        run.stderr
    );
    assert_eq!(warnings(&run).into_iter().filter(|l| l.starts_with(X)).count(), 0, "no gap warning: {}", run.stderr);
}

#[test]
fn a_gap_across_the_new_year() {
    let run = check_x(
        "progress:\n  - month: 2025-12\n    percent: 10\n    invested: 100\n  - month: 2026-02\n    percent: 20\n    invested: 100\n",
    );
    assert_warning(
        &run,
        "content/projects/x.yaml:12:12: warning: no entry for 2026-01 between 2025-12 and 2026-02",
        Some("add an entry for 2026-01 (invested: 0 if nothing happened)"),
    );
}

#[test]
fn a_gap_of_several_months_names_every_missing_month() {
    let run = check_x(
        "progress:\n  - month: 2026-01\n    percent: 10\n    invested: 100\n  - month: 2026-05\n    percent: 20\n    invested: 100\n",
    );
    let w: Vec<&str> = warnings(&run).into_iter().filter(|l| l.starts_with(X)).collect();
    assert_eq!(w.len(), 1, "{}", run.stderr);
    assert!(w[0].starts_with("content/projects/x.yaml:12:12: warning:"), "{}", w[0]);
    assert!(w[0].contains("2026-02") && w[0].contains("2026-04"), "{}", w[0]);
}

#[test]
fn deadline_before_start_is_a_warning() {
    let text = HEAD.replace("deadline: 2027-06-30", "start: 2026-05\ndeadline: 2026-04");
    let run = check(&[(X, &text)]);
    assert_warning(
        &run,
        "content/projects/x.yaml:8:11: warning: deadline 2026-04-30 is before the start month 2026-05",
        Some("check both dates"),
    );
}

#[test]
fn only_the_month_of_start_counts() {
    // start 2026-05-15, deadline 2026-05-10: same month, no warning (SPEC §1: for `start` only the month counts).
    let text = HEAD.replace("deadline: 2027-06-30", "start: 2026-05-15\ndeadline: 2026-05-10");
    let run = check(&[(X, &text)]);
    assert!(!run.stderr.contains("x.yaml"), "{}", run.stderr);
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------- all at once, exit codes, build

#[test]
fn every_problem_of_every_file_in_one_run() {
    let b = BoardTest::fixture("minimal")
        .remove("content/projects/beta.yaml")
        .file("content/site.yaml", &site_with(("contact:", "contcat:")))
        .file("content/projects/broken.yaml", "name: 坏\n  district: x\n")
        .file(X, &HEAD.replace("district: jinguyuan", "district: jinguyan").replace("level: 省重点", "level: 国家级"))
        .file(
            "content/projects/y.yaml",
            &format!("{HEAD}total_investment: -5\nprogress:\n  - month: 2026-03\n    percent: 10\n    invested: 1\n  - month: 2026-06\n    percent: 20\n    invested: 1\n"),
        );
    let run = b.run(&["check"]);
    assert_eq!(
        errors(&run),
        [
            "content/projects/broken.yaml:2:11: error: YAML syntax: mapping values are not allowed in this context",
            "content/projects/x.yaml:2:11: error: unknown district `jinguyan`",
            "content/projects/x.yaml:4:8: error: unknown level `国家级`",
            "content/projects/y.yaml:8:19: error: total_investment must not be negative, found -5",
            "content/site.yaml:4:1: error: unknown field `contcat` in site.yaml",
        ],
        "{}",
        run.stderr
    );
    assert_eq!(
        warnings(&run),
        ["content/projects/y.yaml:13:12: warning: no entry for 2026-04 to 2026-05 between 2026-03 and 2026-06"],
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().last(), Some("5 error(s), 1 warning(s)"), "{}", run.stderr);
    assert_eq!(run.code, 1);
}

#[test]
fn a_site_yaml_error_does_not_hide_project_errors() {
    let b = BoardTest::fixture("minimal")
        .file("content/site.yaml", &site_with(("  yellow: 10", "  yellow: 40")))
        .file(X, &HEAD.replace("district: jinguyuan", "district: jinguyan"));
    let run = b.run(&["check"]);
    let errs = errors(&run);
    assert!(
        errs.iter().any(|l| l.starts_with("content/site.yaml:14:") && l.contains("status.yellow")),
        "{}",
        run.stderr
    );
    assert!(errs.contains(&"content/projects/x.yaml:2:11: error: unknown district `jinguyan`"), "{}", run.stderr);
    assert_eq!(run.code, 1);
}

#[test]
fn warnings_only_exit_0() {
    let b = BoardTest::fixture("minimal").remove("content/projects/beta.yaml").file(
        X,
        &format!("{HEAD}progress:\n  - month: 2026-03\n    percent: 10\n    invested: 1\n  - month: 2026-06\n    percent: 20\n    invested: 1\n"),
    );
    let run = b.run(&["check"]);
    assert_eq!(warnings(&run).len(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("0 error(s), 1 warning(s)\n"), "{}", run.stderr);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built = b.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(b.path("output/index.html").is_file());
}

#[test]
fn errors_exit_1_for_check_and_build() {
    let b = board(&[(X, &HEAD.replace("district: jinguyuan", "district: nowhere"))]);
    assert_eq!(b.run(&["check"]).code, 1);
    assert_eq!(b.run(&["build"]).code, 1);
}

/// Entries of the board root: `content`, maybe `output` and staging folders.
fn root_entries(b: &BoardTest) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(b.root()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn a_build_with_errors_writes_nothing() {
    let b = board(&[(X, &format!("{HEAD}progress:\n  - month: 2026-05\n    percent: 120\n    invested: 1\n"))]);
    let run = b.run(&["build"]);
    assert_eq!(first_error(&run), "content/projects/x.yaml:10:14: error: percent must be between 0 and 100, found 120");
    assert_eq!(run.code, 1);
    assert_eq!(root_entries(&b), ["content"], "no output/ and no .output.staging-* folder");
}

#[test]
fn a_build_with_errors_leaves_the_previous_site_intact() {
    let b = BoardTest::fixture("minimal");
    b.build_ok(&[]);
    let before = tree(&b.path("output"));
    let b = b.file(X, &HEAD.replace("level: 省重点", "level: 国家级"));
    let run = b.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(tree(&b.path("output")) == before, "output/ changed after a failed build");
    assert!(
        root_entries(&b).iter().all(|e| !e.starts_with(".output.staging-")),
        "staging folder left beside output/: {:?}",
        root_entries(&b)
    );
}

// ---------------------------------------------------------------- site.yaml

#[test]
fn unknown_key_in_site_yaml() {
    let run = check(&[("content/site.yaml", &site_with(("contact:", "contcat:")))]);
    assert_error(
        &run,
        "content/site.yaml:4:1: error: unknown field `contcat` in site.yaml",
        Some("did you mean \"contact\"?"),
    );
}

#[test]
fn missing_districts_in_site_yaml() {
    let run = check(&[("content/site.yaml", "title: 测试\norganization: 测试办\n")]);
    assert_error_on_line(&run, "content/site.yaml", 1, "site.yaml is missing the required field `districts`");
}

#[test]
fn missing_districts_points_at_1_1() {
    let run = check(&[("content/site.yaml", "title: 测试\norganization: 测试办\n")]);
    assert_error(
        &run,
        "content/site.yaml:1:1: error: site.yaml is missing the required field `districts`",
        Some("add a line `districts: …`"),
    );
}

#[test]
fn empty_districts_in_site_yaml() {
    let run = check(&[("content/site.yaml", "title: 测试\norganization: 测试办\ndistricts: []\n")]);
    assert_error(
        &run,
        "content/site.yaml:3:12: error: districts must list at least one district",
        Some("add `- { id: …, name: … }`"),
    );
}

#[test]
fn missing_site_yaml() {
    let b = BoardTest::fixture("minimal").remove("content/site.yaml");
    let run = b.run(&["check"]);
    assert_error(
        &run,
        "content/site.yaml:1:1: error: site.yaml is missing",
        Some("create content/site.yaml with title, organization and districts"),
    );
}
