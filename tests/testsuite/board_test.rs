//! `BoardTest`: copies a fixture board into a temporary folder, edits it, runs guatu.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A board in a temporary folder.
pub struct BoardTest {
    dir: tempfile::TempDir,
}

/// What a guatu run printed and returned.
pub struct Run {
    pub code: i32,
    #[allow(dead_code)]
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The repository's fixture folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl BoardTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> BoardTest {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join(name), dir.path());
        BoardTest { dir }
    }

    /// A copy of the demo board in `content/`.
    pub fn demo() -> BoardTest {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &dir.path().join("content"));
        BoardTest { dir }
    }

    /// Writes (or replaces) a file relative to the board root.
    pub fn file(self, rel: &str, text: &str) -> Self {
        let p = self.dir.path().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
        self
    }

    /// Removes a file relative to the board root.
    pub fn remove(self, rel: &str) -> Self {
        fs::remove_file(self.dir.path().join(rel)).unwrap();
        self
    }

    /// `guatu <args> --root <root>` with at most 4 GB of address space and `secs` seconds,
    /// so that a regression (a runaway allocation, a hang) cannot take the machine down.
    pub fn run_guarded(&self, args: &[&str], secs: u32) -> Run {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v 4000000; exec timeout {secs} \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_guatu"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run::from(out)
    }

    /// The board root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path under the root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs `guatu <args…> --root <root>`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// Runs `guatu <args> --root <root>` with more environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_guatu"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        Run::from(out)
    }

    /// Runs `guatu build` and asserts success.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
        r
    }

    /// Reads an output file as text.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(&format!("output/{rel}"))).unwrap_or_else(|e| panic!("output/{rel}: {e}"))
    }

    /// Reads an output file as JSON.
    pub fn json(&self, rel: &str) -> serde_json::Value {
        serde_json::from_str(&self.read(rel)).unwrap()
    }
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}
