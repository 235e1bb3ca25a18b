//! `guatu build`: load → validate → compute → render → publish.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;

use super::{report, report_text, Outcome};
use crate::cache::Cache;
use crate::cli::BuildArgs;
use crate::content::RawContent;
use crate::diag::Diagnostics;
use crate::metrics::{self, Summary};
use crate::model::Board;
use crate::num::Month;
use crate::progress::{Bar, NoProgress, Progress};
use crate::publish::Staging;
use crate::render::{render_all, PageMemo, RenderCtx};
use crate::reuse::LastBuild;
use crate::stamp::Stamp;
use crate::theme;
use crate::view::Urls;
use crate::{content, validate};

/// What one build is asked to do: `guatu build` fills it from the command line, `guatu serve`
/// for every rebuild.
pub struct Options<'a> {
    /// The board folder.
    pub root: &'a Path,
    /// Where to publish.
    pub output: PathBuf,
    /// Report month, if not the default.
    pub month: Option<Month>,
    /// Base URL replacing the one in `site.yaml`.
    pub base_url: Option<String>,
    /// Serve links from the path part of `base_url` only (a local preview of an absolute URL).
    pub local_links: bool,
    /// Render the poster sheets.
    pub posters: bool,
    /// Where renderers count their work.
    pub progress: &'a dyn Progress,
    /// Remove the replaced site on another thread instead of before returning.
    pub background_cleanup: bool,
    /// Replace the output even if guatu did not build what is there.
    pub force: bool,
    /// The output's [`crate::stamp::output_digest`] taken before the build: pages made
    /// from the same values as in the last build are taken from it. `None`: render all.
    pub last_output: Option<String>,
    /// What a process that builds again and again keeps from one build to the next.
    pub kept: Option<&'a Kept>,
    /// Told the base URL as soon as the new site is in place, before the bookkeeping for
    /// the next build (render cache sweep, output digest, page keys) is done.
    pub on_published: Option<&'a dyn Fn(&str)>,
    /// The paths changed since the last build, relative to the root, when known (`serve`'s
    /// watcher): with [`Kept`], what decides how much of the last build is taken.
    pub changed: &'a [String],
}

/// What `guatu serve` keeps between its builds: each only redoes the work whose inputs
/// changed since the last.
#[derive(Default)]
pub struct Kept {
    /// The projects as checked, by file.
    checked: std::sync::Mutex<validate::Checked>,
    /// The [`crate::stamp::output_digest`] of the site the last build published.
    digest: std::sync::Mutex<Option<String>>,
    /// The board and figures of the last good build; `None` after a build that failed
    /// (the changes it saw are not known to the next).
    last: std::sync::Mutex<Option<LastBuild>>,
    /// The content as the last build read it.
    sources: std::sync::Mutex<Option<RawContent>>,
}

impl Kept {
    /// The digest of the output as the last good build left it, taken: `None` before the
    /// first, and after a build that did not publish (then the output is read again).
    pub fn take_digest(&self) -> Option<String> {
        self.digest.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
    }

    fn last(&self) -> std::sync::MutexGuard<'_, Option<LastBuild>> {
        self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The content as the last build read it, taken (see [`content::load_reusing`]).
    pub fn take_sources(&self) -> Option<RawContent> {
        self.sources.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
    }

    fn keep_sources(&self, raw: RawContent) {
        *self.sources.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(raw);
    }
}

/// What a successful build made.
#[derive(Debug, Clone)]
pub struct Built {
    /// Number of projects.
    pub projects: usize,
    /// HTML pages written.
    pub pages: usize,
    /// The report month.
    pub month: Month,
    /// The build id (hash of the inputs).
    pub build_id: String,
    /// The base URL the links use.
    pub base_url: String,
    /// Per family (`poster`, `slide`, `photo`): files drawn by this build, and taken from
    /// the render cache (`page`: rendered, and taken from the last build).
    pub drawn: std::collections::BTreeMap<&'static str, (u64, u64)>,
    /// The [`crate::stamp::output_digest`] of the published output.
    pub digest: String,
}

/// The result of a build: every problem found, and what was built unless there were errors.
pub struct Attempt {
    /// Errors and warnings of the content.
    pub diagnostics: Diagnostics,
    /// `None` when the content has errors: nothing was written.
    pub built: Option<Built>,
}

/// Runs `guatu build`.
pub fn run(args: &BuildArgs, quiet: bool) -> Result<Outcome> {
    let start = Instant::now();
    let bar = Bar::for_terminal(quiet);
    let output = output_dir(&args.root, args.output.as_deref())?;
    // Checked again under the output's lock before publishing; here too, to say it at once.
    crate::publish::check_replaceable(&output, args.force)?;
    let opts = Options {
        root: &args.root,
        output: output.clone(),
        month: args.month,
        base_url: args.base_url.as_deref().map(crate::view::normalize_base).transpose()?,
        local_links: false,
        posters: !args.no_posters,
        progress: bar.as_ref().map_or(&NoProgress as &dyn Progress, |b| b as &dyn Progress),
        background_cleanup: false,
        force: args.force,
        last_output: None,
        kept: None,
        on_published: None,
        changed: &[],
    };
    // Nothing to do when the inputs and the published files are as the last build left them.
    let (raw, digest) = load_beside_digest(opts.root, &output);
    let raw = raw?;
    let spelled = format!("{:?} {:?} {} {}", opts.month, opts.base_url, opts.posters, output.display());
    let stamp = Stamp::of(&raw, opts.root, &spelled)?;
    if let Some(last) = stamp.current(&output, &digest) {
        if let Some(b) = &bar {
            b.finish();
        }
        eprint!("{}", last.warnings);
        if !quiet {
            eprintln!("{}: nothing changed since the last build, nothing written", last.summary);
        }
        return Ok(Outcome::Ok);
    }
    Stamp::forget(&output);
    crate::timings::lap("load and stamp");
    let opts = Options { last_output: Some(digest), ..opts };
    let attempt = build_from(&opts, raw);
    if let Some(b) = &bar {
        b.finish();
    }
    let attempt = attempt?;
    report(&attempt.diagnostics);
    let Some(built) = attempt.built else { return Ok(Outcome::ContentErrors) };
    let summary = format!(
        "built {} projects, {} pages, data as of {} into {}",
        built.projects,
        built.pages,
        built.month,
        output.display()
    );
    stamp.record(&output, &built.digest, &summary, &report_text(&attempt.diagnostics, false));
    if !quiet {
        eprintln!("{summary} in {:.2}s", start.elapsed().as_secs_f64());
        if built.drawn.values().any(|&(_, reused)| reused > 0) {
            let each: Vec<String> = built
                .drawn
                .iter()
                .map(|(family, (drawn, reused))| format!("{family} {drawn} drawn, {reused} reused"))
                .collect();
            eprintln!("render cache: {}", each.join("; "));
        }
    }
    Ok(Outcome::Ok)
}

/// Begins a build: its timings start, and the content is loaded while the published
/// files' digest is read (what the stamp and the page memo compare with).
pub(crate) fn load_beside_digest(root: &Path, output: &Path) -> (Result<RawContent>, String) {
    crate::timings::start();
    rayon::join(|| content::load(root), || crate::stamp::output_digest(output))
}

/// The pipeline on content loaded by [`load_beside_digest`]: validate → compute → render →
/// publish. Content problems are returned, not printed; an `Err` is an I/O, theme or usage
/// error.
pub(crate) fn build_from(opts: &Options<'_>, raw: RawContent) -> Result<Attempt> {
    let (board, diagnostics) = match opts.kept {
        Some(kept) => validate::validate_with(
            &raw,
            Some(&mut kept.checked.lock().unwrap_or_else(std::sync::PoisonError::into_inner)),
        ),
        None => validate::validate(&raw),
    };
    crate::timings::lap("validate");
    let Some(mut board) = board else {
        if let Some(kept) = opts.kept {
            *kept.last() = None;
            kept.keep_sources(raw);
        }
        return Ok(Attempt { diagnostics, built: None });
    };
    if let Some(base) = &opts.base_url {
        board.site.base_url.clone_from(base);
    }
    if opts.local_links {
        board.site.base_url = crate::view::url_path(&board.site.base_url).to_string();
    }
    let Some(month) = metrics::report_month(&board, opts.month) else {
        bail!("no report month: no project has a progress entry and site.yaml sets no as_of (or pass --month)");
    };
    let theme = theme::load(opts.root, &board.site.theme, board.site.language)?;
    crate::timings::lap("theme");
    // What of the last build still holds (see `crate::reuse`); taken out of `kept` until
    // this build succeeds.
    let last = opts.kept.and_then(|k| k.last().take());
    let pages_only = last.as_ref().and_then(|l| crate::reuse::pages_only(l, &board, opts.changed));
    let reused = last.as_ref().filter(|_| pages_only.is_some()).map(|l| Arc::clone(&l.history));
    // The hash of the inputs and the figures of every month, side by side.
    let (build_id, history) = rayon::join(
        || crate::stamp::build_id(&raw, &theme, &board, month, opts.root),
        || reused.unwrap_or_else(|| Arc::new(compute(&board, month))),
    );
    let build_id = build_id?;
    match opts.kept {
        Some(kept) => kept.keep_sources(raw),
        None => drop(raw), // the file texts are not needed past here; a large board's are tens of MB
    }
    crate::timings::lap("build id and compute");
    let staging = match pages_only {
        Some(_) => Staging::begin_overlay(&opts.output, opts.force)?,
        None => Staging::begin(&opts.output, opts.force)?,
    };
    let cache = Cache::beside(&opts.output);
    let memo = PageMemo::open(&opts.output, &theme, opts.last_output.as_deref());
    let public_url = board
        .site
        .site_url
        .clone()
        .or_else(|| board.site.base_url.starts_with("http").then(|| board.site.base_url.clone()));
    let ctx = RenderCtx {
        public_url,
        skip_posters: !opts.posters,
        board: &board,
        history: &history,
        theme: &theme,
        urls: Urls::new(&board.site.base_url),
        build_id: &build_id,
        root: opts.root,
        progress: opts.progress,
        cache: &cache,
        memo: &memo,
        pages_only: pages_only.as_deref(),
    };
    let pages = render_all(&ctx, &staging)?;
    crate::timings::lap("render");
    // The output stays locked until the cache is swept: another build may use it next.
    let published = staging.commit_keep_old()?;
    if let Some(tell) = opts.on_published {
        tell(&board.site.base_url);
    }
    if let Some(old) = published.old.clone() {
        if opts.background_cleanup {
            std::thread::spawn(move || std::fs::remove_dir_all(old));
        } else {
            std::fs::remove_dir_all(&old).with_context(|| format!("removing old site {}", old.display()))?;
        }
    }
    cache.sweep();
    let digest = crate::stamp::output_digest(&opts.output);
    memo.save(&digest);
    if let Some(kept) = opts.kept {
        *kept.digest.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(digest.clone());
    }
    drop(published);
    crate::timings::lap("publish");
    crate::timings::print();
    let built = Built {
        projects: board.projects.len(),
        pages: pages.len(),
        month,
        build_id,
        base_url: board.site.base_url.clone(),
        drawn: {
            let mut drawn = cache.counts();
            drawn.insert("page", memo.counts());
            drawn
        },
        digest,
    };
    if let Some(kept) = opts.kept {
        *kept.last() = Some(LastBuild { board, history });
    }
    Ok(Attempt { diagnostics, built: Some(built) })
}

/// Figures for every month from the first entry to `month`.
pub fn compute(board: &Board, month: Month) -> Vec<Summary> {
    let groups = metrics::Membership::of(board);
    metrics::history_months(board, month).par_iter().map(|&m| metrics::summarize(board, &groups, m)).collect()
}

/// The output folder (default `<root>/output`); refuses folders whose replacement would
/// delete the content.
pub fn output_dir(root: &Path, output: Option<&Path>) -> Result<PathBuf> {
    let out = output.map_or_else(|| root.join("output"), Path::to_path_buf);
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (o, content) = (abs(&out), abs(&root.join("content")));
    if content.starts_with(&o) || o.starts_with(&content) {
        bail!("refusing to publish into {}: it holds or lies inside the content folder", out.display());
    }
    Ok(out)
}
