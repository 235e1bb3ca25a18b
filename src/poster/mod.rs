//! Poster boards (展板): print-ready sheets at real paper sizes, as SVG from the theme's
//! `poster.svg` template, vector PDF with embedded font subsets (svg2pdf) and PNG
//! previews (resvg). No browser is involved.

pub mod layout;

use anyhow::{anyhow, Result};
use rayon::prelude::*;
use serde::Serialize;

use std::path::PathBuf;

use crate::cache::Cache;
use crate::chart::{self, DistrictText};
use crate::font::{Fonts, Metrics};
use crate::format::{month_label, percent, yi};
use crate::metrics::{Status, Summary};
use crate::model::Board;
use crate::table::{self, Value};
use crate::theme::Theme;
use crate::view::{fill, Labels};
use layout::{CellKind, Frame, Paper, Rect, Row, RowText};

/// One sheet, ready to write.
pub struct SheetFiles {
    /// File stem under `posters/<YYYY-MM>/`, e.g. `A0-landscape-1`.
    pub stem: String,
    /// SVG text.
    pub svg: String,
    /// The PDF, in the render cache.
    pub pdf: PathBuf,
    /// The PNG preview, in the render cache.
    pub png: PathBuf,
}

/// What the poster template receives.
#[derive(Serialize)]
struct SheetView<'a> {
    f: &'a Frame,
    title: &'a str,
    organization: &'a str,
    month_label: String,
    subtitle: String,
    contact: Option<&'a str>,
    columns: Vec<HeadCell>,
    rows: &'a [Row],
    totals: Vec<Total>,
    chart: String,
    qr: Option<Qr>,
    qr_caption: String,
    footer: String,
    family: &'a str,
    font_head_y: f64,
}

#[derive(Serialize)]
struct HeadCell {
    x: f64,
    w: f64,
    text: String,
}

#[derive(Serialize)]
struct Total {
    x: f64,
    y: f64,
    label: String,
    value: String,
    key: String,
}

#[derive(Serialize)]
struct Qr {
    x: f64,
    y: f64,
    size: f64,
    path: String,
    cells: usize,
}

/// Everything one poster set needs.
pub struct PosterInput<'a> {
    /// The board.
    pub board: &'a Board,
    /// Figures of the report month.
    pub summary: &'a Summary,
    /// UI strings.
    pub labels: &'a Labels<'a>,
    /// The theme (template `poster.svg`).
    pub theme: &'a Theme,
    /// Fonts.
    pub fonts: &'a Fonts,
    /// Address the QR code points at, if known.
    pub qr_url: Option<String>,
    /// Where sheets drawn by an earlier build are kept.
    pub cache: &'a Cache,
}

/// One set of sheets: a paper size, and the projects of the board or of one district.
struct Job {
    stem: String,
    paper: Paper,
    projects: Vec<usize>,
    district: Option<String>,
    url: Option<String>,
}

/// Renders every sheet of every configured size, handing each to `write` as soon as
/// it is done (so memory stays flat however many sheets there are).
pub fn render(input: &PosterInput<'_>, write: &(dyn Fn(SheetFiles) -> Result<()> + Sync)) -> Result<()> {
    let board = input.board;
    let mut jobs: Vec<Job> = Vec::new();
    for size in &board.site.poster.sizes {
        let paper = Paper::parse(size).ok_or_else(|| anyhow!("unknown poster size {size}"))?;
        if board.site.poster.by_district {
            for d in &board.site.districts {
                jobs.push(Job {
                    stem: format!("{size}-{}", d.id),
                    paper,
                    projects: ordered(board).into_iter().filter(|&i| board.projects[i].district == d.id).collect(),
                    district: Some(d.name.clone()),
                    url: input.qr_url.as_ref().map(|u| format!("{u}districts/{}/", d.id)),
                });
            }
        } else {
            jobs.push(Job {
                stem: size.clone(),
                paper,
                projects: ordered(board),
                district: None,
                url: input.qr_url.clone(),
            });
        }
    }
    jobs.par_iter().try_for_each(|j| sheet_set(input, j, write))
}

/// Projects in district order, then by id.
fn ordered(board: &Board) -> Vec<usize> {
    let rank = |d: &str| board.site.districts.iter().position(|x| x.id == d).unwrap_or(usize::MAX);
    let mut idx: Vec<usize> = (0..board.projects.len()).collect();
    idx.sort_by(|&a, &b| {
        (rank(&board.projects[a].district), &board.projects[a].id)
            .cmp(&(rank(&board.projects[b].district), &board.projects[b].id))
    });
    idx
}

fn row_text(input: &PosterInput<'_>, seq: usize, i: usize) -> RowText {
    let (p, m) = (&input.board.projects[i], &input.summary.projects[i]);
    let cell = |v: Value<'_>| {
        let kind = match v {
            Value::Progress(..) => CellKind::Bar,
            Value::Status(_) => CellKind::Status,
            _ => CellKind::Text,
        };
        (kind, v.text(input.board, input.labels))
    };
    let mut cells = vec![(CellKind::Text, seq.to_string())];
    cells.extend(table::poster().map(|(c, _)| cell((c.value)(p, m))));
    RowText {
        cells,
        percent: m.percent.map_or(0.0, |p| p.to_f64().clamp(0.0, 100.0)),
        status: m.status.key().to_string(),
    }
}

fn sheet_set(input: &PosterInput<'_>, job: &Job, write: &(dyn Fn(SheetFiles) -> Result<()> + Sync)) -> Result<()> {
    let (stem, paper, idx, district, url) =
        (&job.stem, job.paper, &job.projects, job.district.as_deref(), job.url.as_deref());
    let options = &input.board.site.poster;
    let per_sheet = options.rows_per_sheet as usize;
    let max_sheets = options.max_sheets.max(1) as usize;
    let lay = |idx: &[usize]| {
        let rows: Vec<RowText> = idx.iter().enumerate().map(|(k, &i)| row_text(input, k + 1, i)).collect();
        let f = layout::best_frame(paper, &rows, per_sheet, input.fonts.metrics());
        let pages = layout::paginate(&f, &rows, per_sheet, input.fonts.metrics());
        (f, pages)
    };
    // A sheet holds at most `per_sheet` rows: more projects than the sheets' rows surely
    // overflow them, without laying them out in district order first.
    let laid = (idx.len() <= max_sheets * per_sheet).then(|| lay(idx));
    let (f, pages, omitted) = match laid {
        Some((f, pages)) if pages.len() <= max_sheets => (f, pages, 0),
        _ => {
            // More projects than the set's sheets hold: the ones that need attention first.
            let (f, mut pages) = lay(&supervision_order(input, idx));
            pages.truncate(max_sheets);
            let shown = pages.iter().map(Vec::len).sum::<usize>();
            (f, pages, idx.len() - shown)
        }
    };
    let note = (omitted > 0).then(|| fill(input.labels.text("poster", "omitted"), &[("n", &omitted.to_string())]));
    let n = pages.len();
    pages.par_iter().enumerate().try_for_each(|(k, page)| {
        let svg = sheet_svg(input, &f, page, (k + 1, n), district, url, note.as_deref())?;
        let key = input.cache.key("poster", &[input.fonts.hash(), svg.as_bytes()]);
        let [pdf, png] = input.cache.files(&key, ["pdf", "png"], || {
            let (pdf, png) = convert(&svg, input.fonts)?;
            Ok([pdf, png])
        })?;
        write(SheetFiles { stem: format!("{stem}-{}", k + 1), svg, pdf, png })
    })
}

/// `idx` with red projects first, then yellow, on schedule and done, each in the order
/// `idx` has them.
fn supervision_order(input: &PosterInput<'_>, idx: &[usize]) -> Vec<usize> {
    let rank = |i: usize| match input.summary.projects[i].status {
        Status::Red => 0,
        Status::Yellow => 1,
        Status::Green => 2,
        Status::Done => 3,
    };
    let mut v = idx.to_vec();
    v.sort_by_key(|&i| rank(i));
    v
}

/// One sheet's SVG: sheet `no` of `of`, with `note` (projects left out) in its footer.
fn sheet_svg(
    input: &PosterInput<'_>,
    f: &Frame,
    rows: &[Row],
    (no, of): (usize, usize),
    district: Option<&str>,
    url: Option<&str>,
    note: Option<&str>,
) -> Result<String> {
    let board = input.board;
    let l = input.labels;
    let s = input.summary;
    let month = month_label(s.month, l);
    let heads = std::iter::once(l.get("poster", "seq")).chain(table::poster().map(|(c, _)| c.heading(l)));
    let columns =
        layout::columns(f.table).into_iter().zip(heads).map(|(c, text)| HeadCell { x: c.x, w: c.w, text }).collect();
    let subtitle = match district {
        Some(d) => format!("{} · {d} · {} {month}", board.site.organization, as_of(l)),
        None => format!("{} · {} {month}", board.site.organization, as_of(l)),
    };
    let (chart, totals, qr) = panel(input, f, url);
    let mut footer = format!("{} {month} · {} {no} / {of} · guatu", as_of(l), l.get("poster", "sheet"));
    if let Some(note) = note {
        footer = format!("{note} · {footer}");
    }
    let view = SheetView {
        f,
        title: &board.site.title,
        organization: &board.site.organization,
        month_label: month,
        subtitle,
        contact: board.site.contact.as_deref(),
        columns,
        rows,
        totals,
        chart,
        qr,
        qr_caption: l.get("poster", "qr"),
        footer,
        family: input.fonts.family(),
        font_head_y: f.table.y + layout::header_height(f) * 0.64,
    };
    let ctx = tera::Context::from_serialize(&crate::view::whole_numbers(&view)?)?;
    input
        .theme
        .tera
        .render("poster.svg", &ctx)
        .map_err(|e| anyhow!("rendering poster.svg: {}", crate::theme::error_chain(&e)))
}

fn as_of(l: &Labels<'_>) -> String {
    l.get_top("as_of")
}

/// The side (or bottom) panel: district chart, totals, QR code.
fn panel(input: &PosterInput<'_>, f: &Frame, url: Option<&str>) -> (String, Vec<Total>, Option<Qr>) {
    let s = input.summary;
    let l = input.labels;
    let p = f.panel;
    let sc = f.scale;
    let tp = percent(Some(s.time_progress));
    let title = l.get("home", "district_chart");
    let line = format!("{} {tp}", l.get("chart", "time_progress"));
    let svg = chart::district_ranking_chart(
        &s.districts,
        s.time_progress,
        &DistrictText { title: &title, desc: &title, line_label: &line, id: "pc" },
    );
    let (vw, vh) = (760.0, 84.0 + 40.0 * s.districts.len().max(1) as f64);
    let landscape = f.paper.is_landscape();
    let chart_w = if landscape { p.w } else { p.w * 0.5 };
    let chart_h = (chart_w * vh / vw).min(if landscape { p.h * 0.55 } else { p.h - 14.0 * sc });
    let chart_w = chart_h * vw / vh;
    let cy = p.y + 12.0 * sc;
    let chart = place(&svg, Rect { x: p.x, y: cy, w: chart_w, h: chart_h });
    let t = &s.totals;
    let items = [
        ("projects", l.get("kpi", "projects"), t.projects.to_string()),
        ("started", l.get("kpi", "started"), t.started.to_string()),
        ("annual_plan", l.get("kpi", "annual_plan"), format!("{} {}", yi(t.annual_plan), l.get("kpi", "yi"))),
        ("ytd", l.get("kpi", "ytd_invested"), format!("{} {}", yi(t.ytd_invested), l.get("kpi", "yi"))),
        (
            "rate",
            format!("{} / {}", l.get("kpi", "completion_rate"), l.get("kpi", "time_progress")),
            format!("{} / {tp}", percent(t.completion_rate)),
        ),
        ("red", l.get("status", "red"), t.status.red.to_string()),
        ("yellow", l.get("status", "yellow"), t.status.yellow.to_string()),
        ("green", l.get("status", "green"), t.status.green.to_string()),
        ("done", l.get("status", "done"), t.status.done.to_string()),
    ];
    let (tx, ty0, tw) = if landscape {
        (p.x, cy + chart_h + 14.0 * sc, p.w)
    } else {
        (p.x + chart_w + 12.0 * sc, p.y + 12.0 * sc, p.w - chart_w - 12.0 * sc)
    };
    let step = f.body * 1.9;
    let totals = items
        .into_iter()
        .enumerate()
        .map(|(k, (key, label, value))| Total {
            x: tx,
            y: ty0 + step * (k as f64 + 1.0),
            label,
            value,
            key: key.to_string(),
        })
        .collect();
    let _ = tw;
    let qr = url
        .and_then(|u| qr(u, Rect { x: p.x + p.w - 62.0 * sc, y: p.y + p.h - 62.0 * sc, w: 62.0 * sc, h: 62.0 * sc }));
    (chart, totals, qr)
}

/// Puts a standalone SVG (with a viewBox) into the rectangle `r`.
fn place(svg: &str, r: Rect) -> String {
    svg.replacen(
        "<svg ",
        &format!("<svg x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" ", r.x, r.y, r.w, r.h),
        1,
    )
}

/// A vector QR code: one path of dark modules, with a quiet zone inside `r`.
fn qr(url: &str, r: Rect) -> Option<Qr> {
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let mut path = String::new();
    for (k, c) in code.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark {
            path.push_str(&format!("M{} {}h1v1h-1z", k % n + 4, k / n + 4));
        }
    }
    Some(Qr { x: r.x, y: r.y, size: r.w, path, cells: n + 8 })
}

/// SVG → vector PDF at true size (96 dpi, as usvg reads mm) and a PNG preview.
pub fn convert(svg: &str, fonts: &Fonts) -> Result<(Vec<u8>, Vec<u8>)> {
    let tree = usvg::Tree::from_str(svg, &fonts.options()).map_err(|e| anyhow!("poster SVG: {e}"))?;
    let pdf = svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions { dpi: 96.0 })
        .map_err(|e| anyhow!("poster PDF: {e}"))?;
    let pdf = canonical_pdf(pdf);
    Ok((pdf, preview_png(&tree)?))
}

/// Longest side of a poster preview, in pixels.
const PREVIEW_PX: f32 = 1600.0;

/// An opaque RGB preview, compressed fast: it is for screens, the PDF is for print.
fn preview_png(tree: &usvg::Tree) -> Result<Vec<u8>> {
    let size = tree.size();
    encode_png(tree, PREVIEW_PX / size.width().max(size.height()))
}

/// Renders `tree` at `scale` on white and encodes an RGB PNG, compressed fast.
pub(crate) fn encode_png(tree: &usvg::Tree, scale: f32) -> Result<Vec<u8>> {
    use image::ImageEncoder as _;
    let size = tree.size();
    #[expect(clippy::cast_sign_loss, reason = "a tree's size and the scale are positive")]
    let (w, h) = ((size.width() * scale).round() as u32, (size.height() * scale).round() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or_else(|| anyhow!("poster preview size"))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    // The background is opaque, so premultiplied and straight RGBA agree: drop alpha.
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut png,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Sub,
    )
    .write_image(&rgb, w, h, image::ExtendedColorType::Rgb8)?;
    Ok(png)
}

/// svg2pdf writes resource dictionaries (`/fo0 1 0 R`, …) in hash order, so the same
/// poster can come out in different bytes. Sorting every run of such entry lines
/// outside streams keeps every byte offset (the lines only change places) and makes
/// the file the same on every run.
pub fn canonical_pdf(mut pdf: Vec<u8>) -> Vec<u8> {
    let mut i = 0;
    let mut out_of_stream = Vec::new();
    while i < pdf.len() {
        let rest = &pdf[i..];
        match find(rest, b"stream\n") {
            Some(k) if k == 0 || rest[k - 1] != b'd' => {
                out_of_stream.push((i, i + k));
                let after = i + k + 7;
                i = find(&pdf[after..], b"\nendstream").map_or(pdf.len(), |e| after + e + 10);
            }
            Some(k) => i += k + 7,
            None => {
                out_of_stream.push((i, pdf.len()));
                break;
            }
        }
    }
    for (a, b) in out_of_stream {
        sort_entry_runs(&mut pdf[a..b]);
    }
    pdf
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Sorts runs of consecutive lines of the form `<indent>/<name> <n> 0 R`.
fn sort_entry_runs(part: &mut [u8]) {
    let is_entry = |l: &[u8]| {
        let t = l.trim_ascii_start();
        t.first() == Some(&b'/') && t.ends_with(b" 0 R") && t.iter().filter(|c| **c == b' ').count() == 3
    };
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (k, c) in part.iter().enumerate() {
        if *c == b'\n' {
            lines.push((start, k));
            start = k + 1;
        }
    }
    let mut r = 0;
    while r < lines.len() {
        let mut e = r;
        while e < lines.len() && is_entry(&part[lines[e].0..lines[e].1]) {
            e += 1;
        }
        if e - r > 1 {
            let (from, to) = (lines[r].0, lines[e - 1].1);
            let mut run: Vec<Vec<u8>> = lines[r..e].iter().map(|(a, b)| part[*a..*b].to_vec()).collect();
            run.sort();
            let joined = run.join(&b'\n');
            part[from..to].copy_from_slice(&joined);
        }
        r = e.max(r + 1);
    }
}

/// Characters of the poster texts that the font cannot show, with where they come from.
pub fn missing_glyphs(board: &Board, m: &Metrics) -> Vec<(String, String, char)> {
    let mut out = Vec::new();
    for p in &board.projects {
        let notes = p.progress.iter().filter_map(|e| e.note.as_deref());
        for (field, text) in [("name", p.name.as_str()), ("leader", &p.leader), ("unit", &p.unit)]
            .into_iter()
            .chain(notes.map(|n| ("note", n)))
        {
            if let Some(c) = text.chars().find(|c| !m.has(*c)) {
                out.push((p.id.clone(), field.to_string(), c));
            }
        }
    }
    out
}
