//! Publishing: the only code that writes the site. Files go into a staging folder
//! beside the output, which then replaces the output in one atomic step, so a
//! failed or killed build leaves the previous site whole for the screens.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use anyhow::{bail, Context as _, Result};

/// The file at the top of every site guatu publishes. A non-empty output folder without
/// it (and not laid out like a site of an older guatu) is not replaced unless forced, so
/// that a mistyped `--output` never deletes someone's files.
pub const MARKER: &str = ".guatu-site";

/// The marker's text: fixed, so that the same input still gives the same bytes.
const MARKER_TEXT: &str = "built by guatu; this folder is replaced on every build\n";

/// A build in progress. It holds the output's lock from [`Staging::begin`] until it is
/// committed (then the lock passes to the [`Published`]) or dropped.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: AtomicBool,
    /// Removes `dir` if the process is interrupted before the commit.
    on_signal: Option<crate::interrupt::Registered>,
    lock: Option<OutputLock>,
    /// The folder holds a few files to put over the published site instead of a whole site.
    overlay: bool,
}

/// A committed build: where the old site was set aside, and the output's lock, held
/// until this is dropped (so that the caller may finish its work beside the output, e.g.
/// sweep the render cache, before another build starts).
pub struct Published {
    /// The replaced site, beside the output; the caller removes it.
    pub old: Option<PathBuf>,
    _lock: Option<OutputLock>,
}

/// An exclusive advisory lock (`flock`) on `.{name}.lock` beside the output: one build
/// at a time publishes into one output. A second build waits for the first to finish,
/// saying so; a killed build's lock goes with its process.
pub struct OutputLock {
    /// `None` where the file system has no locks: the build goes on unguarded, as before.
    _file: Option<fs::File>,
}

impl OutputLock {
    /// Takes the lock of the output `target`, waiting (with a message) while another build
    /// holds it.
    pub fn acquire(target: &Path) -> Result<OutputLock> {
        let (parent, name) = parent_and_name(target);
        let path = parent.join(format!(".{name}.lock"));
        let gate = crate::interrupt::gate()?;
        fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("opening the lock file {}", path.display()))?;
        drop(gate); // not held while waiting for the lock
        Ok(OutputLock { _file: lock_file(file, target, &path) })
    }
}

#[cfg(unix)]
fn lock_file(file: fs::File, target: &Path, path: &Path) -> Option<fs::File> {
    use rustix::fs::{flock, FlockOperation};
    use rustix::io::Errno;
    let mut op = FlockOperation::NonBlockingLockExclusive;
    loop {
        match flock(&file, op) {
            Ok(()) => return Some(file),
            Err(Errno::INTR) => {}
            Err(Errno::WOULDBLOCK) => {
                eprintln!("waiting for another build into {}/ to finish", target.display());
                op = FlockOperation::LockExclusive;
            }
            Err(e) => {
                eprintln!(
                    "warning: cannot lock {} ({e}): builds into {} at the same time are not guarded",
                    path.display(),
                    target.display()
                );
                return None;
            }
        }
    }
}

#[cfg(not(unix))]
fn lock_file(_file: fs::File, _target: &Path, _path: &Path) -> Option<fs::File> {
    None
}

/// The folder holding `target`, and `target`'s name.
pub(crate) fn parent_and_name(target: &Path) -> (PathBuf, String) {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let name = target.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    (parent, name)
}

/// The folder beside `target` and the name prefixes of its staging and old-site folders.
fn staging_prefix(target: &Path) -> (PathBuf, String, String) {
    let (parent, name) = parent_and_name(target);
    (parent, format!(".{name}.staging-"), format!(".{name}.old-"))
}

/// Refuses to replace `target` unless it is missing, an empty folder, or a site guatu
/// built: it has the [`MARKER`], or (a site of a guatu from before the marker) both
/// `index.html` and `data/version.json`. `force` replaces anything.
pub fn check_replaceable(target: &Path, force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    let meta = match fs::metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        other => other.with_context(|| format!("reading {}", target.display()))?,
    };
    if meta.is_dir() {
        let empty = fs::read_dir(target).with_context(|| format!("reading {}", target.display()))?.next().is_none();
        let older_site = target.join("index.html").is_file() && target.join("data/version.json").is_file();
        if empty || target.join(MARKER).is_file() || older_site {
            return Ok(());
        }
    }
    bail!(
        "refusing to replace {}: it is not empty and guatu did not build it (it has no {MARKER}); \
         check the path, or pass --force to delete everything in it and publish there",
        target.display()
    )
}

/// Numbers the old sites one process sets aside.
static OLD_SITES: AtomicU64 = AtomicU64::new(0);

impl Staging {
    /// Takes the output's lock, checks that the output may be replaced (see
    /// [`check_replaceable`]), removes staging and old-site folders left by killed builds
    /// (certainly stale, since their builds no longer hold the lock) and creates an empty
    /// staging folder beside `target`, holding the [`MARKER`].
    pub fn begin(target: &Path, force: bool) -> Result<Staging> {
        Staging::open(target, force, false)
    }

    /// [`begin`](Self::begin) of a rebuild that changes a few files of the published site:
    /// on commit each file replaces its namesake there, each one atomically, and every
    /// other file stays (`serve` after an edit that shows on one page, see
    /// [`crate::reuse`]).
    pub fn begin_overlay(target: &Path, force: bool) -> Result<Staging> {
        Staging::open(target, force, true)
    }

    fn open(target: &Path, force: bool, overlay: bool) -> Result<Staging> {
        let lock = OutputLock::acquire(target)?;
        check_replaceable(target, force)?;
        let _gate = crate::interrupt::gate()?;
        let (parent, prefix, old) = staging_prefix(target);
        for e in fs::read_dir(&parent)?.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) || name.starts_with(&old) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        let on_signal = Some(crate::interrupt::remove_on_signal(&dir));
        fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let staging = Staging {
            dir,
            target: target.to_path_buf(),
            committed: AtomicBool::new(false),
            on_signal,
            lock: Some(lock),
            overlay,
        };
        let marker = staging.dir.join(MARKER);
        fs::write(&marker, MARKER_TEXT).with_context(|| format!("writing {}", marker.display()))?;
        Ok(staging)
    }

    /// Writes one file at `rel` (a `/`-separated path inside the site).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let _span = crate::timings::Span::named("write");
        let _gate = crate::interrupt::gate()?;
        let path = self.path_for(rel)?;
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// Writes one file at `rel` through a buffer, for files too large to build in memory first.
    /// `fill` gets the concrete writer, not `dyn Write`: a serializer's many small writes are
    /// then copies into the buffer instead of calls through a vtable.
    pub fn write_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut std::io::BufWriter<fs::File>) -> Result<()>,
    ) -> Result<()> {
        let _span = crate::timings::Span::named("write");
        let _gate = crate::interrupt::gate()?;
        let path = self.path_for(rel)?;
        let file = fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut w)?;
        std::io::Write::flush(&mut w).with_context(|| format!("writing {}", path.display()))
    }

    /// Makes the already written file at `from` also appear at `to` (both inside the site):
    /// a hard link where the file system has them (no second copy of the bytes to write),
    /// else a copy.
    pub fn copy(&self, from: &str, to: &str) -> Result<()> {
        let _span = crate::timings::Span::named("write");
        self.link(&self.dir.join(from), to)
    }

    /// Writes the file at `src` (outside the site, e.g. an entry of the render cache, which
    /// is never changed in place) at `rel`: a hard link where the file system has them,
    /// else a copy.
    pub fn put(&self, rel: &str, src: &Path) -> Result<()> {
        let _span = crate::timings::Span::named("write");
        self.link(src, rel)
    }

    fn link(&self, src: &Path, rel: &str) -> Result<()> {
        let _gate = crate::interrupt::gate()?;
        let dst = self.path_for(rel)?;
        if fs::hard_link(src, &dst).is_err() {
            fs::copy(src, &dst).with_context(|| format!("copying {} to {}", src.display(), dst.display()))?;
        }
        Ok(())
    }

    /// Where the file at `rel` goes, its folder created.
    fn path_for(&self, rel: &str) -> Result<PathBuf> {
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|c| c == ".." || c.is_empty()));
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
        }
        Ok(path)
    }

    /// The staging folder (for tools that write there directly).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Swaps the staging folder in as the output, atomically where the system allows, and
    /// removes the old site.
    pub fn commit(self) -> Result<()> {
        let published = self.commit_keep_old()?;
        if let Some(old) = &published.old {
            fs::remove_dir_all(old).with_context(|| format!("removing old site {}", old.display()))?;
        }
        Ok(())
    }

    /// Swaps the staging folder in as the output and returns where the old site was set
    /// aside (beside the output, removed by the next build if not before), so the caller
    /// may remove it later: removing many files can take longer than building them. The
    /// output stays locked until the result is dropped.
    pub fn commit_keep_old(mut self) -> Result<Published> {
        // A signal now waits until the folders are where they belong.
        let hold = crate::interrupt::hold();
        let old = if self.overlay {
            self.lay_over()?;
            None
        } else if self.target.exists() {
            swap(&self.dir, &self.target)?;
            // The old site now sits at the staging path; move it out of the way of the next build.
            let (parent, _, old_prefix) = staging_prefix(&self.target);
            let n = OLD_SITES.fetch_add(1, Ordering::SeqCst);
            let old = parent.join(format!("{old_prefix}{}-{n}", std::process::id()));
            fs::rename(&self.dir, &old).with_context(|| format!("moving old site to {}", old.display()))?;
            Some(old)
        } else {
            fs::rename(&self.dir, &self.target).with_context(|| format!("publishing {}", self.target.display()))?;
            None
        };
        self.committed.store(true, Ordering::SeqCst);
        drop(hold);
        drop(self.on_signal.take());
        Ok(Published { old, _lock: self.lock.take() })
    }

    /// Moves the files of an overlay into the published site, then removes the overlay.
    fn lay_over(&self) -> Result<()> {
        for entry in walkdir::WalkDir::new(&self.dir).min_depth(1) {
            let entry = entry?;
            let rel = entry.path().strip_prefix(&self.dir)?;
            if entry.file_type().is_dir() || rel == Path::new(MARKER) {
                continue;
            }
            let to = self.target.join(rel);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            }
            fs::rename(entry.path(), &to).with_context(|| format!("publishing {}", to.display()))?;
        }
        fs::remove_dir_all(&self.dir).with_context(|| format!("removing {}", self.dir.display()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed.load(Ordering::SeqCst) {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Exchanges two directories in one step (Linux `RENAME_EXCHANGE`), falling back to
/// two renames where the file system lacks it.
fn swap(a: &Path, b: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = a.with_extension("old");
    fs::rename(b, &old).with_context(|| format!("moving {} aside", b.display()))?;
    fs::rename(a, b).with_context(|| format!("publishing {}", b.display()))?;
    fs::rename(&old, a)?;
    Ok(())
}
