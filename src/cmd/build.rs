//! `guatu build`: load → validate → compute → render → publish.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Result};
use rayon::prelude::*;

use super::{report, Outcome};
use crate::cli::BuildArgs;
use crate::content::RawContent;
use crate::metrics::{self, Summary};
use crate::model::Board;
use crate::publish::Staging;
use crate::render::{render_all, RenderCtx};
use crate::theme::{self, Theme};
use crate::view::Urls;
use crate::{content, validate};

/// Runs the build.
pub fn run(args: &BuildArgs, quiet: bool) -> Result<Outcome> {
    let start = Instant::now();
    let mut clock = Clock::new();
    let raw = content::load(&args.root)?;
    clock.lap("load");
    let (board, diags) = validate::validate(&raw);
    clock.lap("validate");
    report(&diags);
    let Some(mut board) = board else { return Ok(Outcome::ContentErrors) };
    if let Some(base) = &args.base_url {
        board.site.base_url = normalize_base(base)?;
    }
    let Some(month) = metrics::report_month(&board, args.month) else {
        bail!("no report month: no project has a progress entry and site.yaml sets no as_of (or pass --month)");
    };
    let history = compute(&board, month);
    clock.lap("compute");
    let theme = theme::load(&args.root, &board.site.theme, board.site.language)?;
    let build_id = build_id(&raw, &theme, &board, month, &args.root)?;
    let output = output_dir(args)?;
    let staging = Staging::begin(&output)?;
    let public_url = board
        .site
        .site_url
        .clone()
        .or_else(|| board.site.base_url.starts_with("http").then(|| board.site.base_url.clone()));
    let ctx = RenderCtx {
        public_url,
        skip_posters: args.no_posters,
        board: &board,
        history: &history,
        theme: &theme,
        urls: Urls::new(&board.site.base_url),
        build_id: &build_id,
        root: &args.root,
    };
    let pages = render_all(&ctx, &staging)?;
    clock.lap("render");
    staging.commit()?;
    clock.lap("publish");
    if !quiet {
        eprintln!(
            "built {} projects, {} pages, data as of {month} into {} in {:.2}s",
            board.projects.len(),
            pages.len(),
            output.display(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(Outcome::Ok)
}

/// Figures for every month from the first entry to `month`.
pub fn compute(board: &Board, month: crate::num::Month) -> Vec<Summary> {
    metrics::history_months(board, month).par_iter().map(|&m| metrics::summarize(board, m)).collect()
}

fn normalize_base(base: &str) -> Result<String> {
    let ok = base.starts_with('/') || base.starts_with("http://") || base.starts_with("https://");
    if !ok || base.contains(['"', '<', '>', ' ', '\'']) {
        bail!("--base-url `{base}` must be a path such as /zdxm/ or an http(s) URL");
    }
    Ok(if base.ends_with('/') { base.to_string() } else { format!("{base}/") })
}

/// The output folder; refuses folders whose replacement would delete the content.
fn output_dir(args: &BuildArgs) -> Result<PathBuf> {
    let out = args.output.clone().unwrap_or_else(|| args.root.join("output"));
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (o, content) = (abs(&out), abs(&args.root.join("content")));
    if content.starts_with(&o) || o.starts_with(&content) {
        bail!("refusing to publish into {}: it holds or lies inside the content folder", out.display());
    }
    Ok(out)
}

/// A hash of every input: content, photos, theme, options and guatu's version.
fn build_id(raw: &RawContent, theme: &Theme, board: &Board, month: crate::num::Month, root: &Path) -> Result<String> {
    let mut h = blake3::Hasher::new();
    let mut feed = |name: &str, bytes: &[u8]| {
        h.update(&(name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    feed("guatu", env!("CARGO_PKG_VERSION").as_bytes());
    feed("month", month.to_string().as_bytes());
    feed("base_url", board.site.base_url.as_bytes());
    for s in raw.site.iter().chain(&raw.projects).chain(&raw.pages).chain(&raw.reports) {
        feed(&s.path, s.text.as_bytes());
    }
    for p in board.projects.iter().flat_map(|p| &p.photos) {
        feed(p, &std::fs::read(root.join("content").join(p))?);
    }
    for (name, bytes) in &theme.fingerprint {
        feed(name, bytes);
    }
    Ok(h.finalize().to_hex()[..16].to_string())
}

/// Stage timings, printed when `GUATU_TIMINGS` is set.
struct Clock {
    on: bool,
    last: Instant,
}

impl Clock {
    fn new() -> Clock {
        Clock { on: std::env::var_os("GUATU_TIMINGS").is_some(), last: Instant::now() }
    }

    fn lap(&mut self, stage: &str) {
        if self.on {
            eprintln!("{stage:>10}: {:7.1} ms", self.last.elapsed().as_secs_f64() * 1000.0);
        }
        self.last = Instant::now();
    }
}
