//! The plotters backend of guatu's charts: SVG elements as plotters' own SVG backend
//! writes them, less what the chart's root element or SVG's defaults already say, and
//! with the bars' outline.
//!
//! Writing them this way at once, instead of through plotters' SVG backend and then
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
pub struct CompactSvg<'a> {
    out: &'a mut String,
    size: (u32, u32),
    /// The last font size written and how it prints.
    font_size: (f64, String),
}

impl<'a> CompactSvg<'a> {
    /// A backend drawing a chart of `size` pixels into `out`.
    pub fn new(out: &'a mut String, size: (u32, u32)) -> CompactSvg<'a> {
        CompactSvg { out, size, font_size: (f64::NAN, String::new()) }
    }

    fn open(&mut self, tag: &str) {
        self.out.push('<');
        self.out.push_str(tag);
    }

    /// One attribute, unless it says what goes without saying.
    fn attr(&mut self, name: &str, value: &str) {
        if DROPPED.iter().any(|&(n, v)| n == name && v == value) {
            return;
        }
        self.name(name);
        escape_into(self.out, value);
        self.out.push('"');
        if name == "fill" && value == BAR_FILL {
            self.out.push_str(" stroke=\"");
            self.out.push_str(BAR_OUTLINE);
            self.out.push('"');
        }
    }

    /// ` name="`, the start of an attribute.
    fn name(&mut self, name: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
    }

    /// A whole-number attribute (most of a chart's text: every coordinate).
    fn int(&mut self, name: &str, value: impl itoa::Integer) {
        self.name(name);
        self.out.push_str(itoa::Buffer::new().format(value));
        self.out.push('"');
    }

    fn opacity(&mut self, color: BackendColor) {
        if color.alpha != 1.0 {
            let _ = write!(self.out, " opacity=\"{}\"", color.alpha);
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
        self.out.push_str(" points=\"");
        let mut digits = itoa::Buffer::new();
        for (x, y) in path {
            self.out.push_str(digits.format(x));
            self.out.push(',');
            self.out.push_str(digits.format(y));
            self.out.push(' ');
        }
        self.out.push('"');
    }

    fn close(&mut self) {
        self.out.push_str("/>\n");
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
        self.int("x", point.0);
        self.int("y", point.1);
        self.out.push_str(" width=\"1\" height=\"1\"");
        self.opacity(color);
        self.color("fill", color);
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
        self.opacity(style.color());
        self.color("stroke", style.color());
        self.stroke_width(style.stroke_width());
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
        self.int("x", upper_left.0);
        self.int("y", upper_left.1);
        self.int("width", bottom_right.0 - upper_left.0);
        self.int("height", bottom_right.1 - upper_left.1);
        self.opacity(style.color());
        self.paint(style.color(), fill);
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
        self.opacity(style.color());
        self.color("stroke", style.color());
        self.stroke_width(style.stroke_width());
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
        self.opacity(style.color());
        self.color("fill", style.color());
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
        self.int("cx", center.0);
        self.int("cy", center.1);
        self.int("r", radius);
        self.opacity(style.color());
        self.paint(style.color(), fill);
        self.stroke_width(style.stroke_width());
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
        self.int("x", x);
        self.int("y", y);
        let _ = write!(self.out, " dy=\"{dy}\" text-anchor=\"{anchor}\"");
        self.attr("font-family", style.family().as_str());
        self.font_size(style.size() / 1.24);
        self.opacity(color);
        self.color("fill", color);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.attr("font-weight", "bold"),
            other => self.attr("font-style", other.as_str()),
        }
        let turn = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            FontTransform::None => None,
        };
        if let Some(deg) = turn {
            let _ = write!(self.out, " transform=\"rotate({deg}, {x}, {y})\"");
        }
        self.out.push('>');
        // Labels are one line: a line break in one would only be white space.
        for (k, line) in text.split('\n').enumerate() {
            if k > 0 {
                self.out.push(' ');
            }
            escape_into(self.out, line);
        }
        self.out.push_str("</text>\n");
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
            let _ = write!(self.out, " font-size=\"{}\"", self.font_size.1);
        }
    }
}
