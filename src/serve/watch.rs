//! Watching the board: changes under `content/` and `themes/`, one batch per burst of events.
//!
//! Editors save in bursts (write a temporary file, rename it, touch a backup), so events are
//! collected until none has come for [`QUIET`]. Editors' temporary files, hidden files and
//! everything outside `content/` and `themes/` (the output folder among them) are ignored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// How long a burst must have been silent before it is taken as finished.
pub const QUIET: Duration = Duration::from_millis(40);

/// The longest a burst is waited on, so a folder that keeps changing still gets rebuilt.
const LONGEST: Duration = Duration::from_millis(1000);

/// The folders of a board that are watched.
const WATCHED: [&str; 2] = ["content", "themes"];

/// Watches a board.
pub struct Watcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watching: BTreeSet<&'static str>,
}

impl Watcher {
    /// Watches `<root>/content` and `<root>/themes` (and the root itself, to see `themes/` appear).
    pub fn new(root: &Path) -> Result<Watcher> {
        let root = root.canonicalize().with_context(|| format!("resolving {}", root.display()))?;
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx).context("starting the file watcher")?;
        watcher.watch(&root, RecursiveMode::NonRecursive).with_context(|| format!("watching {}", root.display()))?;
        let mut w = Watcher { root, watcher, events, watching: BTreeSet::new() };
        w.watch_new_folders()?;
        Ok(w)
    }

    fn watch_new_folders(&mut self) -> Result<()> {
        for name in WATCHED {
            let dir = self.root.join(name);
            if !self.watching.contains(name) && dir.is_dir() {
                self.watcher
                    .watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("watching {}", dir.display()))?;
                self.watching.insert(name);
            }
        }
        Ok(())
    }

    /// Blocks until something relevant changed and the burst is over; returns the changed
    /// paths relative to the root, with `/` separators. `None` when the watcher stopped.
    pub fn next_change(&mut self) -> Option<Vec<String>> {
        let mut changed = BTreeSet::new();
        while changed.is_empty() {
            self.take(self.events.recv().ok()?, &mut changed);
        }
        let start = Instant::now();
        let mut quiet_until = Instant::now() + QUIET;
        loop {
            let now = Instant::now();
            if now >= quiet_until || now - start >= LONGEST {
                break;
            }
            match self.events.recv_timeout(quiet_until - now) {
                Ok(event) => {
                    if self.take(event, &mut changed) {
                        quiet_until = Instant::now() + QUIET;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        if let Err(e) = self.watch_new_folders() {
            eprintln!("warning: {e:#}");
        }
        Some(changed.into_iter().collect())
    }

    /// Adds the event's relevant paths to `changed`; true if there were any.
    fn take(&self, event: notify::Result<notify::Event>, changed: &mut BTreeSet<String>) -> bool {
        let event = match event {
            Ok(e) if !e.need_rescan() => e,
            lost => {
                if let Err(e) = lost {
                    eprintln!("warning: file watcher: {e}");
                }
                // Events may be lost: anything may have changed.
                changed.extend(WATCHED.map(String::from));
                return true;
            }
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        let before = changed.len();
        changed.extend(event.paths.iter().filter_map(|p| relevant(&self.root, p)));
        changed.len() > before
    }
}

/// The path relative to the root, if a change there can change the site.
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let first = parts.first()?;
    if !WATCHED.contains(&first.as_str()) || parts.iter().any(|p| is_scratch(p)) {
        return None;
    }
    Some(parts.join("/"))
}

/// Hidden files and editors' temporary files.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with('#')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".kate-swp", "___jb_tmp___", "___jb_old___", ".crdownload"]
            .iter()
            .any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_and_theme_files_count() {
        let root = Path::new("/b");
        let rel = |p: &str| relevant(root, Path::new(p));
        assert_eq!(rel("/b/content/projects/a.yaml").as_deref(), Some("content/projects/a.yaml"));
        assert_eq!(rel("/b/themes/default/static/style.css").as_deref(), Some("themes/default/static/style.css"));
        assert_eq!(rel("/b/content").as_deref(), Some("content"));
        for ignored in [
            "/b/output/index.html",
            "/b/.output.staging-1/index.html",
            "/b/README.md",
            "/b/content/projects/.a.yaml.swp",
            "/b/content/projects/a.yaml~",
            "/b/content/projects/#a.yaml#",
            "/b/content/projects/4913",
            "/b/content/projects/.#a.yaml",
            "/b/content/projects/a.yaml.tmp",
            "/elsewhere/content/a.yaml",
        ] {
            assert_eq!(rel(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn a_burst_of_saves_is_one_change() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/projects")).unwrap();
        let mut w = Watcher::new(dir.path()).unwrap();
        let f = dir.path().join("content/projects/a.yaml");
        std::fs::write(&f, "name: a\n").unwrap();
        std::fs::write(dir.path().join("content/projects/.a.yaml.swp"), "x").unwrap();
        std::fs::write(&f, "name: b\n").unwrap();
        std::fs::create_dir_all(dir.path().join("output")).unwrap();
        assert_eq!(w.next_change().unwrap(), vec!["content/projects/a.yaml".to_string()]);
    }
}
