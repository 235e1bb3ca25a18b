//! Charts' SVG as plotters' SVG backend writes it, made smaller without changing the
//! picture: attributes that the chart's root or SVG's defaults already say are left out,
//! the bars get their outline, every label is drawn after the shapes (labels over lines
//! and bars, as a reader wants them), and neighbouring elements with the same paint (a run
//! of ticks, of bars, of labels) share it on a `<g>` instead of each repeating it. A
//! board's project charts are a third of its project pages; this takes about a third off
//! each chart.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea, RGBColor, SVGBackend};

/// What the chart's root sets for all its elements, as plotters writes it on each: the
/// ink colour ([`super::INK`]) and the size of labels of [`super::LABEL_PX`] (plotters
/// divides by 1.24).
pub(super) struct RootPaint {
    pub fill: String,
    pub font_size: String,
}

pub(super) fn root_paint() -> &'static RootPaint {
    static PAINT: std::sync::OnceLock<RootPaint> = std::sync::OnceLock::new();
    PAINT.get_or_init(|| {
        let RGBColor(r, g, b) = super::INK;
        RootPaint { fill: format!("#{r:02X}{g:02X}{b:02X}"), font_size: (super::LABEL_PX / 1.24).to_string() }
    })
}

/// The fill of the project chart's bars, which get an outline of the Okabe–Ito blue:
/// the light fill alone is 1.8:1 against white, the outline 5.2:1, above the 3:1 that
/// graphics need to be made out (WCAG 1.4.11). plotters draws a shape either filled or
/// outlined; a second, outlined series would cost a tenth of the chart.
const BAR_FILL: &str = "#88CAEF";
const BAR_OUTLINE: &str = "#0072B2";

/// Attributes a `<g>` passes on to its children: an element's paint.
const PAINT: [&str; 8] =
    ["fill", "stroke", "stroke-width", "text-anchor", "font-family", "font-size", "font-weight", "font-style"];

/// Draws with plotters into the elements of a chart of `size` pixels (no root element,
/// no closing tag).
pub fn draw(size: (u32, u32), f: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>)) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        f(&root);
        let _ = root.present();
    }
    let body = &svg[svg.find('>').map_or(0, |i| i + 1)..];
    compact(body.trim_end().strip_suffix("</svg>").unwrap_or(body))
}

/// plotters' elements, one per line (a label's text and closing tag on lines of their
/// own), written as the module says.
fn compact(body: &str) -> String {
    let (mut shapes, mut labels) = (Layer::default(), Layer::default());
    let mut el = String::new();
    let mut lines = body.lines().filter(|l| !l.is_empty());
    while let Some(line) = lines.next() {
        let is_text = line.starts_with("<text");
        let end = if is_text { ">" } else { "/>" };
        let head = line.strip_suffix(end).unwrap_or(line);
        let tag_end = head.find(' ').unwrap_or(head.len());
        el.clear();
        el.push_str(&head[..tag_end]);
        // Paint first, then the element's own attributes: two passes over its head.
        let attrs = || attributes(&head[tag_end..]).filter(|a| !is_default(*a));
        for (name, value) in attrs().filter(|(n, _)| PAINT.contains(n)) {
            push_attr(&mut el, name, value);
            if name == "fill" && value == BAR_FILL {
                push_attr(&mut el, "stroke", BAR_OUTLINE);
            }
        }
        let paint_end = el.len();
        for (name, value) in attrs().filter(|(n, _)| !PAINT.contains(n)) {
            push_attr(&mut el, name, value);
        }
        el.push_str(end);
        if is_text {
            // The label's text, then `</text>`, each on a line of its own.
            for more in lines.by_ref() {
                el.push_str(more);
                if more == "</text>" {
                    break;
                }
            }
            labels.push(&el, tag_end, paint_end);
        } else {
            shapes.push(&el, tag_end, paint_end);
        }
    }
    let mut out = String::with_capacity(body.len() / 2);
    shapes.drain_into(&mut out);
    labels.drain_into(&mut out);
    out
}

/// The ` name="value"` pairs of an element's head (values never hold a `"`: plotters
/// escapes them).
fn attributes(head: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut parts = head.split('"');
    std::iter::from_fn(move || {
        let name = parts.next()?;
        Some((name.trim_start().trim_end_matches('='), parts.next()?))
    })
}

/// What the root or SVG's defaults already say: fully opaque, no stroke, strokes 1 wide,
/// the root's font family, ink and label size.
fn is_default((name, value): (&str, &str)) -> bool {
    matches!((name, value), ("opacity" | "stroke-width", "1") | ("stroke", "none"))
        || (name == "font-family" && value == super::FONT)
        || (name == "fill" && value == root_paint().fill)
        || (name == "font-size" && value == root_paint().font_size)
}

fn push_attr(el: &mut String, name: &str, value: &str) {
    el.extend([" ", name, "=\"", value, "\""]);
}

/// Elements waiting to be written: their text one after the other, and for each where
/// it starts, where its tag name ends, where its paint ends and where it ends.
#[derive(Default)]
struct Layer {
    text: String,
    elements: Vec<[usize; 4]>,
}

impl Layer {
    fn push(&mut self, el: &str, tag_end: usize, paint_end: usize) {
        let start = self.text.len();
        self.text.push_str(el);
        self.elements.push([start, start + tag_end, start + paint_end, self.text.len()]);
    }

    fn paint(&self, e: &[usize; 4]) -> &str {
        &self.text[e[1]..e[2]]
    }

    /// Writes the waiting elements to `out`: a run of two or more with the same paint
    /// as one `<g>` that has the paint, a lone one (or one without paint) as it is.
    fn drain_into(&mut self, out: &mut String) {
        let mut rest = &self.elements[..];
        while let Some(first) = rest.first() {
            let paint = self.paint(first);
            let run = rest.iter().take_while(|e| self.paint(e) == paint).count();
            let (same, next) = rest.split_at(run);
            if run > 1 && !paint.is_empty() {
                out.extend(["<g", paint, ">"]);
                for e in same {
                    out.extend([&self.text[e[0]..e[1]], &self.text[e[2]..e[3]]]);
                }
                out.push_str("</g>\n");
            } else {
                for e in same {
                    out.extend([&self.text[e[0]..e[3]], "\n"]);
                }
            }
            rest = next;
        }
        self.text.clear();
        self.elements.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::Layer;

    fn drained(elements: &[(&str, &str, &str)]) -> String {
        let mut layer = Layer::default();
        for (tag, paint, own) in elements {
            layer.push(&format!("{tag}{paint}{own}"), tag.len(), tag.len() + paint.len());
        }
        let mut out = String::new();
        layer.drain_into(&mut out);
        assert!(layer.text.is_empty() && layer.elements.is_empty(), "drained");
        out
    }

    #[test]
    fn runs_of_the_same_paint_share_a_group_and_lone_elements_keep_theirs() {
        let a = " fill=\"#88CAEF\"";
        let out = drained(&[
            ("<rect", a, " x=\"1\"/>"),
            ("<rect", a, " x=\"2\"/>"),
            ("<circle", " fill=\"#0072B2\"", " r=\"4\"/>"),
            ("<rect", a, " x=\"3\"/>"),
            ("<text", "", " x=\"5\">a</text>"),
            ("<text", "", " x=\"6\">b</text>"),
        ]);
        assert_eq!(
            out,
            "<g fill=\"#88CAEF\"><rect x=\"1\"/><rect x=\"2\"/></g>\n\
             <circle fill=\"#0072B2\" r=\"4\"/>\n\
             <rect fill=\"#88CAEF\" x=\"3\"/>\n\
             <text x=\"5\">a</text>\n<text x=\"6\">b</text>\n"
        );
        assert_eq!(drained(&[]), "");
    }
}
