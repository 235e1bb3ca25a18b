//! The plotters backend of guatu's charts: SVG elements as plotters' own SVG backend
//! writes them, less what the chart's root element or SVG's defaults already say, and
//! with the bars' outline.
//!
//! Two more things make the SVG smaller without changing the picture: every label is
//! drawn after the shapes (labels over lines and bars, as a reader wants them), and
//! neighbouring elements with the same paint (a run of ticks, of bars, of labels) share
//! it on a `<g>` instead of each repeating it. A board's project charts are a third of
//! its project pages; this takes about a third off each chart.
//!
//! Writing elements this way at once, instead of through plotters' SVG backend and then
//! taking the defaults out again, is the larger part of what a board's project charts
//! cost: that backend builds a `String` for every attribute of every element.

use std::fmt::Write as _;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
    FontTransform,
};

/// Attributes left out because the chart's root sets them (see `accessible`): the font
/// family and the ink colour. The labels' size, [`LABEL_SIZE`], is left out too; and what
/// SVG does by default (fully opaque, no stroke, strokes 1 wide) is never written.
const DROPPED: [(&str, &str); 2] = [("font-family", "sans-serif"), ("fill", INK_FILL)];

/// The ink colour the root sets.
pub(super) const INK_FILL: &str = "#222222";
/// The size plotters gives labels of size 16 (16 / 1.24), which the root sets.
pub(super) const LABEL_SIZE: &str = "12.903225806451614";

/// The fill of the project chart's bars, which get an outline of the Okabe–Ito blue:
/// the light fill alone is 1.8:1 against white, the outline 5.2:1, above the 3:1 that
/// graphics need to be made out (WCAG 1.4.11). plotters draws a shape either filled or
/// outlined; a second, outlined series would cost a tenth of the chart.
const BAR_FILL: &str = "#88CAEF";
const BAR_OUTLINE: &str = "#0072B2";

/// Writes the elements of a chart (no root element) into a string.
///
/// An element's attributes are written paint first (what a `<g>` can give its children:
/// fill, stroke, stroke width, text anchor, font), then its own (place, size, opacity,
/// rotation). Elements wait in two layers, shapes and labels, until [`present`] writes
/// them out (or the backend is dropped).
///
/// [`present`]: DrawingBackend::present
pub struct CompactSvg<'a> {
    out: &'a mut String,
    size: (u32, u32),
    /// The last font size written and how it prints.
    font_size: (f64, String),
    /// The element being written, and where its tag name and its paint end in it.
    el: String,
    tag_end: usize,
    paint_end: usize,
    shapes: Layer,
    labels: Layer,
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
                out.push_str("<g");
                out.push_str(paint);
                out.push('>');
                for e in same {
                    out.push_str(&self.text[e[0]..e[1]]);
                    out.push_str(&self.text[e[2]..e[3]]);
                }
                out.push_str("</g>\n");
            } else {
                for e in same {
                    out.push_str(&self.text[e[0]..e[3]]);
                    out.push('\n');
                }
            }
            rest = next;
        }
        self.text.clear();
        self.elements.clear();
    }
}

impl<'a> CompactSvg<'a> {
    /// A backend drawing a chart of `size` pixels into `out`.
    pub fn new(out: &'a mut String, size: (u32, u32)) -> CompactSvg<'a> {
        CompactSvg {
            out,
            size,
            font_size: (f64::NAN, String::new()),
            el: String::new(),
            tag_end: 0,
            paint_end: 0,
            shapes: Layer::default(),
            labels: Layer::default(),
        }
    }

    /// Starts an element; its paint comes next.
    fn open(&mut self, tag: &str) {
        self.el.clear();
        self.el.push('<');
        self.el.push_str(tag);
        self.tag_end = self.el.len();
    }

    /// Ends the element's paint; its own attributes come next.
    fn own(&mut self) {
        self.paint_end = self.el.len();
    }

    /// Ends a shape.
    fn close(&mut self) {
        self.el.push_str("/>");
        self.shapes.push(&self.el, self.tag_end, self.paint_end);
    }

    /// Writes out the waiting shapes, then the waiting labels.
    fn flush(&mut self) {
        self.shapes.drain_into(self.out);
        self.labels.drain_into(self.out);
    }

    /// One attribute, unless it says what goes without saying.
    fn attr(&mut self, name: &str, value: &str) {
        if DROPPED.iter().any(|&(n, v)| n == name && v == value) {
            return;
        }
        self.name(name);
        escape_into(&mut self.el, value);
        self.el.push('"');
        if name == "fill" && value == BAR_FILL {
            self.el.push_str(" stroke=\"");
            self.el.push_str(BAR_OUTLINE);
            self.el.push('"');
        }
    }

    /// ` name="`, the start of an attribute.
    fn name(&mut self, name: &str) {
        self.el.push(' ');
        self.el.push_str(name);
        self.el.push_str("=\"");
    }

    /// A whole-number attribute (most of a chart's text: every coordinate).
    fn int(&mut self, name: &str, value: impl itoa::Integer) {
        self.name(name);
        self.el.push_str(itoa::Buffer::new().format(value));
        self.el.push('"');
    }

    fn opacity(&mut self, color: BackendColor) {
        if color.alpha != 1.0 {
            let _ = write!(self.el, " opacity=\"{}\"", color.alpha);
        }
    }

    fn color(&mut self, name: &str, color: BackendColor) {
        let (r, g, b) = color.rgb;
        let mut hex = [0u8; 7];
        hex[0] = b'#';
        for (k, v) in [r, g, b].into_iter().enumerate() {
            const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
            hex[1 + 2 * k] = DIGITS[usize::from(v >> 4)];
            hex[2 + 2 * k] = DIGITS[usize::from(v & 15)];
        }
        self.attr(name, std::str::from_utf8(&hex).expect("ASCII"));
    }

    /// A shape filled with `color`, or outlined with it and not filled.
    fn paint(&mut self, color: BackendColor, fill: bool) {
        if fill {
            self.color("fill", color);
        } else {
            self.attr("fill", "none");
            self.color("stroke", color);
        }
    }

    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.el.push_str(" points=\"");
        let mut digits = itoa::Buffer::new();
        for (x, y) in path {
            self.el.push_str(digits.format(x));
            self.el.push(',');
            self.el.push_str(digits.format(y));
            self.el.push(' ');
        }
        self.el.push('"');
    }
}

impl Drop for CompactSvg<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Escapes text and attribute values as plotters does (`'` as `&apos;`).
fn escape_into(out: &mut String, s: &str) {
    crate::chart::escape_runs(s, |run| out.push_str(if run == "&#39;" { "&apos;" } else { run }));
}

impl DrawingBackend for CompactSvg<'_> {
    type ErrorType = std::fmt::Error;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.flush();
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.open("rect");
        self.color("fill", color);
        self.own();
        self.int("x", point.0);
        self.int("y", point.1);
        self.el.push_str(" width=\"1\" height=\"1\"");
        self.opacity(color);
        self.close();
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.open("line");
        self.color("stroke", style.color());
        self.stroke_width(style.stroke_width());
        self.own();
        self.opacity(style.color());
        self.int("x1", from.0);
        self.int("y1", from.1);
        self.int("x2", to.0);
        self.int("y2", to.1);
        self.close();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.open("rect");
        self.paint(style.color(), fill);
        self.own();
        self.int("x", upper_left.0);
        self.int("y", upper_left.1);
        self.int("width", bottom_right.0 - upper_left.0);
        self.int("height", bottom_right.1 - upper_left.1);
        self.opacity(style.color());
        self.close();
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.open("polyline");
        self.attr("fill", "none");
        self.color("stroke", style.color());
        self.stroke_width(style.stroke_width());
        self.own();
        self.opacity(style.color());
        self.points(path);
        self.close();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.open("polygon");
        self.color("fill", style.color());
        self.own();
        self.opacity(style.color());
        self.points(path);
        self.close();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.open("circle");
        self.paint(style.color(), fill);
        self.stroke_width(style.stroke_width());
        self.own();
        self.int("cx", center.0);
        self.int("cy", center.1);
        self.int("r", radius);
        self.opacity(style.color());
        self.close();
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        self.open("text");
        self.attr("text-anchor", anchor);
        self.attr("font-family", style.family().as_str());
        self.font_size(style.size() / 1.24);
        self.color("fill", color);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.attr("font-weight", "bold"),
            other => self.attr("font-style", other.as_str()),
        }
        self.own();
        self.int("x", x);
        self.int("y", y);
        self.attr("dy", dy);
        self.opacity(color);
        let turn = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            FontTransform::None => None,
        };
        if let Some(deg) = turn {
            let _ = write!(self.el, " transform=\"rotate({deg}, {x}, {y})\"");
        }
        self.el.push('>');
        // Labels are one line: a line break in one would only be white space.
        for (k, line) in text.split('\n').enumerate() {
            if k > 0 {
                self.el.push(' ');
            }
            escape_into(&mut self.el, line);
        }
        self.el.push_str("</text>");
        self.labels.push(&self.el, self.tag_end, self.paint_end);
        Ok(())
    }
}

impl CompactSvg<'_> {
    fn stroke_width(&mut self, w: u32) {
        if w != 1 {
            self.int("stroke-width", w);
        }
    }

    /// The font size, as plotters prints it, unless it is the labels' size the root sets.
    fn font_size(&mut self, size: f64) {
        if size.to_bits() != self.font_size.0.to_bits() {
            self.font_size = (size, size.to_string());
        }
        if self.font_size.1 != LABEL_SIZE {
            let _ = write!(self.el, " font-size=\"{}\"", self.font_size.1);
        }
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
