//! Rendering: computed figures → files in the staging folder, one module per output family.

mod data;
mod display;
mod feed;
pub mod ledger;
mod media;
mod posters;
mod report;
mod site;
mod workbook;
pub mod xlsx;

use std::path::Path;

use anyhow::Result;
use serde::Serialize;
use serde_json::Value as Json;

use crate::format::month_label;
use crate::metrics::Summary;
use crate::model::Board;
use crate::progress::Progress;
use crate::publish::Staging;
use crate::theme::Theme;
use crate::timings::timed;
use crate::view::{Labels, Urls};

/// Everything a renderer reads.
pub struct RenderCtx<'a> {
    /// The validated board.
    pub board: &'a Board,
    /// Figures for every month from the first entry to the report month, ascending.
    pub history: &'a [Summary],
    /// The theme.
    pub theme: &'a Theme,
    /// Link builder.
    pub urls: Urls,
    /// Absolute address of the published site, if known (QR codes, feed, sitemap).
    pub public_url: Option<String>,
    /// Leave the poster sheets out (`--no-posters`).
    pub skip_posters: bool,
    /// The build id (hash of the inputs).
    pub build_id: &'a str,
    /// The board root (to read photos from).
    pub root: &'a Path,
    /// Where renderers count their work (a terminal bar, or nothing).
    pub progress: &'a dyn Progress,
    /// Posters, slides and photos drawn by an earlier build.
    pub cache: &'a crate::cache::Cache,
}

impl<'a> RenderCtx<'a> {
    /// The report month's figures.
    pub fn summary(&self) -> &'a Summary {
        self.history.last().expect("at least the report month")
    }

    /// The month before the report month's figures, if in the data.
    pub fn previous(&self) -> Option<&'a Summary> {
        self.history.len().checked_sub(2).map(|i| &self.history[i])
    }

    /// UI strings.
    pub fn labels(&self) -> Labels<'a> {
        Labels::new(&self.theme.strings, self.board.site.language)
    }
}

/// Values every template receives as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    organization: &'a str,
    lang: &'static str,
    base: &'a str,
    assets: String,
    month: String,
    as_of: String,
    latest_report: String,
    contact: Option<&'a str>,
    money_unit: &'a str,
    pages: Vec<Link>,
    build_id: &'a str,
}

/// A link with a label.
#[derive(Serialize, Clone)]
pub struct Link {
    /// Text.
    pub label: String,
    /// Address.
    pub url: String,
}

impl RenderCtx<'_> {
    /// The Tera context shared by every page: `site` (the UI strings `t` are global).
    pub fn base_context(&self) -> tera::Context {
        self.context_as_of(self.summary().month)
    }

    /// The shared context of a page whose figures are as of `m`.
    pub fn context_as_of(&self, m: crate::num::Month) -> tera::Context {
        let site = &self.board.site;
        let view = SiteView {
            title: &site.title,
            organization: &site.organization,
            lang: site.language.tag(),
            base: &site.base_url,
            assets: self.urls.to("assets/"),
            month: m.to_string(),
            as_of: month_label(m, site.language),
            latest_report: self.urls.to(&format!("reports/{}/", self.summary().month)),
            contact: site.contact.as_deref(),
            money_unit: &site.money_unit,
            pages: self
                .board
                .pages
                .iter()
                .map(|p| Link { label: p.title.clone(), url: self.urls.to(&format!("pages/{}/", p.slug)) })
                .collect(),
            build_id: self.build_id,
        };
        // The UI strings (`t`) are in the engine's global context (see `theme::load`).
        let mut ctx = tera::Context::new();
        ctx.insert("site", &view);
        ctx
    }

    /// Renders `template` with `ctx` and writes it to `path`.
    pub fn page(&self, out: &Staging, template: &str, ctx: &tera::Context, path: &str) -> Result<()> {
        let _t = crate::timings::Span::new(template);
        // Rendered into this thread's buffer, kept from page to page: no new allocation (and
        // no fresh memory to fault in) per page, and no UTF-8 check of the bytes written.
        PAGE_BUFFER.with_borrow_mut(|html| {
            html.clear();
            self.theme
                .tera
                .render_to(template, ctx, &mut *html)
                .map_err(|e| anyhow::anyhow!("rendering {template} for {path}: {}", crate::theme::error_chain(&e)))?;
            let written = out.write(path, html);
            // A large page (a list of every project) does not keep its memory.
            if html.capacity() > MAX_KEPT_PAGE_BUFFER {
                *html = Vec::new();
            }
            written
        })
    }
}

/// The largest page buffer a thread keeps for its next page (project pages are ~20 KB).
const MAX_KEPT_PAGE_BUFFER: usize = 1 << 20;

thread_local! {
    /// The page being rendered on this thread.
    static PAGE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Renders the whole site into `out`; returns the paths of the HTML pages written.
///
/// The output families are independent of each other, so they run side by side on the
/// thread pool (each also spreads its own pages over it).
pub fn render_all(ctx: &RenderCtx<'_>, out: &Staging) -> Result<Vec<String>> {
    let months = ctx.history.len() as u64;
    ctx.progress.add(ctx.board.projects.len() as u64 + months * REPORT_UNITS + months);
    let rows = site::project_rows(ctx);
    let ((site, reports), (display, rest)) = rayon::join(
        || {
            rayon::join(
                || timed("site", || site::render(ctx, out, &rows)),
                || timed("reports", || report::render(ctx, out)),
            )
        },
        || {
            rayon::join(
                || timed("display", || display::render(ctx, out, &rows)),
                || {
                    timed("data, media, assets", || -> Result<()> {
                        data::render(ctx, out)?;
                        ctx.progress.advance(months);
                        media::render(ctx, out)?;
                        for (name, bytes) in &ctx.theme.statics {
                            out.write(&format!("assets/{name}"), bytes)?;
                        }
                        Ok(())
                    })
                },
            )
        },
    );
    let mut pages = site?;
    pages.extend(reports?);
    display?;
    pages.push("display/index.html".into());
    rest?;
    site::sitemap(ctx, out, &pages)?;
    feed::render(ctx, out)?;
    timed("posters", || posters::render(ctx, out))?;
    Ok(pages)
}

/// Progress units of one monthly report (page, workbook and chart), against 1 for a project page.
const REPORT_UNITS: u64 = 4;

/// `{name}` → value in a UI string.
pub fn fill(template: &str, key: &str, value: &str) -> String {
    template.replace(&format!("{{{key}}}"), value)
}

/// A UI string as text.
pub fn t(strings: &Json, section: &str, key: &str) -> String {
    strings.get(section).and_then(|s| s.get(key)).and_then(Json::as_str).unwrap_or(key).to_string()
}
