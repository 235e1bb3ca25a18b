//! Pages kept from the last build. Every page has a key: the hash of everything it is made
//! from (the guatu program, the theme, the template's name and every value handed to the
//! template, as JSON). A page whose key is the one it had in the last build into the same
//! output is linked from the published site instead of being rendered again, so after a
//! change only the pages that show it are rendered.
//!
//! The keys of the published pages are kept in `.output.cache/pages` with a digest of the
//! published files (path, size, modification time); when the output is no longer as that
//! build left it, nothing is taken from it.

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;

use crate::theme::Theme;

/// The hash of a page's values.
pub type PageKey = [u8; 32];

/// A page's template values, hashed as they are added.
#[derive(Clone)]
pub struct PageContext {
    ctx: tera::Context,
    hash: blake3::Hasher,
    /// A value that could not be written as JSON: the page is never taken from the last build.
    unkeyed: bool,
}

impl Default for PageContext {
    fn default() -> Self {
        PageContext { ctx: tera::Context::new(), hash: blake3::Hasher::new(), unkeyed: false }
    }
}

impl PageContext {
    /// Adds `value` as `name`.
    pub fn insert<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.ctx.insert(name, value);
        self.feed(name, value);
    }

    /// The key of a page whose values are this context's and values made from `inputs`
    /// alone: the page can be looked up before they are made.
    pub fn with_inputs<T: Serialize + ?Sized>(&self, inputs: &T) -> PageContext {
        let mut key = self.clone();
        key.feed("\0inputs", inputs);
        key
    }

    fn feed<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.hash.update(&(name.len() as u64).to_le_bytes());
        self.hash.update(name.as_bytes());
        // JSON is self-delimiting: after the length-prefixed name, no two lists of values
        // feed the same bytes. Written into a buffer first: the hasher is fast on long
        // inputs and slow on the many small pieces a serializer writes.
        JSON.with_borrow_mut(|json| {
            json.clear();
            if serde_json::to_writer(&mut *json, value).is_err() {
                self.unkeyed = true;
            }
            self.hash.update(json);
            if json.capacity() > 1 << 20 {
                *json = Vec::new();
            }
        });
    }

    /// Adds `value` as `name` without hashing it: a value made from the others alone (such
    /// as an id of the page's key), which changes only when they do.
    pub fn insert_derived<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.ctx.insert(name, value);
    }

    /// The values, for the template engine.
    pub fn tera(&self) -> &tera::Context {
        &self.ctx
    }

    /// The key of this page rendered with `template` under `salt`, if it has one.
    fn key(&self, salt: &[u8; 32], template: &str) -> Option<PageKey> {
        if self.unkeyed {
            return None;
        }
        let mut h = self.hash.clone();
        h.update(salt);
        h.update(template.as_bytes());
        Some(*h.finalize().as_bytes())
    }
}

thread_local! {
    /// The value being hashed on this thread, as JSON.
    static JSON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The pages of the last build, and the keys of this one's.
pub struct PageMemo {
    /// The published site the last build's pages are taken from.
    output: PathBuf,
    /// The program and the theme: the part of every key that is not the page's values.
    salt: [u8; 32],
    last: HashMap<String, PageKey>,
    made: Mutex<Vec<(String, PageKey)>>,
    rendered: AtomicU64,
    reused: AtomicU64,
}

impl PageMemo {
    /// The memo of a build into `output` with `theme`; `digest` is the output's
    /// [`crate::stamp::output_digest`] taken before the build (`None`: take nothing from it).
    pub fn open(output: &Path, theme: &Theme, digest: Option<&str>) -> PageMemo {
        let mut salt = crate::stamp::InputHash::start();
        let program = program_hash();
        salt.feed("program", program.unwrap_or_else(|| blake3::hash(b"")).as_bytes());
        for (name, bytes) in &theme.fingerprint {
            salt.feed(name, bytes);
        }
        let last = digest
            .filter(|_| program.is_some())
            .and_then(|d| read_manifest(&manifest_file(output), d))
            .unwrap_or_default();
        PageMemo {
            output: output.to_path_buf(),
            salt: salt.bytes(),
            last,
            made: Mutex::default(),
            rendered: AtomicU64::new(0),
            reused: AtomicU64::new(0),
        }
    }

    /// The published file to take `path` from, when the last build made it from the same
    /// values; else `None` (render it). Either way `path` is recorded under its key.
    pub fn lookup(&self, path: &str, ctx: &PageContext, template: &str) -> Option<PathBuf> {
        let key = ctx.key(&self.salt, template);
        if let Some(key) = key {
            self.made.lock().expect("memo lock").push((path.to_string(), key));
        }
        let hit = key.is_some() && self.last.get(path) == key.as_ref();
        if hit {
            self.reused.fetch_add(1, Ordering::Relaxed);
            Some(self.output.join(path))
        } else {
            self.rendered.fetch_add(1, Ordering::Relaxed);
            None
        }
    }

    /// The key of a page with values `ctx` rendered with `template`, as hex (`None` if it has none).
    pub fn id(&self, ctx: &PageContext, template: &str) -> Option<String> {
        ctx.key(&self.salt, template).map(|k| blake3::Hash::from(k).to_hex().to_string())
    }

    /// The key the last build's page at `path` had, as hex.
    pub fn last_id(&self, path: &str) -> Option<String> {
        self.last.get(path).map(|k| blake3::Hash::from(*k).to_hex().to_string())
    }

    /// Keeps the last build's keys of its pages but `renewed` (pages left where they are
    /// because nothing they are made from changed, see [`crate::reuse`]); returns the paths
    /// of all its pages.
    pub fn carry_all_but(&self, renewed: &[String]) -> Vec<String> {
        let kept = self.last.iter().filter(|(path, _)| !renewed.contains(path));
        let kept: Vec<(String, PageKey)> = kept.map(|(path, key)| (path.clone(), *key)).collect();
        self.reused.fetch_add(kept.len() as u64, Ordering::Relaxed);
        self.made.lock().expect("memo lock").extend(kept);
        self.last.keys().cloned().collect()
    }

    /// A page [`lookup`](Self::lookup) offered could not be linked and was rendered instead.
    pub fn missed(&self) {
        self.reused.fetch_sub(1, Ordering::Relaxed);
        self.rendered.fetch_add(1, Ordering::Relaxed);
    }

    /// Pages rendered, and pages taken from the last build.
    pub fn counts(&self) -> (u64, u64) {
        (self.rendered.load(Ordering::Relaxed), self.reused.load(Ordering::Relaxed))
    }

    /// Records this build's keys with the `digest` of the output it just published.
    pub fn save(&self, digest: &str) {
        let path = manifest_file(&self.output);
        let _ = fs::remove_file(&path);
        let mut made = std::mem::take(&mut *self.made.lock().expect("memo lock"));
        made.sort_unstable();
        let mut text = Vec::with_capacity(made.len() * 100);
        let _ = writeln!(text, "{digest}");
        for (page, key) in &made {
            let _ = writeln!(text, "{} {page}", blake3::Hash::from(*key).to_hex());
        }
        // Without a manifest the next build renders every page.
        let _ = fs::create_dir_all(path.parent().unwrap_or(Path::new(".")));
        let _ = fs::write(&path, text);
    }

    /// Forgets the last build's pages of `output` (before a build that may fail midway).
    pub fn forget(output: &Path) {
        let _ = fs::remove_file(manifest_file(output));
    }
}

/// `.output.cache/pages` for `output`.
fn manifest_file(output: &Path) -> PathBuf {
    crate::cache::Cache::dir_beside(output).join("pages")
}

fn read_manifest(path: &Path, digest: &str) -> Option<HashMap<String, PageKey>> {
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != digest {
        return None;
    }
    lines
        .map(|line| {
            let (key, page) = line.split_once(' ')?;
            Some((page.to_string(), *blake3::Hash::from_hex(key).ok()?.as_bytes()))
        })
        .collect()
}

/// The hash of the running guatu program (another build of guatu may render differently);
/// `None` when it cannot be read.
pub fn program_hash() -> Option<blake3::Hash> {
    static HASH: std::sync::OnceLock<Option<blake3::Hash>> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| std::env::current_exe().and_then(fs::read).ok().map(|b| blake3::hash(&b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_changes_with_any_value_its_name_or_the_template() {
        let salt = [7; 32];
        let page = |pairs: &[(&'static str, &str)]| {
            let mut c = PageContext::default();
            for (k, v) in pairs {
                c.insert(k, v);
            }
            c
        };
        let a = page(&[("p", "x"), ("q", "y")]).key(&salt, "t.html");
        assert_eq!(a, page(&[("p", "x"), ("q", "y")]).key(&salt, "t.html"));
        assert_ne!(a, page(&[("p", "x"), ("q", "z")]).key(&salt, "t.html"));
        assert_ne!(a, page(&[("p", "x"), ("r", "y")]).key(&salt, "t.html"));
        assert_ne!(a, page(&[("p", "x"), ("q", "y")]).key(&salt, "u.html"));
        assert_ne!(a, page(&[("p", "x"), ("q", "y")]).key(&[8; 32], "t.html"));
        // A clone goes on from its parent's values.
        let mut base = page(&[("p", "x")]);
        let mut more = base.clone();
        more.insert("q", "y");
        assert_eq!(more.key(&salt, "t.html"), a);
        base.insert("q", "z");
        assert_ne!(base.key(&salt, "t.html"), a);
    }

    #[test]
    fn the_last_build_is_trusted_only_while_its_output_is_as_it_left_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        fs::create_dir_all(&out).unwrap();
        let theme_salt = |memo: &PageMemo| memo.salt;
        let memo = PageMemo {
            output: out.clone(),
            salt: [1; 32],
            last: HashMap::new(),
            made: Mutex::default(),
            rendered: AtomicU64::new(0),
            reused: AtomicU64::new(0),
        };
        let mut c = PageContext::default();
        c.insert("p", "x");
        assert_eq!(memo.lookup("a/index.html", &c, "t.html"), None);
        memo.save("digest-1");
        let key = c.key(&theme_salt(&memo), "t.html").unwrap();
        let read = read_manifest(&manifest_file(&out), "digest-1").unwrap();
        assert_eq!(read.get("a/index.html"), Some(&key));
        assert_eq!(read_manifest(&manifest_file(&out), "digest-2"), None, "the output changed since");
        assert_eq!(memo.counts(), (1, 0));
    }
}
