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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    /// Entries of the content folders that are not read: what is wrong and the fix.
    pub refused: Vec<Refused>,
}

/// An entry of a content folder guatu will not read.
#[derive(Clone, Debug)]
pub struct Refused {
    /// Path relative to the board root, with `/` separators.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// Whether `changed` (paths relative to the board root) are known and all project files.
pub fn only_projects_changed(changed: &[String]) -> bool {
    !changed.is_empty() && changed.iter().all(|p| p.starts_with("content/projects/"))
}

/// Reads `<root>/content`. Fails only on I/O errors; content problems are judged later.
pub fn load(root: &Path) -> Result<RawContent> {
    load_reusing(root, None, &[])
}

/// [`load`], taking the text of each project file from `last` (what an earlier load read)
/// unless its path is in `changed`, when every path there is a project file's: the watcher
/// of `guatu serve` names the files changed since. Anything else reads every file.
pub fn load_reusing(root: &Path, last: Option<RawContent>, changed: &[String]) -> Result<RawContent> {
    let kept = last
        .filter(|_| only_projects_changed(changed))
        .map(|l| l.projects.into_iter().filter(|s| !changed.contains(&s.path)).map(|s| (s.path.clone(), s)).collect())
        .unwrap_or_default();
    let content = root.join("content");
    if !content.is_dir() {
        anyhow::bail!(
            "no content folder at {} (run `guatu init DIR` to start a board, or pass --root)",
            content.display()
        );
    }
    let site_path = content.join("site.yaml");
    let site = if site_path.is_file() { Some(read_source(&site_path, "content/site.yaml")?) } else { None };
    let mut folder = Folder { content: content.canonicalize()?, refused: Vec::new(), kept };
    let (projects, stray) = folder.read(&content.join("projects"), "content/projects", "yaml")?;
    let (pages, _) = folder.read(&content.join("pages"), "content/pages", "md")?;
    let (reports, _) = folder.read(&content.join("reports"), "content/reports", "md")?;
    let media = index_media(&content)?;
    Ok(RawContent { site, projects, stray, pages, reports, media, refused: folder.refused })
}

fn read_source(path: &Path, rel: &str) -> Result<Source> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{rel}: not UTF-8 text"))?;
    let stem = Path::new(rel).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Source { path: rel.to_string(), stem, text: text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text) })
}

/// The folders of `content/` being read, and the entries refused so far.
struct Folder {
    /// `content/` with links resolved.
    content: PathBuf,
    refused: Vec<Refused>,
    /// Sources known to be as on disk, by path.
    kept: std::collections::HashMap<String, Source>,
}

/// What an entry of a content folder is, links followed.
enum Entry {
    /// A regular file inside the content folder.
    File,
    /// A folder inside the content folder.
    Dir,
    /// Anything else: what is wrong and the fix.
    Refused(&'static str, &'static str),
}

impl Folder {
    /// Reads the regular files with extension `ext` directly in `dir`; lists the other
    /// files and refuses links leading out of `content/`, FIFOs, devices and sockets, and
    /// folders named like a file to read.
    fn read(&mut self, dir: &Path, rel: &str, ext: &str) -> Result<(Vec<Source>, Vec<String>)> {
        if !dir.is_dir() {
            return Ok((Vec::new(), Vec::new()));
        }
        // In a folder that is itself inside `content/`, an entry that is not a link is too:
        // its type as listed is what it is, with no look-up of its own (a board has tens of
        // thousands of files). Links, and everything in a folder that is not, are judged
        // one by one.
        let dir_inside = dir.canonicalize().is_ok_and(|d| d.starts_with(&self.content));
        let mut names: Vec<(String, PathBuf, Option<fs::FileType>)> = Vec::new();
        for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry?;
            let listed = entry.file_type().ok().filter(|t| dir_inside && !t.is_symlink());
            names.push((entry.file_name().to_string_lossy().into_owned(), entry.path(), listed));
        }
        names.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut wanted = Vec::new();
        let mut stray = Vec::new();
        for (name, path, listed) in names {
            let rel_path = format!("{rel}/{name}");
            let named_to_read = Path::new(&name).extension().is_some_and(|e| e == ext);
            let kind = match listed {
                Some(t) if t.is_dir() => Entry::Dir,
                Some(t) if t.is_file() => Entry::File,
                _ => self.entry(&path),
            };
            let refusal = match kind {
                _ if name.starts_with('.') => None,
                Entry::Dir if named_to_read => Some(("is a folder, not a file", "rename the folder or move it out")),
                Entry::Dir => None,
                Entry::Refused(message, help) => Some((message, help)),
                Entry::File if named_to_read => {
                    wanted.push((path, rel_path));
                    None
                }
                Entry::File => {
                    stray.push(rel_path);
                    None
                }
            };
            if let Some((message, help)) = refusal {
                let path = format!("{rel}/{name}");
                self.refused.push(Refused { message: format!("`{path}` {message}"), help: help.into(), path });
            }
        }
        // Read side by side (a large board has tens of thousands of files); the order is kept.
        let sources = wanted
            .par_iter()
            .map(|(path, rel_path)| {
                self.kept.get(rel_path).map_or_else(|| read_source(path, rel_path), |s| Ok(s.clone()))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((sources, stray))
    }

    /// What `path` is; a link is judged by where it leads.
    fn entry(&self, path: &Path) -> Entry {
        let Ok(meta) = fs::metadata(path) else {
            return Entry::Refused("is a link to nothing", "remove the link or copy the file here");
        };
        let inside = path.canonicalize().is_ok_and(|p| p.starts_with(&self.content));
        if !inside {
            Entry::Refused(
                "is a link leading out of the content folder",
                "copy the file into the content folder instead of linking it",
            )
        } else if meta.is_dir() {
            Entry::Dir
        } else if meta.is_file() {
            Entry::File
        } else {
            Entry::Refused("is not a regular file (a FIFO, socket or device)", "remove it; only regular files are read")
        }
    }
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
        let inside = entry.path().canonicalize().is_ok_and(|p| p.starts_with(&media_real));
        if entry.path_is_symlink() && !inside {
            index.escaping.insert(rel);
        } else if entry.path().is_file() && inside {
            index.files.insert(rel);
        }
    }
    Ok(index)
}
