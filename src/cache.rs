//! The render cache: the expensive files of a build (poster PDFs and previews, display
//! slide images, resized photos) kept by the hash of everything they are made from, in a
//! folder beside the output (`.<output>.cache/`). A build that asks for the same file
//! again links it into the staging folder instead of drawing it again.
//!
//! Content-addressed, so never stale: the key of a file is the hash of its source (the
//! sheet's SVG text, the photo's bytes), the font, the renderer's settings and guatu's
//! version. After a successful build, the entries of the families that build rendered
//! and did not use are removed, so the cache holds about one build's files.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use anyhow::{Context as _, Result};

/// Bumped whenever a renderer draws the same source differently.
const FORMAT: &str = "1";

pub struct Cache {
    dir: PathBuf,
    used: Mutex<HashSet<PathBuf>>,
    /// Per family: files made, and taken from the cache.
    counts: Mutex<BTreeMap<&'static str, (u64, u64)>>,
}

pub struct Key {
    family: &'static str,
    hash: String,
}

impl Cache {
    /// The cache of the output folder `target`.
    pub fn beside(target: &Path) -> Cache {
        Cache { dir: Cache::dir_beside(target), used: Mutex::default(), counts: Mutex::default() }
    }

    /// The cache folder of the output `target`: `.output.cache` beside `output`.
    pub fn dir_beside(target: &Path) -> PathBuf {
        let (parent, name) = crate::publish::parent_and_name(target);
        parent.join(format!(".{name}.cache"))
    }

    /// The key of a file of `family` (a folder name such as `poster`) made from `parts`.
    pub fn key(&self, family: &'static str, parts: &[&[u8]]) -> Key {
        let mut h = blake3::Hasher::new();
        for part in [FORMAT.as_bytes(), env!("CARGO_PKG_VERSION").as_bytes(), family.as_bytes()]
            .into_iter()
            .chain(parts.iter().copied())
        {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        Key { family, hash: h.finalize().to_hex().to_string() }
    }

    /// The cache entries of the files `exts` of `key`: there already when an earlier build
    /// made them, else made now by `make` (which returns them in `exts` order).
    pub fn files<const N: usize>(
        &self,
        key: &Key,
        exts: [&str; N],
        make: impl FnOnce() -> Result<[Vec<u8>; N]>,
    ) -> Result<[PathBuf; N]> {
        let folder = self.dir.join(key.family);
        let paths = exts.map(|e| folder.join(format!("{}.{e}", key.hash)));
        self.used.lock().expect("cache lock").extend(paths.iter().cloned());
        let cached = paths.iter().all(|p| p.is_file());
        self.count(key.family, cached);
        if cached {
            return Ok(paths);
        }
        let made = make()?;
        // In `serve`'s temporary preview, which a signal removes.
        let _gate = crate::interrupt::gate()?;
        fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
        made.iter().zip(&paths).try_for_each(|(bytes, path)| store(path, bytes))?;
        Ok(paths)
    }

    fn count(&self, family: &'static str, cached: bool) {
        let mut counts = self.counts.lock().expect("cache lock");
        let (made, taken) = counts.entry(family).or_default();
        *if cached { taken } else { made } += 1;
    }

    /// Per family (`poster`, `slide`, `photo`): how many were drawn and how many were
    /// taken from the cache.
    pub fn counts(&self) -> BTreeMap<&'static str, (u64, u64)> {
        self.counts.lock().expect("cache lock").clone()
    }

    /// Removes the entries of the families this build used that it did not ask for.
    pub fn sweep(&self) {
        let used = self.used.lock().expect("cache lock");
        for family in self.counts.lock().expect("cache lock").keys() {
            let Ok(entries) = fs::read_dir(self.dir.join(family)) else { continue };
            for e in entries.flatten().filter(|e| !used.contains(&e.path())) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// Writes an entry under a temporary name and renames it into place, so that a killed
/// build or a second build at the same time never leaves half a file under a key.
fn store(path: &Path, bytes: &[u8]) -> Result<()> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let tmp = path.with_extension(format!("tmp-{}-{}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed)));
    fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(p: &Path) -> Vec<u8> {
        fs::read(p).unwrap()
    }

    #[test]
    fn a_file_is_made_once_per_source_and_swept_when_no_longer_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let calls = std::cell::Cell::new(0);
        let make = |s: &str| {
            calls.set(calls.get() + 1);
            Ok([format!("pdf of {s}").into_bytes(), format!("png of {s}").into_bytes()])
        };
        let first = Cache::beside(&out);
        let a = first.files(&first.key("poster", &[b"A"]), ["pdf", "png"], || make("A")).unwrap();
        let b = first.files(&first.key("poster", &[b"B"]), ["pdf", "png"], || make("B")).unwrap();
        assert_eq!((bytes(&a[0]), bytes(&b[1])), (b"pdf of A".to_vec(), b"png of B".to_vec()));
        assert_eq!((calls.get(), first.counts()["poster"]), (2, (2, 0)));
        first.sweep();
        // The next build: A again (from the cache), B changed to C.
        let second = Cache::beside(&out);
        let a2 = second.files(&second.key("poster", &[b"A"]), ["pdf", "png"], || make("A")).unwrap();
        second.files(&second.key("poster", &[b"C"]), ["pdf", "png"], || make("C")).unwrap();
        assert_eq!((bytes(&a2[0]), calls.get(), second.counts()["poster"]), (b"pdf of A".to_vec(), 3, (1, 1)));
        second.sweep();
        let left = fs::read_dir(dir.path().join(".output.cache/poster")).unwrap().count();
        assert_eq!(left, 4, "A and C, two files each; B swept");
        // Another family's key never meets this one's.
        assert_ne!(second.key("slide", &[b"A"]).hash, second.key("poster", &[b"A"]).hash);
        // Parts are length-prefixed: ("AB", "") and ("A", "B") differ.
        assert_ne!(second.key("poster", &[b"AB", b""]).hash, second.key("poster", &[b"A", b"B"]).hash);
    }
}
