//! Poster sheets of the report month: `posters/<YYYY-MM>/<size>-<n>.svg|pdf|png`.

use anyhow::Result;

use super::RenderCtx;
use crate::poster::{self, PosterFonts, PosterInput};
use crate::publish::Staging;

/// Writes every sheet and warns about characters the poster font lacks.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging) -> Result<()> {
    if ctx.skip_posters || ctx.board.site.poster.sizes.is_empty() || ctx.board.projects.is_empty() {
        return Ok(());
    }
    let fonts = PosterFonts::new(ctx.theme)?;
    for (id, field, c) in poster::missing_glyphs(ctx.board, fonts.metrics()) {
        eprintln!(
            "content/projects/{id}.yaml:1:1: warning: the poster font has no glyph for {c:?} (U+{:04X}) in `{field}`; it prints as a box\n    help: add a fuller font to themes/<theme>/fonts/, or write the character differently",
            c as u32
        );
    }
    let labels = ctx.labels();
    let s = ctx.summary();
    let input = PosterInput {
        board: ctx.board,
        summary: s,
        labels: &labels,
        theme: ctx.theme,
        fonts: &fonts,
        qr_url: ctx.public_url.clone(),
    };
    poster::render(&input, &|sheet| {
        let base = format!("posters/{}/{}", s.month, sheet.stem);
        out.write(&format!("{base}.svg"), sheet.svg.as_bytes())?;
        out.write(&format!("{base}.pdf"), &sheet.pdf)?;
        out.write(&format!("{base}.png"), &sheet.png)
    })
}
