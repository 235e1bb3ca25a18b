//! Ctrl-C and `kill`: folders a command made for its own use (a build's staging folder,
//! `serve`'s temporary preview) are removed before the process exits on SIGINT (exit
//! 130) or SIGTERM (exit 143), so none is left for the next build to clear.
//!
//! The signals are taken on a thread of their own (not in a signal handler), which
//! removes the registered folders and ends the process. Writers into those folders go
//! through [`gate`]: the signal's thread waits for the writes under way, and no write
//! starts after it, so that no folder is made again once removed.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, Once, RwLock, RwLockReadGuard};

/// The folders to remove on a signal, with the number that unregisters each.
static FOLDERS: Mutex<Vec<(u64, PathBuf)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
static INSTALL: Once = Once::new();
/// Set once a signal arrived: the process is about to exit.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Held shared by every write into a folder that may be registered, exclusively by the
/// signal's thread from the moment it removes them.
static WRITES: RwLock<()> = RwLock::new(());

/// Leave to write (a file, a folder) into a folder that a signal may remove; an error
/// once a signal arrived. Hold it for the whole write, and not while waiting for anything.
pub fn gate() -> anyhow::Result<Gate> {
    let guard = WRITES.read().unwrap_or_else(std::sync::PoisonError::into_inner);
    if interrupted() {
        anyhow::bail!("interrupted");
    }
    Ok(Gate(guard))
}

/// See [`gate`].
pub struct Gate(#[allow(dead_code)] RwLockReadGuard<'static, ()>);

/// A folder removed if the process is interrupted while this lives.
#[must_use = "the folder is unregistered when this is dropped"]
pub struct Registered(u64);

impl Drop for Registered {
    fn drop(&mut self) {
        folders().retain(|(n, _)| *n != self.0);
    }
}

/// Removes `dir` (and everything in it) if SIGINT or SIGTERM arrives before the result is
/// dropped. The first call starts listening for the signals.
pub fn remove_on_signal(dir: &Path) -> Registered {
    INSTALL.call_once(install);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    folders().push((n, dir.to_path_buf()));
    Registered(n)
}

/// Holds off the signal thread while it lives, so that a signal never removes a folder
/// half-way through a rename (a commit); the process exits when it is dropped, if a signal
/// came meanwhile.
pub struct Hold(#[allow(dead_code)] MutexGuard<'static, Vec<(u64, PathBuf)>>);

/// See [`Hold`].
pub fn hold() -> Hold {
    Hold(folders())
}

/// Whether a signal arrived: the signal thread is removing folders and ends the process.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

fn folders() -> MutexGuard<'static, Vec<(u64, PathBuf)>> {
    FOLDERS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(unix)]
fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            INTERRUPTED.store(true, Ordering::SeqCst);
            // Writes under way finish; later ones see the flag (or wait here for the exit).
            let _writes = WRITES.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            let list = folders();
            for (_, dir) in list.iter() {
                let _ = std::fs::remove_dir_all(dir);
            }
            std::process::exit(128 + sig);
        }
    });
}

#[cfg(not(unix))]
fn install() {}
