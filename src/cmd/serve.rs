//! `guatu serve`: build a preview, serve it on this machine, rebuild on every change.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, Result};

use super::build::{build_from, load_beside_digest, output_dir, Attempt, Kept, Options};
use super::{report, report_text, Outcome};
use crate::cli::ServeArgs;
use crate::progress::NoProgress;
use crate::serve::watch::Watcher;
use crate::serve::{http, Live};

/// Runs the preview server until interrupted.
pub fn run(args: &ServeArgs, quiet: bool) -> Result<Outcome> {
    crate::content::load(&args.root)?;
    let output = match &args.output {
        Some(dir) => output_dir(&args.root, Some(dir))?,
        None => preview_dir(&args.root)?,
    };
    crate::publish::check_replaceable(&output, args.force)?;
    // The temporary preview goes with the server on Ctrl-C or `kill` (a given --output stays).
    let _temporary = match (&args.output, output.parent()) {
        (None, Some(dir)) => Some(crate::interrupt::remove_on_signal(dir)),
        _ => None,
    };
    let listener = http::bind(SocketAddr::new(args.bind, args.port))?;
    let addr = listener.local_addr()?;
    let live = Arc::new(Live::default());
    // Watch before the first build, so that no change made during it is missed.
    let mut watcher = Watcher::new(&args.root)?;
    let preview = Preview {
        root: &args.root,
        output: &output,
        posters: args.posters,
        force: args.force,
        quiet,
        live: Arc::clone(&live),
        kept: Kept::default(),
    };
    preview.rebuild(&[]);
    http::start(listener, output.clone(), Arc::clone(&live))?;
    let host = if addr.ip().is_unspecified() { SocketAddr::new([127, 0, 0, 1].into(), addr.port()) } else { addr };
    let mut base = live.get().base;
    println!("serving http://{host}{base}");
    if !quiet {
        let posters = if args.posters { "with posters" } else { "without posters (--posters adds them)" };
        eprintln!("  a preview in {}, {posters}; `guatu build` makes the site to publish", output.display());
        eprintln!("  watching content/ and themes/: save a file and open pages reload; Ctrl-C stops");
    }
    if !addr.ip().is_loopback() {
        eprintln!("warning: listening on {addr}: other machines that reach this one can see the preview");
    }
    while let Some(changed) = watcher.next_change() {
        preview.rebuild(&changed);
        let now = live.get().base;
        if now != base {
            println!("serving http://{host}{now}");
            base = now;
        }
    }
    Ok(Outcome::Ok)
}

/// One board's preview: where it is built and what pages are told.
struct Preview<'a> {
    root: &'a Path,
    output: &'a Path,
    posters: bool,
    force: bool,
    quiet: bool,
    live: Arc<Live>,
    kept: Kept,
}

impl Preview<'_> {
    /// Builds; on success the new site is served and pages reload, on failure the problems
    /// go to the terminal and to open pages, and the last good site stays served.
    fn rebuild(&self, changed: &[String]) {
        let start = Instant::now();
        let opts = Options {
            root: self.root,
            output: self.output.to_path_buf(),
            month: None,
            base_url: None,
            local_links: true,
            posters: self.posters,
            progress: &NoProgress,
            background_cleanup: true,
            force: self.force,
            last_output: None,
            kept: Some(&self.kept),
            on_published: Some(&|base: &str| self.live.built(base)),
            changed,
        };
        // Editors and tools save through temporary files that are gone by now; name the rest.
        let existing: Vec<&String> = changed.iter().filter(|p| self.root.join(p).exists()).collect();
        let named: Vec<&String> = if existing.is_empty() { changed.iter().collect() } else { existing };
        let what = match named.as_slice() {
            [] => "built".to_string(),
            [one] => format!("{one} changed: rebuilt"),
            many => format!("{} files changed: rebuilt", many.len()),
        };
        // The published files' state (what pages may be taken from them): as the last
        // build left the preview, which only this server writes; else read while the
        // content is loaded.
        let (raw, digest) = match self.kept.take_digest() {
            Some(digest) => {
                crate::timings::start();
                (crate::content::load_reusing(self.root, self.kept.take_sources(), changed), digest)
            }
            None => load_beside_digest(self.root, self.output),
        };
        crate::timings::lap("load and output digest");
        let opts = Options { last_output: Some(digest), ..opts };
        match raw.and_then(|raw| build_from(&opts, raw)) {
            Ok(Attempt { diagnostics, built: Some(built) }) => {
                report(&diagnostics);
                if !self.quiet {
                    let ms = start.elapsed().as_millis();
                    eprintln!("{what} {} projects, data as of {}, in {ms} ms", built.projects, built.month);
                }
            }
            Ok(Attempt { diagnostics, built: None }) => {
                report(&diagnostics);
                self.live.failed(report_text(&diagnostics, false));
                eprintln!("not rebuilt: the last good build stays served until the errors are fixed");
            }
            Err(e) => {
                let text = format!("error: {e:#}\n");
                eprint!("{text}");
                self.live.failed(text);
                eprintln!("not rebuilt: the last good build stays served until this is fixed");
            }
        }
    }
}

/// The default preview folder: one per board in the system's temporary directory, so
/// `output/` keeps what `guatu build` made. It is removed when the server is stopped with
/// Ctrl-C or `kill`; a server that crashed leaves it for the next one to start from.
fn preview_dir(root: &Path) -> Result<PathBuf> {
    let real = root.canonicalize().with_context(|| format!("resolving {}", root.display()))?;
    let hash = blake3::hash(real.to_string_lossy().as_bytes()).to_hex();
    Ok(std::env::temp_dir().join(format!("guatu-serve-{}", &hash[..12])).join("site"))
}
