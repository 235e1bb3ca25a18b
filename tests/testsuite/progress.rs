//! The build's progress bar: on a terminal only, for builds long enough to need one, and
//! never with `--quiet` or on CI. A pseudo-terminal comes from `script` (util-linux).

use std::process::Command;

use crate::board_test::BoardTest;

/// Runs `guatu <args>` on a pseudo-terminal, with the bar due at once however fast the
/// build; returns what the terminal showed, or `None` where `script` is missing.
fn on_terminal(b: &BoardTest, args: &str, ci: bool) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_guatu");
    let line = format!("'{bin}' {args} --root '{}'", b.root().display());
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"]).env("NO_COLOR", "1").env("GUATU_PROGRESS_AFTER_MS", "0").env_remove("CI");
    if ci {
        cmd.env("CI", "true");
    }
    let out = cmd.output().ok()?;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_long_build_on_a_terminal_shows_a_bar_quiet_and_ci_builds_do_not() {
    let b = BoardTest::demo();
    let Some(shown) = on_terminal(&b, "build", false) else {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    };
    assert!(shown.contains("building") && shown.contains('%'), "no bar on a terminal:\n{shown}");
    assert!(shown.contains("built 44 projects"), "{shown}");
    let ci = on_terminal(&b, "build", true).unwrap();
    assert!(!ci.contains("building"), "a bar on CI:\n{ci}");
    assert!(ci.contains("built 44 projects"));
    let quiet = on_terminal(&b, "build --quiet", false).unwrap();
    assert!(!quiet.contains("building") && !quiet.contains("built"), "--quiet printed:\n{quiet}");
    // Not a terminal: no bar.
    let piped = b.run_env(&["build"], &[("GUATU_PROGRESS_AFTER_MS", "0")]);
    assert!(!piped.stderr.contains("building"), "{}", piped.stderr);
}
