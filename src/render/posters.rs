//! Poster sheets of the report month: `posters/<YYYY-MM>/<size>-<n>.svg|pdf|png`.

use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Result;

use super::RenderCtx;
use crate::font::Fonts;
use crate::poster::{self, PosterInput};
use crate::publish::Staging;

/// Writes every sheet and warns about characters the poster font lacks.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging) -> Result<()> {
    if ctx.skip_posters || ctx.board.site.poster.sizes.is_empty() || ctx.board.projects.is_empty() {
        return Ok(());
    }
    let fonts = Fonts::new(ctx.theme)?;
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
        cache: ctx.cache,
    };
    // Sheets are paginated by row height, so their number is known only at the end; count one
    // per `rows_per_sheet` projects and add more if the layout needs them.
    let expected = expected_sheets(ctx);
    ctx.progress.add(expected * SHEET_UNITS);
    let written = AtomicU64::new(0);
    poster::render(&input, &|sheet| {
        let base = format!("posters/{}/{}", s.month, sheet.stem);
        out.write(&format!("{base}.svg"), sheet.svg.as_bytes())?;
        out.put(&format!("{base}.pdf"), &sheet.pdf)?;
        out.put(&format!("{base}.png"), &sheet.png)?;
        if written.fetch_add(1, Ordering::Relaxed) >= expected {
            ctx.progress.add(SHEET_UNITS);
        }
        ctx.progress.advance(SHEET_UNITS);
        Ok(())
    })
}

/// Progress units of one poster sheet (SVG, PDF and PNG take about 20 pages' time).
const SHEET_UNITS: u64 = 20;

/// Sheets at `rows_per_sheet` rows each, at least one and at most `max_sheets` per set.
fn expected_sheets(ctx: &RenderCtx<'_>) -> u64 {
    let (board, poster) = (ctx.board, &ctx.board.site.poster);
    let sheets =
        |n: usize| n.div_ceil(poster.rows_per_sheet.max(1) as usize).clamp(1, poster.max_sheets.max(1) as usize) as u64;
    let per_size = if poster.by_district {
        board.site.districts.iter().map(|d| sheets(board.projects.iter().filter(|p| p.district == d.id).count())).sum()
    } else {
        sheets(board.projects.len())
    };
    per_size * poster.sizes.len() as u64
}
