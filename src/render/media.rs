//! Site photos: copied from `content/media`, downscaled for the web.

use std::io::Cursor;

use anyhow::{Context as _, Result};
use image::ImageFormat;
use rayon::prelude::*;

use super::RenderCtx;
use crate::publish::Staging;

/// Longest side of a published photo, in pixels.
const MAX_SIDE: u32 = 1600;

/// Writes every photo that a project names.
pub fn render(ctx: &RenderCtx<'_>, out: &Staging) -> Result<()> {
    let mut paths: Vec<&String> = ctx.board.projects.iter().flat_map(|p| &p.photos).collect();
    paths.sort();
    paths.dedup();
    paths.par_iter().try_for_each(|rel| {
        let src = ctx.root.join("content").join(rel);
        let bytes = std::fs::read(&src).with_context(|| format!("reading {}", src.display()))?;
        let key = ctx.cache.key("photo", &[&MAX_SIDE.to_le_bytes(), &bytes]);
        let [photo] = ctx.cache.files(&key, ["img"], || {
            Ok([web_version(&bytes).with_context(|| format!("content/{rel}: cannot read the image"))?])
        })?;
        out.put(rel, &photo)
    })
}

/// Re-encodes images larger than [`MAX_SIDE`]; smaller ones are copied as they are.
pub fn web_version(bytes: &[u8]) -> Result<Vec<u8>> {
    let format = image::guess_format(bytes)?;
    let img = image::load_from_memory_with_format(bytes, format)?;
    if img.width() <= MAX_SIDE && img.height() <= MAX_SIDE {
        return Ok(bytes.to_vec());
    }
    let small = img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    let mut out = Cursor::new(Vec::new());
    let format = if format == ImageFormat::Png { ImageFormat::Png } else { ImageFormat::Jpeg };
    small.to_rgb8().write_to(&mut out, format)?;
    Ok(out.into_inner())
}
