//! The lobby display: `display/index.html` (kiosk page) and `display/slides/<nn>.png`.

use anyhow::Result;

use super::RenderCtx;
use crate::deck;
use crate::font::Fonts;
use crate::publish::Staging;
use crate::view::ProjectRow;

/// Writes the kiosk page and, unless images are left out (`--no-posters`), the slide images.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging, rows: &[ProjectRow]) -> Result<()> {
    let deck = deck::deck(ctx.board, ctx.summary(), rows, &ctx.labels());
    let mut c = ctx.base_context();
    c.insert("d", &deck);
    // The page reloads itself when the build changes (only this page carries the build id,
    // so that the other pages keep their bytes when the inputs they show are unchanged).
    c.insert("build_id", ctx.build_id);
    ctx.page(out, "display.html", &c, "display/index.html")?;
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
