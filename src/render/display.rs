//! The lobby display: `display/index.html` (kiosk page), `display/slides/<nn>.png`, and
//! `data/version.json`, what the page checks to know when to reload.

use anyhow::Result;
use serde::Serialize;

use super::RenderCtx;
use crate::deck;
use crate::font::Fonts;
use crate::publish::Staging;
use crate::view::ProjectRow;

/// The kiosk page.
pub const PAGE: &str = "display/index.html";

/// The file the page checks, with the build id.
pub const VERSION: &str = "data/version.json";

/// Writes the kiosk page, [`VERSION`] and, unless images are left out (`--no-posters`),
/// the slide images.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging, rows: &[ProjectRow]) -> Result<()> {
    let deck = deck::deck(ctx.board, ctx.summary(), rows, &ctx.labels());
    let mut c = ctx.base_context();
    c.insert("d", &deck);
    // The page reloads itself when what it shows changes, not on every build: its id is
    // the key of its values (the build id when it has none), also written to VERSION.
    let id = ctx.memo.id(&c, TEMPLATE).unwrap_or_else(|| ctx.build_id.to_string());
    c.insert_derived("display_id", &id);
    ctx.page(out, TEMPLATE, &c, PAGE)?;
    version(ctx, out, &id)?;
    if ctx.skip_posters {
        return Ok(());
    }
    let fonts = Fonts::new(ctx.theme)?;
    deck::image::render(
        &deck,
        ctx.base_context().tera(),
        &ctx.theme.tera,
        &fonts,
        &ctx.labels(),
        ctx.cache,
        &|name, png| out.put(&format!("display/slides/{name}"), png),
    )?;
    Ok(())
}

const TEMPLATE: &str = "display.html";

/// Writes [`VERSION`]: the build id (the hash of the inputs) and the id of the display page
/// `display`, which the page compares with its own.
pub fn version(ctx: &RenderCtx<'_>, out: &Staging, display: &str) -> Result<()> {
    #[derive(Serialize)]
    struct Version<'a> {
        build: &'a str,
        month: crate::num::Month,
        display: &'a str,
    }
    super::data::write_json(out, VERSION, &Version { build: ctx.build_id, month: ctx.summary().month, display })
}
