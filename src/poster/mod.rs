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
use crate::metrics::Summary;
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
    pub board: &'a Board,
    /// Figures of the report month.
    pub summary: &'a Summary,
    pub labels: &'a Labels<'a>,
    /// The theme (template `poster.svg`).
    pub theme: &'a Theme,
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
    let (all, mut jobs) = (ordered(board), Vec::new());
    for size in &board.site.poster.sizes {
        let paper = Paper::parse(size).ok_or_else(|| anyhow!("unknown poster size {size}"))?;
        if !board.site.poster.by_district {
            jobs.push(Job {
                stem: size.clone(),
                paper,
                projects: all.clone(),
                district: None,
                url: input.qr_url.clone(),
            });
            continue;
        }
        jobs.extend(board.site.districts.iter().map(|d| Job {
            stem: format!("{size}-{}", d.id),
            paper,
            projects: all.iter().copied().filter(|&i| board.projects[i].district == d.id).collect(),
            district: Some(d.name.clone()),
            url: input.qr_url.as_ref().map(|u| format!("{u}districts/{}/", d.id)),
        }));
    }
    jobs.par_iter().try_for_each(|j| sheet_set(input, j, write))
}

/// Projects in district order, then by id.
fn ordered(board: &Board) -> Vec<usize> {
    let rank = |d: &str| board.site.districts.iter().position(|x| x.id == d).unwrap_or(usize::MAX);
    let mut idx: Vec<usize> = (0..board.projects.len()).collect();
    idx.sort_by_key(|&i| (rank(&board.projects[i].district), &board.projects[i].id));
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
    let (per_sheet, max_sheets) = (options.rows_per_sheet as usize, options.max_sheets.max(1) as usize);
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
            // More projects than the set's sheets hold: the ones that need attention first,
            // red, yellow, on schedule, done, each in district order (the sort is stable).
            let mut order = idx.clone();
            order.sort_by_key(|&i| input.summary.projects[i].status.attention());
            let (f, mut pages) = lay(&order);
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
        let [pdf, png] = input.cache.files(&key, ["pdf", "png"], || convert(&svg, input.fonts).map(|(a, b)| [a, b]))?;
        write(SheetFiles { stem: format!("{stem}-{}", k + 1), svg, pdf, png })
    })
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
    let (board, l, s) = (input.board, input.labels, input.summary);
    let (month, as_of) = (month_label(s.month, l), l.get_top("as_of"));
    let heads = std::iter::once(l.get("poster", "seq")).chain(table::poster().map(|(c, _)| c.heading(l)));
    let columns =
        layout::columns(f.table).into_iter().zip(heads).map(|(c, text)| HeadCell { x: c.x, w: c.w, text }).collect();
    let district = district.map(|d| format!(" · {d}")).unwrap_or_default();
    let subtitle = format!("{}{district} · {as_of} {month}", board.site.organization);
    let (chart, totals, qr) = panel(input, f, url);
    let note = note.map(|n| format!("{n} · ")).unwrap_or_default();
    let footer = format!("{note}{as_of} {month} · {} {no} / {of} · guatu", l.get("poster", "sheet"));
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

/// The side (or bottom) panel: district chart, totals, QR code.
fn panel(input: &PosterInput<'_>, f: &Frame, url: Option<&str>) -> (String, Vec<Total>, Option<Qr>) {
    let (s, l, p, sc) = (input.summary, input.labels, f.panel, f.scale);
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
    // The chart, a standalone SVG with a viewBox, placed in its rectangle.
    let at = format!("<svg x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" ", p.x, cy, chart_w, chart_h);
    let chart = svg.replacen("<svg ", &at, 1);
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
    let (tx, ty0) =
        if landscape { (p.x, cy + chart_h + 14.0 * sc) } else { (p.x + chart_w + 12.0 * sc, p.y + 12.0 * sc) };
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
    let qr = url
        .and_then(|u| qr(u, Rect { x: p.x + p.w - 62.0 * sc, y: p.y + p.h - 62.0 * sc, w: 62.0 * sc, h: 62.0 * sc }));
    (chart, totals, qr)
}

/// A vector QR code: one path of dark modules, with a quiet zone inside `r`.
fn qr(url: &str, r: Rect) -> Option<Qr> {
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let dark = code.to_colors().into_iter().enumerate().filter(|(_, c)| *c == qrcode::Color::Dark);
    let path = dark.map(|(k, _)| format!("M{} {}h1v1h-1z", k % n + 4, k / n + 4)).collect();
    Some(Qr { x: r.x, y: r.y, size: r.w, path, cells: n + 8 })
}

/// SVG → vector PDF at true size (96 dpi, as usvg reads mm) and a PNG preview.
pub fn convert(svg: &str, fonts: &Fonts) -> Result<(Vec<u8>, Vec<u8>)> {
    let tree = usvg::Tree::from_str(svg, &fonts.options()).map_err(|e| anyhow!("poster SVG: {e}"))?;
    let pdf = svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions { dpi: 96.0 })
        .map_err(|e| anyhow!("poster PDF: {e}"))?;
    let size = tree.size();
    Ok((canonical_pdf(pdf), encode_png(&tree, PREVIEW_PX / size.width().max(size.height()))?))
}

/// Longest side of a poster preview, in pixels.
const PREVIEW_PX: f32 = 1600.0;

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
    let ends = part.iter().enumerate().filter(|(_, c)| **c == b'\n').map(|(k, _)| k);
    let lines: Vec<(usize, usize)> = ends.scan(0, |start, k| Some((std::mem::replace(start, k + 1), k))).collect();
    let runs: Vec<&[(usize, usize)]> = (lines.chunk_by(|a, b| is_entry(&part[a.0..a.1]) && is_entry(&part[b.0..b.1])))
        .filter(|run| run.len() > 1)
        .collect();
    for run in runs {
        let mut entries: Vec<Vec<u8>> = run.iter().map(|&(a, b)| part[a..b].to_vec()).collect();
        entries.sort();
        part[run[0].0..run[run.len() - 1].1].copy_from_slice(&entries.join(&b'\n'));
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
