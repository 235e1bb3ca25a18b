//! The face posters and display slides are drawn with ([`Fonts`]), and text measurement
//! and line breaking with its real advance widths ([`Metrics`]).

use std::sync::Arc;

use anyhow::{anyhow, Result};

use crate::theme::Theme;

/// The poster and display face with its metrics, loaded once per build.
pub struct Fonts {
    db: Arc<usvg::fontdb::Database>,
    metrics: Arc<Metrics>,
    /// The face's family name, which the templates and the renderer ask for.
    family: String,
    /// Hash of the face's bytes: part of every cached raster's key.
    hash: [u8; 32],
}

impl Fonts {
    /// Loads the poster face; only it is used, never the machine's fonts. The face is the
    /// board's own font when its theme folder has one (its file named `…Regular…` when
    /// there are several), else the built-in one; in a collection (`.ttc`), the first face.
    ///
    /// One face only: svg2pdf numbers font objects in hash order, so two faces would
    /// make the same poster come out in different bytes. Headings get their weight
    /// from a stroke in the template instead.
    pub fn new(theme: &Theme) -> Result<Fonts> {
        let (own, builtin) = theme.fonts.split_at(theme.own_fonts);
        fn pick(fonts: &[(String, Vec<u8>)]) -> Option<&(String, Vec<u8>)> {
            fonts.iter().find(|(n, _)| n.contains("Regular")).or_else(|| fonts.first())
        }
        let (name, regular) =
            pick(own).or_else(|| pick(builtin)).ok_or_else(|| anyhow!("the theme has no poster font"))?;
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(regular.clone());
        let family = db
            .faces()
            .find(|f| f.index == 0)
            .and_then(|f| f.families.first())
            .map(|(family, _)| family.clone())
            .ok_or_else(|| anyhow!("the poster font {name} is not a font file fontdb can read"))?;
        db.set_sans_serif_family(family.as_str());
        db.set_serif_family(family.as_str());
        db.set_monospace_family(family.as_str());
        let hash = *blake3::hash(regular).as_bytes();
        Ok(Fonts { db: Arc::new(db), metrics: Arc::new(Metrics::new(regular)?), family, hash })
    }

    /// Hash of the poster face, for the keys of the render cache.
    pub fn hash(&self) -> &[u8] {
        &self.hash
    }

    pub fn family(&self) -> &str {
        &self.family
    }

    /// Width measurement and line breaking.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The metrics, shared (e.g. with a template filter).
    pub fn shared_metrics(&self) -> Arc<Metrics> {
        self.metrics.clone()
    }

    /// An SVG drawn at its own size (1 user unit = 1 pixel) as an opaque PNG.
    pub fn png(&self, svg: &str) -> Result<Vec<u8>> {
        let tree = usvg::Tree::from_str(svg, &self.options()).map_err(|e| anyhow!("slide SVG: {e}"))?;
        crate::poster::encode_png(&tree, 1.0)
    }

    pub(crate) fn options(&self) -> usvg::Options<'static> {
        usvg::Options { fontdb: self.db.clone(), font_family: self.family.clone(), ..usvg::Options::default() }
    }
}

/// Advance widths of one font face, in 1/1000 em, indexed by code point (BMP).
pub struct Metrics {
    advances: Vec<u16>,
}

impl Metrics {
    /// Reads the advance widths of every BMP character the font maps.
    pub fn new(data: &[u8]) -> Result<Metrics> {
        let face = ttf_parser::Face::parse(data, 0).map_err(|e| anyhow!("poster font: {e}"))?;
        let upem = f64::from(face.units_per_em());
        let advance = |g| {
            let adv = f64::from(face.glyph_hor_advance(g).unwrap_or(0));
            #[expect(clippy::cast_sign_loss, reason = "advances and the em size are unsigned")]
            let width = (adv / upem * 1000.0).round() as u16;
            width.max(1)
        };
        let advances = (0..0x1_0000).map(|cp| char::from_u32(cp).and_then(|c| face.glyph_index(c)).map_or(0, advance));
        Ok(Metrics { advances: advances.collect() })
    }

    /// True when the font has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        c.is_whitespace() || self.advances.get(c as usize).is_some_and(|a| *a > 0)
    }

    /// Width of `text` at font size `size` (same unit as `size`).
    pub fn width(&self, text: &str, size: f64) -> f64 {
        text.chars().map(|c| f64::from(self.advance(c))).sum::<f64>() * size / 1000.0
    }

    /// `text` on one line no wider than `max`, ending in "…" when it had to be cut.
    pub fn ellipsize(&self, text: &str, size: f64, max: f64) -> String {
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.width(&one_line, size) <= max {
            return one_line;
        }
        let ellipsis = self.width("…", size);
        let mut width = 0.0;
        let mut out: String = one_line
            .chars()
            .take_while(|c| {
                width += f64::from(self.advance(*c)) * size / 1000.0;
                width + ellipsis <= max
            })
            .collect();
        out.push('…');
        out
    }

    /// The advance of `c`; a character the font lacks is measured one em wide.
    fn advance(&self, c: char) -> u16 {
        self.advances.get(c as usize).copied().filter(|a| *a > 0).unwrap_or(1000)
    }

    /// Breaks `text` into lines no wider than `max` at `size`. CJK text breaks between
    /// any two characters except before closing and after opening punctuation; Latin
    /// words and numbers stay whole unless longer than a line.
    pub fn wrap(&self, text: &str, size: f64, max: f64) -> Vec<String> {
        let mut lines = Vec::new();
        text.lines().for_each(|para| self.wrap_paragraph(para.trim(), size, max, &mut lines));
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }

    fn wrap_paragraph(&self, text: &str, size: f64, max: f64, lines: &mut Vec<String>) {
        let mut line = String::new();
        let mut width = 0.0;
        for unit in units(text) {
            let w = self.width(&unit, size);
            if width + w > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line).trim_end().to_string());
                width = 0.0;
                if unit.trim().is_empty() {
                    continue;
                }
            }
            if w > max {
                // A single unit wider than the line: break it by characters.
                for c in unit.chars() {
                    let cw = self.width(c.encode_utf8(&mut [0; 4]), size);
                    if width + cw > max && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        width = 0.0;
                    }
                    line.push(c);
                    width += cw;
                }
            } else {
                line.push_str(&unit);
                width += w;
            }
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
        }
    }
}

const NO_START: &str = "，。、；：？！）》」』】〕〉”’%,.;:?!)]}…·～—";
const NO_END: &str = "（《「『【〔〈“‘([{";

/// Splits text into unbreakable units: a CJK character with the punctuation that must
/// stay with it, or a run of Latin letters and digits.
fn units(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    for c in text.chars() {
        let latin = c.is_ascii_alphanumeric()
            || c == '.' && out.last().is_some_and(|u| u.ends_with(|x: char| x.is_ascii_digit()));
        let prev_latin =
            out.last().is_some_and(|u| u.chars().last().is_some_and(|x| x.is_ascii_alphanumeric() || x == '.'));
        let join = glue_next || NO_START.contains(c) || (latin && prev_latin);
        match out.last_mut() {
            Some(last) if join => last.push(c),
            _ => out.push(c.to_string()),
        }
        glue_next = NO_END.contains(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_keep_punctuation_and_latin_together() {
        assert_eq!(units("完成，下月"), vec!["完", "成，", "下", "月"]);
        assert_eq!(units("（一期）"), vec!["（一", "期）"]);
        assert_eq!(units("PACK生产线 83.3%"), vec!["PACK", "生", "产", "线", " ", "83.3%"]);
    }
}
