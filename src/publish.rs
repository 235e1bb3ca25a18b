//! Publishing: the only code that writes the site. Files go into a staging folder
//! beside the output, which then replaces the output in one atomic step, so a
//! failed or killed build leaves the previous site whole for the screens.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use anyhow::{Context as _, Result};

/// A build in progress.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: AtomicBool,
}

/// The folder beside `target` and the name prefixes of its staging and old-site folders.
fn staging_prefix(target: &Path) -> (PathBuf, String, String) {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    (parent, format!(".{name}.staging-"), format!(".{name}.old-"))
}

/// Numbers the old sites one process sets aside.
static OLD_SITES: AtomicU64 = AtomicU64::new(0);

impl Staging {
    /// Creates an empty staging folder beside `target`, removing ones left by killed builds.
    pub fn begin(target: &Path) -> Result<Staging> {
        let (parent, prefix, old) = staging_prefix(target);
        fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
        for e in fs::read_dir(&parent)?.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) || name.starts_with(&old) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Staging { dir, target: target.to_path_buf(), committed: AtomicBool::new(false) })
    }

    /// Writes one file at `rel` (a `/`-separated path inside the site).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let _span = crate::timings::Span::named("write");
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
        if let Some(old) = self.commit_keep_old()? {
            fs::remove_dir_all(&old).with_context(|| format!("removing old site {}", old.display()))?;
        }
        Ok(())
    }

    /// Swaps the staging folder in as the output and returns where the old site was set
    /// aside (beside the output, removed by the next build if not before), so the caller
    /// may remove it later: removing many files can take longer than building them.
    pub fn commit_keep_old(self) -> Result<Option<PathBuf>> {
        let old = if self.target.exists() {
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
        Ok(old)
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
