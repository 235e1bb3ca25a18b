//! The output folder: builds at the same time, a mistyped `--output`, and signals. Each
//! case ends with a whole site published (or the previous one kept) and nothing left
//! beside it, never a half-written site or someone's folder deleted.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::board_test::{tree, BoardTest};

/// `guatu build --root <root> <args>`, started and not waited for.
fn spawn_build(b: &BoardTest, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_guatu"))
        .arg("build")
        .arg("--root")
        .arg(b.root())
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The names in `dir` starting with `prefix`.
fn entries(dir: &Path, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// The staging and old-site folders of `output` under the board root.
fn leftovers(b: &BoardTest) -> Vec<String> {
    let mut v = entries(b.root(), ".output.staging-");
    v.extend(entries(b.root(), ".output.old-"));
    v
}

/// Polls every 5 ms until `f` holds; panics after `secs` seconds.
fn wait_until(what: &str, secs: u64, f: impl Fn() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < Duration::from_secs(secs), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Sends `signal` (`TERM`, `INT`) to the child.
fn kill(child: &Child, signal: &str) {
    let ok = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status().unwrap();
    assert!(ok.success(), "kill -{signal} failed");
}

/// The relative paths of the files under `dir`.
fn names(dir: &Path) -> Vec<String> {
    tree(dir).into_iter().map(|(name, _)| name).collect()
}

// ---------------------------------------------------------------- two builds at once

#[test]
fn two_builds_into_one_output_at_once_both_publish_a_whole_site() {
    let b = BoardTest::demo();
    // What one build alone publishes (into another folder, with its own render cache).
    b.build_ok(&["--output", b.path("alone").to_str().unwrap()]);
    let whole = names(&b.path("alone"));

    // The first build is drawing its posters (no render cache yet) when the second
    // reaches its publishing step.
    let first = spawn_build(&b, &[]);
    wait_until("the first build's staging folder", 60, || !entries(b.root(), ".output.staging-").is_empty());
    let second = spawn_build(&b, &[]);
    let (first, second) = (first.wait_with_output().unwrap(), second.wait_with_output().unwrap());
    let err = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(first.status.code(), Some(0), "first build:\n{}", err(&first));
    assert_eq!(second.status.code(), Some(0), "second build:\n{}", err(&second));
    assert_eq!(names(&b.path("output")), whole, "the published site is not the whole site");
    assert_eq!(leftovers(&b), Vec::<String>::new(), "staging or old-site folders left");
    let waited = format!("waiting for another build into {}/ to finish", b.path("output").display());
    assert!(err(&second).contains(&waited), "the second build says it waits:\n{}", err(&second));
}

// ---------------------------------------------------------------- --output on someone's folder

/// A folder guatu did not make, with a file in a subfolder.
fn someones_folder(b: &BoardTest) -> PathBuf {
    let dir = b.path("mine");
    fs::create_dir_all(dir.join("notes")).unwrap();
    fs::write(dir.join("thesis.docx"), "four years of work").unwrap();
    fs::write(dir.join("notes/todo.txt"), "finish").unwrap();
    dir
}

#[test]
fn build_refuses_to_replace_a_folder_guatu_did_not_make() {
    let b = BoardTest::fixture("minimal");
    let mine = someones_folder(&b);
    let before = tree(&mine);
    let r = b.run(&["build", "--output", mine.to_str().unwrap()]);
    assert_eq!(r.code, 2, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains(&format!("refusing to replace {}", mine.display())), "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("--force"), "the message names --force:\n{}", r.stderr);
    assert_eq!(tree(&mine), before, "the folder was changed");

    // `serve --output` refuses it alike.
    let r = b.run(&["serve", "--port", "0", "--output", mine.to_str().unwrap()]);
    assert_eq!(r.code, 2, "serve: stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("--force"), "serve: stderr:\n{}", r.stderr);
    assert_eq!(tree(&mine), before, "serve changed the folder");
}

#[test]
fn build_with_force_replaces_a_folder_guatu_did_not_make() {
    let b = BoardTest::fixture("minimal");
    let mine = someones_folder(&b);
    let r = b.run(&["build", "--force", "--output", mine.to_str().unwrap()]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert!(mine.join("index.html").is_file());
    assert!(!mine.join("thesis.docx").exists(), "the folder was not replaced");
}

#[test]
fn builds_replace_guatus_own_sites_and_empty_folders() {
    let b = BoardTest::fixture("minimal");
    // An empty folder is taken.
    fs::create_dir(b.path("output")).unwrap();
    b.build_ok(&[]);
    assert_eq!(
        b.read(".guatu-site"),
        "built by guatu; this folder is replaced on every build\n",
        "every site has the marker"
    );
    // guatu's own site is replaced, again and again.
    b.build_ok(&[]);
    b.build_ok(&[]);
    // A site of a guatu from before the marker (index.html and data/version.json) too.
    fs::remove_file(b.path("output/.guatu-site")).unwrap();
    b.build_ok(&[]);
    assert!(b.path("output/.guatu-site").is_file());
    assert_eq!(leftovers(&b), Vec::<String>::new());
}

// ---------------------------------------------------------------- signals

#[test]
fn sigterm_during_a_build_removes_its_staging_folder_and_keeps_the_site() {
    let b = BoardTest::demo();
    b.build_ok(&[]);
    let before = tree(&b.path("output"));
    // Without the render cache the next build draws every poster again: time to stop it.
    fs::remove_dir_all(b.path(".output.cache")).unwrap();
    let mut child = spawn_build(&b, &[]);
    wait_until("the staging folder", 60, || !entries(b.root(), ".output.staging-").is_empty());
    kill(&child, "TERM");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "exit status {status:?}");
    assert_eq!(leftovers(&b), Vec::<String>::new(), "staging folder left");
    assert!(tree(&b.path("output")) == before, "the previous site changed");
}

#[test]
fn sigint_stops_serve_and_removes_its_temporary_preview() {
    let b = BoardTest::fixture("minimal");
    let tmp = b.path("tmp");
    fs::create_dir(&tmp).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_guatu"))
        .args(["serve", "--port", "0", "--root"])
        .arg(b.root())
        .env("NO_COLOR", "1")
        .env("TMPDIR", &tmp)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.starts_with("serving "), "first line {line:?}");
    let previews = entries(&tmp, "guatu-serve-");
    assert_eq!(previews.len(), 1, "one preview folder in {tmp:?}: {previews:?}");
    assert!(tmp.join(&previews[0]).join("site/index.html").is_file());
    kill(&child, "INT");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "exit status {status:?}");
    assert_eq!(entries(&tmp, "guatu-serve-"), Vec::<String>::new(), "the preview folder is left");
}
