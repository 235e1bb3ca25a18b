//! Loading: reads the content folder into raw sources. No judgement happens here.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use walkdir::WalkDir;

/// One text file of the content folder.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to the board root, with `/` separators (used in messages).
    pub path: String,
    /// File stem (`<id>`, `<slug>`, `<YYYY-MM>`).
    pub stem: String,
    /// The file's text.
    pub text: String,
}

/// The files under `content/media`, as paths relative to `content/`.
#[derive(Clone, Debug, Default)]
pub struct MediaIndex {
    /// Regular files that stay inside `content/media` once links are resolved.
    pub files: BTreeSet<String>,
    /// Entries that are links leading out of `content/media`.
    pub escaping: BTreeSet<String>,
}

/// Everything read from `content/`.
#[derive(Clone, Debug, Default)]
pub struct RawContent {
    /// `content/site.yaml`, if present.
    pub site: Option<Source>,
    /// `content/projects/*.yaml`, sorted by path.
    pub projects: Vec<Source>,
    /// Other files in `content/projects/` (reported, not read).
    pub stray: Vec<String>,
    /// `content/pages/*.md`.
    pub pages: Vec<Source>,
    /// `content/reports/*.md`.
    pub reports: Vec<Source>,
    /// `content/media/**`.
    pub media: MediaIndex,
}

/// Reads `<root>/content`. Fails only on I/O errors; content problems are judged later.
pub fn load(root: &Path) -> Result<RawContent> {
    let content = root.join("content");
    if !content.is_dir() {
        anyhow::bail!(
            "no content folder at {} (run `guatu init DIR` to start a board, or pass --root)",
            content.display()
        );
    }
    let site_path = content.join("site.yaml");
    let site = if site_path.is_file() { Some(read_source(&site_path, "content/site.yaml")?) } else { None };
    let (projects, stray) = read_dir_sources(&content.join("projects"), "content/projects", "yaml")?;
    let (pages, _) = read_dir_sources(&content.join("pages"), "content/pages", "md")?;
    let (reports, _) = read_dir_sources(&content.join("reports"), "content/reports", "md")?;
    let media = index_media(&content)?;
    Ok(RawContent { site, projects, stray, pages, reports, media })
}

fn read_source(path: &Path, rel: &str) -> Result<Source> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{rel}: not UTF-8 text"))?;
    let stem = Path::new(rel).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Source { path: rel.to_string(), stem, text: text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text) })
}

/// Reads the files with extension `ext` directly in `dir`; lists the others.
fn read_dir_sources(dir: &Path, rel: &str, ext: &str) -> Result<(Vec<Source>, Vec<String>)> {
    if !dir.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut names: Vec<(String, PathBuf)> = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            continue;
        }
        names.push((entry.file_name().to_string_lossy().into_owned(), entry.path()));
    }
    names.sort();
    let mut wanted = Vec::new();
    let mut stray = Vec::new();
    for (name, path) in names {
        let rel_path = format!("{rel}/{name}");
        if name.starts_with('.') {
            continue;
        }
        if Path::new(&name).extension().is_some_and(|e| e == ext) {
            wanted.push((path, rel_path));
        } else {
            stray.push(rel_path);
        }
    }
    // Read side by side (a large board has tens of thousands of files); the order is kept.
    let sources = wanted.par_iter().map(|(path, rel_path)| read_source(path, rel_path)).collect::<Result<Vec<_>>>()?;
    Ok((sources, stray))
}

fn index_media(content: &Path) -> Result<MediaIndex> {
    let media = content.join("media");
    let mut index = MediaIndex::default();
    if !media.is_dir() {
        return Ok(index);
    }
    let media_real = media.canonicalize()?;
    if !media_real.starts_with(content.canonicalize()?) {
        // content/media itself is a link leading out of the content folder.
        index.escaping.insert("media".into());
        return Ok(index);
    }
    for entry in WalkDir::new(&media).follow_links(false).sort_by_file_name() {
        let entry = entry?;
        let rel = entry
            .path()
            .strip_prefix(content)
            .expect("under content")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let inside = entry.path().canonicalize().map(|p| p.starts_with(&media_real)).unwrap_or(false);
        if entry.path_is_symlink() && !inside {
            index.escaping.insert(rel);
        } else if entry.path().is_file() && inside {
            index.files.insert(rel);
        }
    }
    Ok(index)
}
