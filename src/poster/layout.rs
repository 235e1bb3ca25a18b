//! Poster geometry: where every band, table cell and text line goes, in millimetres.
//!
//! Pure functions of the rows, the paper and the font metrics, so that "no text leaves
//! its cell" is a property of this module and is unit-tested here.

use serde::Serialize;

use crate::font::Metrics;
use crate::table::{self, OnPoster};

/// A paper size in millimetres.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Paper {
    pub w: f64,
    pub h: f64,
}

impl Paper {
    /// `A0-landscape`, `A3-portrait`, …
    pub fn parse(name: &str) -> Option<Paper> {
        let (size, orient) = name.split_once('-')?;
        let (long, short) = match size {
            "A0" => (1189.0, 841.0),
            "A1" => (841.0, 594.0),
            "A2" => (594.0, 420.0),
            "A3" => (420.0, 297.0),
            _ => return None,
        };
        match orient {
            "landscape" => Some(Paper { w: long, h: short }),
            "portrait" => Some(Paper { w: short, h: long }),
            _ => None,
        }
    }

    /// Type scale: 1 at A0, in proportion to the short side.
    pub fn scale(self) -> f64 {
        self.w.min(self.h) / 841.0
    }

    /// Landscape sheets put the chart panel at the right, portrait ones at the bottom.
    pub fn is_landscape(self) -> bool {
        self.w >= self.h
    }
}

/// A rectangle in millimetres.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The fixed bands of a sheet.
#[derive(Clone, Debug, Serialize)]
pub struct Frame {
    pub paper: Paper,
    pub scale: f64,
    pub margin: f64,
    pub header: Rect,
    pub table: Rect,
    pub panel: Rect,
    pub footer: Rect,
    /// Body text size (mm).
    pub body: f64,
    /// Table header text size (mm).
    pub head: f64,
    /// Title size (mm).
    pub title: f64,
    /// Subtitle size (mm).
    pub subtitle: f64,
}

/// Body text at A0: 7 mm ≈ 20 pt (the floor for 2–3 m reading is 14 pt ≈ 4.9 mm).
pub const BODY_AT_A0: f64 = 7.0;

/// The largest body size (from 12 mm down to [`BODY_AT_A0`], at A0) at which the
/// first sheet still holds all the rows it should: large type for few rows.
pub fn best_frame(paper: Paper, rows: &[RowText], per_sheet: usize, m: &Metrics) -> Frame {
    let want = rows.len().min(per_sheet);
    for body in [12.0, 11.0, 10.0, 9.0, 8.0] {
        let f = frame_with(paper, body);
        if paginate(&f, rows, per_sheet, m).first().map_or(0, Vec::len) >= want {
            return f;
        }
    }
    frame_with(paper, BODY_AT_A0)
}

/// Lays out the fixed bands of a sheet for body text of `body` mm at A0.
pub fn frame_with(paper: Paper, body: f64) -> Frame {
    let s = paper.scale();
    let margin = 18.0 * s;
    let header = Rect { x: margin, y: margin, w: paper.w - 2.0 * margin, h: 78.0 * s };
    let footer_h = 14.0 * s;
    let footer = Rect { x: margin, y: paper.h - margin - footer_h, w: header.w, h: footer_h };
    let top = header.y + header.h + 8.0 * s;
    let bottom = footer.y - 6.0 * s;
    let gap = 12.0 * s;
    let (table, panel) = if paper.is_landscape() {
        let pw = (header.w * 0.29).round();
        (
            Rect { x: margin, y: top, w: header.w - pw - gap, h: bottom - top },
            Rect { x: paper.w - margin - pw, y: top, w: pw, h: bottom - top },
        )
    } else {
        let ph = ((bottom - top) * 0.30).round();
        (
            Rect { x: margin, y: top, w: header.w, h: bottom - top - ph - gap },
            Rect { x: margin, y: bottom - ph, w: header.w, h: ph },
        )
    };
    Frame {
        paper,
        scale: s,
        margin,
        header,
        table,
        panel,
        footer,
        body: body * s,
        head: body * 1.05 * s,
        title: 24.0 * s,
        subtitle: 10.0 * s,
    }
}

/// One project row's content: a text for every column, with what the cell shows.
#[derive(Clone, Debug)]
pub struct RowText {
    pub cells: Vec<(CellKind, String)>,
    /// The bar's length, 0–100.
    pub percent: f64,
    pub status: String,
}

/// What a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CellKind {
    Text,
    Bar,
    Status,
}

/// A laid-out cell: its box and its lines, each line with its baseline.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub kind: CellKind,
    pub rect: Rect,
    pub size: f64,
    pub lines: Vec<Line>,
    pub center: bool,
}

/// One line of text with its baseline position and measured width.
#[derive(Clone, Debug, Serialize)]
pub struct Line {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub text: String,
}

/// A laid-out row.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub rect: Rect,
    pub cells: Vec<Cell>,
    pub status: String,
    pub percent: f64,
    pub even: bool,
}

/// A table column's place: its x position and width, and how its text is set.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub x: f64,
    pub w: f64,
    pub on: OnPoster,
}

/// The columns: the row number, then those of [`crate::table`] that are on the poster.
pub fn columns(table: Rect) -> Vec<Column> {
    let mut x = table.x;
    std::iter::once(table::ROW_NUMBER)
        .chain(table::poster().map(|(_, on)| on))
        .map(|on| {
            let w = table.w * on.share;
            let col = Column { x, w, on };
            x += w;
            col
        })
        .collect()
}

/// The header row's height.
pub fn header_height(f: &Frame) -> f64 {
    f.head * 2.2
}

/// Lays out rows into sheets: at most `per_sheet` rows, and only as many as fit.
pub fn paginate(f: &Frame, rows: &[RowText], per_sheet: usize, m: &Metrics) -> Vec<Vec<Row>> {
    let cols = columns(f.table);
    let mut sheets: Vec<Vec<Row>> = Vec::new();
    let mut current: Vec<Row> = Vec::new();
    let top = f.table.y + header_height(f);
    let mut y = top;
    for (i, r) in rows.iter().enumerate() {
        let mut row = lay_row(f, &cols, r, y, m);
        let full = current.len() >= per_sheet || (y + row.rect.h > f.table.y + f.table.h && !current.is_empty());
        if full {
            sheets.push(std::mem::take(&mut current));
            y = top;
            row = lay_row(f, &cols, r, y, m);
        }
        row.even = i % 2 == 1;
        y += row.rect.h;
        current.push(row);
    }
    if !current.is_empty() || sheets.is_empty() {
        sheets.push(current);
    }
    sheets
}

fn lay_row(f: &Frame, cols: &[Column], r: &RowText, y: f64, m: &Metrics) -> Row {
    let pad = f.body * 0.45;
    // Fit every text cell: shrink to 80 % before cutting the last line with "…".
    let fitted: Vec<Option<(f64, Vec<String>)>> = r
        .cells
        .iter()
        .zip(cols)
        .map(|((kind, t), c)| (*kind == CellKind::Text).then(|| fit(t, c.w - 2.0 * pad, f.body, c.on.lines, m)))
        .collect();
    let line_h = |size: f64| size * 1.3;
    let content_h =
        fitted.iter().flatten().map(|(size, lines)| line_h(*size) * lines.len() as f64).fold(line_h(f.body), f64::max);
    let h = content_h + 2.0 * pad;
    let cells = (r.cells.iter().zip(cols).zip(fitted))
        .map(|(((kind, text), c), fitted)| {
            let (x, w, kind, center) = (c.x, c.w, *kind, c.on.centred);
            let (size, lines) = fitted.unwrap_or_else(|| (f.body, vec![text.clone()]));
            let first = y + (h - line_h(size) * lines.len() as f64) / 2.0 + size;
            let lines = (0u32..)
                .zip(lines)
                .map(|(k, text)| {
                    let width = m.width(&text, size);
                    let lx = if center || kind != CellKind::Text { x + (w - width) / 2.0 } else { x + pad };
                    Line { x: lx, y: first + line_h(size) * f64::from(k), width, text }
                })
                .collect();
            Cell { kind, rect: Rect { x, y, w, h }, size, lines, center }
        })
        .collect();
    Row {
        rect: Rect { x: cols[0].x, y, w: f.table.w, h },
        cells,
        status: r.status.clone(),
        percent: r.percent,
        even: false,
    }
}

/// Wraps `text` into at most `max_lines` lines of `width`, shrinking the size down to
/// 80 % first and then ending the last line with "…".
pub fn fit(text: &str, width: f64, size: f64, max_lines: usize, m: &Metrics) -> (f64, Vec<String>) {
    for step in 0..=4 {
        let s = size * (1.0 - 0.05 * f64::from(step));
        let lines = m.wrap(text, s, width);
        if lines.len() <= max_lines {
            return (s, lines);
        }
    }
    let s = size * 0.8;
    let mut lines = m.wrap(text, s, width);
    lines.truncate(max_lines);
    if let Some(last) = lines.last_mut() {
        while !last.is_empty() && m.width(&format!("{last}…"), s) > width {
            last.pop();
        }
        last.push('…');
    }
    (s, lines)
}
