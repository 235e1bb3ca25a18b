//! The lobby display: `display/index.html` (kiosk page) and `display/slides/<nn>.png`.

use anyhow::Result;
use rayon::prelude::*;

use super::RenderCtx;
use crate::display;
use crate::poster::PosterFonts;
use crate::publish::Staging;
use crate::view::{project_row, Labels, ProjectRow};

/// Writes the kiosk page and, unless images are left out (`--no-posters`), the slide images.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging) -> Result<()> {
    let rows = rows(ctx);
    let deck = display::deck(ctx.board, ctx.summary(), &rows, &ctx.labels());
    let mut c = ctx.base_context();
    c.insert("d", &deck);
    ctx.page(out, "display.html", &c, "display/index.html")?;
    if ctx.skip_posters {
        return Ok(());
    }
    let fonts = PosterFonts::new(ctx.theme)?;
    display::image::render(&deck, &ctx.base_context(), &ctx.theme.tera, &fonts, &ctx.labels(), &|name, png| {
        out.write(&format!("display/slides/{name}"), &png)
    })?;
    Ok(())
}

fn rows(ctx: &RenderCtx<'_>) -> Vec<ProjectRow> {
    let s = ctx.summary();
    let lang = ctx.board.site.language;
    ctx.board
        .projects
        .par_iter()
        .zip(&s.projects)
        .map(|(p, m)| project_row(ctx.board, p, m, &ctx.urls, &Labels::new(&ctx.theme.strings, lang)))
        .collect()
}
