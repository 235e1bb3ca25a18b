//! Rendering: computed figures → files in the staging folder, one module per output family.

mod data;
mod display;
mod feed;
pub mod ledger;
mod media;
pub mod memo;
mod posters;
pub mod report_xlsx;
mod reports;
mod site;
mod workbook;

use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use crate::format::month_label;
use crate::metrics::Summary;
use crate::model::Board;
use crate::progress::Progress;
use crate::publish::Staging;
use crate::theme::Theme;
use crate::timings::timed;
use crate::view::{Labels, ProjectRow, Urls};
pub use memo::{PageContext, PageMemo};

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
    /// The pages of the last build, and the keys of this one's.
    pub memo: &'a PageMemo,
    /// The projects whose own page is all that differs from the last build into the same
    /// output (see [`crate::reuse`]): every other file is taken from it. `None`: render all.
    pub pages_only: Option<&'a [usize]>,
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
    pub fn base_context(&self) -> PageContext {
        self.context_as_of(self.summary().month)
    }

    /// The shared context of a page whose figures are as of `m`.
    pub fn context_as_of(&self, m: crate::num::Month) -> PageContext {
        let site = &self.board.site;
        let view = SiteView {
            title: &site.title,
            organization: &site.organization,
            lang: site.language.tag(),
            base: &site.base_url,
            assets: self.urls.to("assets/"),
            month: m.to_string(),
            as_of: month_label(m, &self.labels()),
            latest_report: self.urls.to(&format!("reports/{}/", self.summary().month)),
            contact: site.contact.as_deref(),
            money_unit: &site.money_unit,
            pages: self
                .board
                .pages
                .iter()
                .map(|p| Link { label: p.title.clone(), url: self.urls.to(&format!("pages/{}/", p.slug)) })
                .collect(),
        };
        // The UI strings (`t`) are in the engine's global context (see `theme::load`).
        let mut ctx = PageContext::default();
        ctx.insert("site", &view);
        ctx
    }

    /// Renders `template` with `ctx` and writes it to `path`, or links the last build's
    /// page when it was made from the same values (see [`memo`]).
    pub fn page(&self, out: &Staging, template: &str, ctx: &PageContext, path: &str) -> Result<()> {
        if self.reuse(out, template, ctx, path) {
            return Ok(());
        }
        self.render(out, template, ctx, path)
    }

    /// [`page`](Self::page) of a page looked up by `key` (see [`PageContext::with_inputs`])
    /// and, when it has to be rendered, made by `make`.
    pub fn page_by(
        &self,
        out: &Staging,
        template: &str,
        key: &PageContext,
        path: &str,
        make: impl FnOnce() -> PageContext,
    ) -> Result<()> {
        if self.reuse(out, template, key, path) {
            return Ok(());
        }
        self.render(out, template, &make(), path)
    }

    /// Links the last build's page at `path` if its key is `key`'s.
    fn reuse(&self, out: &Staging, template: &str, key: &PageContext, path: &str) -> bool {
        let Some(last) = self.memo.lookup(path, key, template) else { return false };
        let linked = out.put(path, &last).is_ok();
        if !linked {
            self.memo.missed();
        }
        linked
    }

    fn render(&self, out: &Staging, template: &str, ctx: &PageContext, path: &str) -> Result<()> {
        let _t = crate::timings::Span::new(template);
        // Rendered into this thread's buffer, kept from page to page: no new allocation (and
        // no fresh memory to fault in) per page, and no UTF-8 check of the bytes written.
        PAGE_BUFFER.with_borrow_mut(|html| {
            html.clear();
            self.theme
                .tera
                .render_to(template, ctx.tera(), &mut *html)
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

/// One output family: its name (in timings), the progress units it counts (one is a
/// project page's worth; it advances them itself as it goes), and how it renders; it
/// returns the HTML pages it wrote, for the sitemap. A new kind of output is one more entry in [`FAMILIES`].
struct Family {
    name: &'static str,
    units: fn(&RenderCtx<'_>) -> u64,
    render: fn(&RenderCtx<'_>, &Staging, &[ProjectRow]) -> Result<Vec<String>>,
}

/// Every output family, in groups run one after the other; the families of a group run
/// side by side on the thread pool (each also spreads its own files over it). The site
/// comes first: its project pages are many and small, while the lists of every project
/// (the list page, the display page, the workbooks) are large, and started together
/// those lists made the build's peak memory. The posters come last, on their own: each
/// sheet is laid out and drawn across the whole pool.
const FAMILIES: [&[Family]; 2] = [
    &[
        Family { name: "site", units: |c| c.board.projects.len() as u64, render: site::render },
        Family {
            name: "reports",
            units: |c| c.history.len() as u64 * REPORT_UNITS,
            render: |c, o, _| reports::render(c, o),
        },
        Family {
            name: "display",
            units: |_| 0,
            render: |c, o, rows| display::render(c, o, rows).map(|()| vec!["display/index.html".into()]),
        },
        Family {
            name: "data",
            units: |c| c.history.len() as u64,
            render: |c, o, _| {
                data::render(c, o)?;
                c.progress.advance(c.history.len() as u64);
                Ok(none())
            },
        },
        Family { name: "media", units: |_| 0, render: |c, o, _| media::render(c, o).map(|()| none()) },
        Family { name: "assets", units: |_| 0, render: |c, o, _| assets(c, o).map(|()| none()) },
        Family { name: "feed", units: |_| 0, render: |c, o, _| feed::render(c, o).map(|()| none()) },
    ],
    &[Family { name: "posters", units: |_| 0, render: |c, o, _| posters::render(c, o).map(|()| none()) }],
];

/// Progress units of one monthly report (page, workbook and chart), against 1 for a project page.
const REPORT_UNITS: u64 = 4;

fn none() -> Vec<String> {
    Vec::new()
}

/// The theme's static files, under `assets/`.
fn assets(ctx: &RenderCtx<'_>, out: &Staging) -> Result<()> {
    ctx.theme.statics.iter().try_for_each(|(name, bytes)| out.write(&format!("assets/{name}"), bytes))
}

/// Renders the whole site into `out`: every family of [`FAMILIES`], then the sitemap of
/// their pages. Returns the paths of the HTML pages written.
pub fn render_all(ctx: &RenderCtx<'_>, out: &Staging) -> Result<Vec<String>> {
    if let Some(changed) = ctx.pages_only {
        return render_pages_of(ctx, out, changed);
    }
    ctx.progress.add(FAMILIES.iter().flat_map(|g| g.iter()).map(|f| (f.units)(ctx)).sum());
    let rows = site::project_rows(ctx);
    let mut pages = Vec::new();
    for group in FAMILIES {
        let written: Vec<Vec<String>> =
            group.par_iter().map(|f| timed(f.name, || (f.render)(ctx, out, &rows))).collect::<Result<_>>()?;
        pages.extend(written.into_iter().flatten());
    }
    site::sitemap(ctx, out, &pages)?;
    Ok(pages)
}

/// The pages of the projects `changed` and `data/version.json` (which carries the build
/// id), to lay over the last build's output (see [`Staging::begin_overlay`]), whose other
/// files and page keys stay. Returns the paths of the HTML pages in the site.
fn render_pages_of(ctx: &RenderCtx<'_>, out: &Staging, changed: &[usize]) -> Result<Vec<String>> {
    site::pages_of(ctx, out, changed)?;
    let mut renewed: Vec<String> = changed.iter().map(|&i| site::project_path(&ctx.board.projects[i])).collect();
    // The display shows nothing that changed: its id stays (without one, it is made again).
    match ctx.memo.last_id(display::PAGE) {
        Some(id) => display::version(ctx, out, &id)?,
        None => {
            display::render(ctx, out, &site::project_rows(ctx))?;
            renewed.push(display::PAGE.into());
        }
    }
    Ok(ctx.memo.carry_all_but(&renewed))
}

/// `{key}` → value in a UI string ([`crate::view::fill`] of one pair).
pub fn fill(template: &str, key: &str, value: &str) -> String {
    crate::view::fill(template, &[(key, value)])
}
