//! Publishing: the only code that writes the site. Files go into a staging folder
//! beside the output, which then replaces the output in one atomic step, so a
//! failed or killed build leaves the previous site whole for the screens.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result};

/// A build in progress.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: AtomicBool,
}

fn staging_prefix(target: &Path) -> (PathBuf, String) {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    (parent, format!(".{name}.staging-"))
}

impl Staging {
    /// Creates an empty staging folder beside `target`, removing ones left by killed builds.
    pub fn begin(target: &Path) -> Result<Staging> {
        let (parent, prefix) = staging_prefix(target);
        fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
        for e in fs::read_dir(&parent)?.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Staging { dir, target: target.to_path_buf(), committed: AtomicBool::new(false) })
    }

    /// Writes one file at `rel` (a `/`-separated path inside the site).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|c| c == ".." || c.is_empty()));
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// The staging folder (for tools that write there directly).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Swaps the staging folder in as the output, atomically where the system allows.
    pub fn commit(self) -> Result<()> {
        if self.target.exists() {
            swap(&self.dir, &self.target)?;
            // The old site now sits at the staging path.
            fs::remove_dir_all(&self.dir).with_context(|| format!("removing old site {}", self.dir.display()))?;
        } else {
            fs::rename(&self.dir, &self.target).with_context(|| format!("publishing {}", self.target.display()))?;
        }
        self.committed.store(true, Ordering::SeqCst);
        Ok(())
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
