//! The stamp of the last build into an output folder: when the inputs and the published
//! files are exactly as the last build left them, `guatu build` has nothing to write.
//!
//! The inputs are every content file read (by its bytes), every file under
//! `content/media/` and `themes/` (by path, size and modification time), the build's
//! options and the guatu program itself (by its bytes), so a new guatu always rebuilds.
//! The output is checked the same way (every file's path, size and modification time),
//! so a file deleted or edited in it by hand is put back by the next build.

use std::fs;
use std::path::Path;
use std::time::UNIX_EPOCH;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::content::RawContent;

/// A hash of named inputs, each fed with its name and length so that no two different
/// lists of inputs hash alike. Used for the stamp and for the build id.
pub struct InputHash(blake3::Hasher);

impl InputHash {
    /// guatu's version, to begin with: another version is another build.
    pub fn start() -> InputHash {
        let mut h = InputHash(blake3::Hasher::new());
        h.feed("guatu", env!("CARGO_PKG_VERSION").as_bytes());
        h
    }

    pub fn feed(&mut self, name: &str, bytes: &[u8]) {
        self.0.update(&(name.len() as u64).to_le_bytes());
        self.0.update(name.as_bytes());
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// Adds every content file read: `site.yaml`, projects, pages and reports, by path and
    /// the hash of its text (hashed side by side: a large board has tens of MB of them).
    pub fn content(&mut self, raw: &RawContent) {
        let files: Vec<_> = raw.site.iter().chain(&raw.projects).chain(&raw.pages).chain(&raw.reports).collect();
        let hashes: Vec<blake3::Hash> = files.par_iter().map(|s| blake3::hash(s.text.as_bytes())).collect();
        for (s, hash) in files.iter().zip(&hashes) {
            self.feed(&s.path, hash.as_bytes());
        }
    }

    pub fn bytes(&self) -> [u8; 32] {
        *self.0.finalize().as_bytes()
    }

    pub fn hex(&self) -> String {
        self.0.finalize().to_hex().to_string()
    }
}

/// The build id: a hash of every input (content, photos, theme, options and guatu's
/// version), in `data/version.json`.
pub fn build_id(
    raw: &RawContent,
    theme: &crate::theme::Theme,
    board: &crate::model::Board,
    month: crate::num::Month,
    root: &Path,
) -> Result<String> {
    let mut h = InputHash::start();
    h.feed("month", month.to_string().as_bytes());
    h.feed("base_url", board.site.base_url.as_bytes());
    h.content(raw);
    for p in board.projects.iter().flat_map(|p| &p.photos) {
        h.feed(p, &std::fs::read(root.join("content").join(p))?);
    }
    theme.fingerprint.iter().for_each(|(name, bytes)| h.feed(name, bytes));
    Ok(h.hex()[..16].to_string())
}

/// What the last build recorded, to say it again.
pub struct Recorded {
    /// The build's report line (`built N projects, … into …`) without the time.
    pub summary: String,
    /// Its warnings, as printed then (without colour).
    pub warnings: String,
}

/// The key of one build's inputs.
pub struct Stamp {
    key: String,
}

impl Stamp {
    /// The key of a build of `raw` (read from `root`) with `options` (every option that
    /// changes the output, spelled out by the caller).
    pub fn of(raw: &RawContent, root: &Path, options: &str) -> Result<Stamp> {
        let mut h = InputHash::start();
        let program = crate::render::memo::program_hash().context("reading the guatu program")?;
        h.feed("program", program.as_bytes());
        h.feed("options", options.as_bytes());
        h.content(raw);
        raw.stray.iter().for_each(|name| h.feed("stray", name.as_bytes()));
        h.feed("media", tree_digest(&root.join("content/media")).as_bytes());
        h.feed("themes", tree_digest(&root.join("themes")).as_bytes());
        Ok(Stamp { key: h.hex() })
    }

    /// What the last build into `output` recorded, if it had these inputs and the output
    /// is still as it left it (`digest`: [`output_digest`] of `output`, taken just before).
    pub fn current(&self, output: &Path, digest: &str) -> Option<Recorded> {
        let text = fs::read_to_string(stamp_file(output)).ok()?;
        let (head, rest) = text.split_once('\n')?;
        let (summary, warnings) = rest.split_once('\n')?;
        let (key, recorded) = head.split_once(' ')?;
        (key == self.key && output.join(crate::publish::MARKER).is_file() && recorded == digest)
            .then(|| Recorded { summary: summary.to_string(), warnings: warnings.to_string() })
    }

    /// Records a build of these inputs into `output`, just published (`digest`: its
    /// [`output_digest`] now).
    pub fn record(&self, output: &Path, digest: &str, summary: &str, warnings: &str) {
        let text = format!("{} {digest}\n{summary}\n{warnings}", self.key);
        // Without a stamp the next build just builds again.
        let _ = fs::create_dir_all(stamp_file(output).parent().unwrap_or(Path::new(".")));
        let _ = fs::write(stamp_file(output), text);
    }

    /// Forgets the last build into `output` (before a build that may fail midway).
    pub fn forget(output: &Path) {
        let _ = fs::remove_file(stamp_file(output));
    }
}

/// The state of the published files in `output`, to compare with the stamp's.
pub fn output_digest(output: &Path) -> String {
    tree_digest(output)
}

/// Beside the render cache: `.output.cache/published` for `output`.
fn stamp_file(output: &Path) -> std::path::PathBuf {
    crate::cache::Cache::dir_beside(output).join("published")
}

/// A hash of every file's path, size and modification time under `dir` (empty if none).
fn tree_digest(dir: &Path) -> String {
    let mut h = blake3::Hasher::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        let Ok(meta) = e.metadata() else { continue };
        let mtime = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).unwrap_or_default();
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
        h.update(rel.to_string_lossy().as_bytes());
        h.update(&[0, u8::from(meta.is_dir())]);
        h.update(&meta.len().to_le_bytes());
        h.update(&mtime.as_nanos().to_le_bytes());
    }
    h.finalize().to_hex().to_string()
}
