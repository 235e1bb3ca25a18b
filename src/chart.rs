//! Charts as inline SVG, drawn with plotters: deterministic, no fonts or C libraries.
//!
//! Colours follow the Okabe–Ito palette, which stays distinguishable for
//! colour-blind readers; values are also printed, and pages show them as tables.

mod svg;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Bar colour (blue).
const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Time-progress line (vermillion).
const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Its label: a darker vermillion, for text contrast of at least 4.5:1 on white.
const VERMILLION_TEXT: RGBColor = RGBColor(179, 79, 0);
/// The bars of the secondary series: sky blue at 70 % on white, opaque.
const BAR: RGBColor = RGBColor(136, 202, 239);
const GRID: RGBColor = RGBColor(220, 220, 220);
const INK: RGBColor = RGBColor(34, 34, 34);
const FONT: &str = "sans-serif";
/// The size of every label, in plotters' units.
const LABEL_PX: f64 = 16.0;

/// One bar of the district chart.
pub struct Bar<'a> {
    pub label: &'a str,
    /// Completion rate as a fraction, or none.
    pub value: Option<f64>,
    /// The printed value (`72.5%` or `—`).
    pub text: &'a str,
}

/// Text of the district chart.
pub struct DistrictText<'a> {
    /// Title (`<title>`).
    pub title: &'a str,
    /// Description (`<desc>`).
    pub desc: &'a str,
    /// Label of the time-progress line, e.g. `时序进度 83.3%`.
    pub line_label: &'a str,
    /// Element id prefix (unique per page).
    pub id: &'a str,
}

/// The district chart of a month: one bar per district in rank order, labelled with
/// its completion rate, and the time-progress line.
pub fn district_ranking_chart(
    districts: &[crate::metrics::Aggregate],
    time_progress: crate::num::Ratio,
    text: &DistrictText<'_>,
) -> String {
    let _span = crate::timings::Span::named("district_chart");
    let mut ranked: Vec<&crate::metrics::Aggregate> = districts.iter().collect();
    ranked.sort_by_key(|d| d.rank);
    let texts: Vec<String> = ranked.iter().map(|d| crate::format::percent(d.completion_rate)).collect();
    let bars: Vec<Bar<'_>> = ranked
        .iter()
        .zip(&texts)
        .map(|(d, t)| Bar { label: &d.name, value: d.completion_rate.map(super::num::Ratio::to_f64), text: t })
        .collect();
    district_chart(&bars, time_progress.to_f64(), text)
}

/// Horizontal bars of completion rate per district, with the time-progress line.
pub fn district_chart(bars: &[Bar<'_>], time_progress: f64, text: &DistrictText<'_>) -> String {
    let (w, h) = (760u32, 84 + 40 * bars.len().max(1) as u32);
    let max = bars.iter().filter_map(|b| b.value).fold(1.0f64, f64::max).max(time_progress) * 1.12;
    let mut body = svg::draw((w, h), |root| {
        let _ = draw_district(root, bars, time_progress, max, text.line_label);
    });
    body.push_str("</svg>\n");
    accessible(&body, w, h, text.title, text.desc, text.id)
}

fn draw_district<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    bars: &[Bar<'_>],
    t: f64,
    max: f64,
    line_label: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let n = bars.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin_top(40)
        .margin_right(30)
        .margin_bottom(8)
        .x_label_area_size(32)
        .y_label_area_size(190)
        .build_cartesian_2d(0f64..max, 0f64..n)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .max_light_lines(0)
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_labels(6)
        .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .x_label_style((FONT, 17).into_font().color(&INK))
        .axis_style(INK)
        .draw()?;
    let label_style = TextStyle::from((FONT, 19).into_font()).color(&INK).pos(Pos::new(HPos::Right, VPos::Center));
    let outside = TextStyle::from((FONT, 18).into_font()).color(&INK).pos(Pos::new(HPos::Left, VPos::Center));
    let inside = TextStyle::from((FONT, 18).into_font()).color(&WHITE).pos(Pos::new(HPos::Right, VPos::Center));
    let row = |i: usize| n - i as f64;
    let value = |b: &Bar<'_>| b.value.unwrap_or(0.0).max(0.0);
    chart.draw_series(
        bars.iter()
            .enumerate()
            .map(|(i, b)| Rectangle::new([(0.0, row(i) - 0.82), (value(b), row(i) - 0.18)], BLUE.filled())),
    )?;
    // The time-progress line goes over the bars and under the labels: 12 dashes.
    let dash = |k: u32| n * f64::from(k) / 24.0;
    chart.draw_series(
        (0..24).step_by(2).map(|k| PathElement::new(vec![(t, dash(k)), (t, dash(k + 1))], VERMILLION.stroke_width(3))),
    )?;
    for (i, b) in bars.iter().enumerate() {
        let (mid, v) = (row(i) - 0.5, value(b));
        // The value sits inside a long bar (white on blue) and after a short one.
        let (at, style) = if v > max * 0.25 { (v - max * 0.01, &inside) } else { (v + max * 0.01, &outside) };
        chart.draw_series(std::iter::once(Text::new(b.text.to_string(), (at, mid), style.clone())))?;
        let (x, y) = chart.backend_coord(&(0.0, mid));
        root.draw(&Text::new(b.label.to_string(), (x - 8, y), label_style.clone()))?;
    }
    let (x, _) = chart.backend_coord(&(t, n));
    let style =
        TextStyle::from((FONT, 19).into_font()).color(&VERMILLION_TEXT).pos(Pos::new(HPos::Center, VPos::Bottom));
    root.draw(&Text::new(format!("▼ {line_label}"), (x, 34), style))?;
    Ok(())
}

/// One month of a project chart.
pub struct MonthPoint {
    /// Axis label.
    pub label: String,
    /// Percent 0..100, if the month gives one (the line skips months without).
    pub percent: Option<f64>,
    /// Cumulative investment.
    pub cumulative: f64,
}

/// Text of the project chart.
pub struct ProjectText<'a> {
    pub title: &'a str,
    pub desc: &'a str,
    /// Left axis caption.
    pub percent_axis: &'a str,
    /// Right axis caption.
    pub money_axis: &'a str,
    /// Element id prefix.
    pub id: &'a str,
}

/// What a frame depends on: the month labels and the percent axis caption.
type FrameKey = (Vec<String>, String);

/// Size of a project chart.
const PROJECT_SIZE: (u32, u32) = (760, 320);

/// Draws project charts (monthly percent as a line on the left axis, cumulative
/// investment as bars on the right axis), keeping the frame of each month span: the white ground, the
/// percent axis with its grid and the month labels are the same for every project whose
/// entries cover the same months, so plotters draws them once per span instead of once
/// per project. The result is byte for byte the chart drawn in one go.
#[derive(Default)]
pub struct ProjectCharts {
    /// Compacted frame body per (month labels, percent axis caption).
    frames: std::sync::Mutex<std::collections::HashMap<FrameKey, std::sync::Arc<str>>>,
}

impl ProjectCharts {
    /// The chart of `points`.
    pub fn chart(&self, points: &[MonthPoint], text: &ProjectText<'_>) -> String {
        let _span = crate::timings::Span::named("project_chart");
        let frame = self.frame(points, text);
        let figures = svg::draw(PROJECT_SIZE, |root| draw_project_figures(root, points, text));
        let body = format!("{frame}{figures}</svg>\n");
        let (w, h) = PROJECT_SIZE;
        accessible(&body, w, h, text.title, text.desc, text.id)
    }

    fn frame(&self, points: &[MonthPoint], text: &ProjectText<'_>) -> std::sync::Arc<str> {
        let key = (points.iter().map(|p| p.label.clone()).collect::<Vec<_>>(), text.percent_axis.to_string());
        let mut frames = self.frames.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let draw = || svg::draw(PROJECT_SIZE, |root| draw_project_frame(root, points, text)).into();
        frames.entry(key).or_insert_with(draw).clone()
    }
}

/// The chart area of a project chart: month `i` sits at x = `i`, so that plotters' evenly
/// spaced labels land on the months; the right axis runs to 110 % of the largest amount.
fn project_axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    points: &[MonthPoint],
) -> Result<ProjectChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let n = points.len().max(1);
    let max_money = points.iter().map(|p| p.cumulative).fold(0.0f64, f64::max).max(1.0) * 1.1;
    let x_range = -0.5f64..n as f64 - 0.5;
    Ok(ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(56)
        .right_y_label_area_size(84)
        .build_cartesian_2d(x_range.clone(), 0f64..100f64)?
        .set_secondary_coord(x_range, 0f64..max_money))
}

type ProjectChart<'a, DB> = plotters::chart::DualCoordChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// What every project with these months shares: ground, percent axis, grid, month labels.
fn draw_project_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    points: &[MonthPoint],
    text: &ProjectText<'_>,
) {
    let _ = (|| -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        root.fill(&WHITE)?;
        let mut chart = project_axes(root, points)?;
        let n = points.len().max(1);
        let labels: Vec<&str> = points.iter().map(|p| p.label.as_str()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(0)
            .light_line_style(GRID)
            .bold_line_style(GRID)
            .x_labels(n.min(12))
            .x_label_formatter(&|v| {
                let i = v.round();
                #[expect(clippy::cast_sign_loss, reason = "a negative index is refused by the guard below")]
                let at = i as usize;
                match labels.get(at) {
                    Some(label) if (v - i).abs() < 1e-6 && i >= 0.0 => label.to_string(),
                    _ => String::new(),
                }
            })
            .y_labels(6)
            .y_desc(text.percent_axis)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, LABEL_PX).into_font().color(&INK))
            .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
            .axis_style(INK)
            .draw()
    })();
}

/// What is the project's own: the money axis, the bars and the percent line.
fn draw_project_figures<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    points: &[MonthPoint],
    text: &ProjectText<'_>,
) {
    let _ = (|| -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let mut chart = project_axes(root, points)?;
        chart
            .configure_secondary_axes()
            // No labels on the top axis: the project chart has no label area there.
            .x_labels(0)
            .y_desc(text.money_axis)
            .y_labels(6)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, LABEL_PX).into_font().color(&INK))
            .axis_desc_style((FONT, LABEL_PX).into_font().color(&INK))
            .draw()?;
        // Outlined in blue by the backend (see `svg::BAR_FILL`).
        chart.draw_secondary_series(
            points
                .iter()
                .enumerate()
                .map(|(i, p)| Rectangle::new([(i as f64 - 0.3, 0.0), (i as f64 + 0.3, p.cumulative)], BAR.filled())),
        )?;
        chart.draw_series(LineSeries::new(
            points.iter().enumerate().filter_map(|(i, p)| Some((i as f64, p.percent?))),
            BLUE.stroke_width(3),
        ))?;
        chart.draw_series(
            points.iter().enumerate().filter_map(|(i, p)| Some(Circle::new((i as f64, p.percent?), 4, BLUE.filled()))),
        )?;
        Ok(())
    })();
}

/// Makes the SVG scale with its container and gives it a title and description.
/// `body` is the drawing's elements and the closing tag.
fn accessible(body: &str, w: u32, h: u32, title: &str, desc: &str, id: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t\" aria-describedby=\"{id}-d\" font-family=\"{}\" fill=\"{}\" font-size=\"{}\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{body}",
        FONT,
        svg::root_paint().fill,
        svg::root_paint().font_size,
        xml_escape(title),
        xml_escape(desc)
    )
}

/// Escapes text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    escape_runs(s, |run| out.push_str(run));
    out
}

/// Passes `s` to `emit` escaped for XML content and attributes, as runs of text
/// and entities, without building a string.
pub fn escape_runs(s: &str, mut emit: impl FnMut(&str)) {
    let mut last = 0;
    while let Some(j) = first_special(&s.as_bytes()[last..]) {
        let i = last + j;
        emit(&s[last..i]);
        emit(match s.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        last = i + 1;
    }
    emit(&s[last..]);
}

/// Whether `s` has anything to escape.
pub fn needs_escape(s: &str) -> bool {
    first_special(s.as_bytes()).is_some()
}

/// Whether XML text or attributes escape `b`.
fn is_special(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
}

/// The index of the first byte to escape. Eight bytes at a time: every byte to escape is
/// below 0x40, and most of a board's text (Chinese, Latin letters) is not, so a word
/// without a byte below 0x40 is skipped whole.
fn first_special(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = b.chunks_exact(8);
    let mut at = 0;
    for w in words.by_ref() {
        let x = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        // Some byte of x is below 0x40 (exact for thresholds up to 0x80).
        if x.wrapping_sub(ONES * 0x40) & !x & HIGH != 0 {
            if let Some(j) = w.iter().position(|&c| is_special(c)) {
                return Some(at + j);
            }
        }
        at += 8;
    }
    words.remainder().iter().position(|&c| is_special(c)).map(|j| at + j)
}

#[cfg(test)]
mod tests {
    use super::*;

    use plotters::prelude::SVGBackend;

    const T: ProjectText<'static> =
        ProjectText { title: "进度", desc: "说明", percent_axis: "%", money_axis: "万元", id: "pc" };

    /// A one-off project chart, drawn in one go.
    fn project_chart(points: &[MonthPoint], text: &ProjectText<'_>) -> String {
        ProjectCharts::default().chart(points, text)
    }

    /// A drawn element: its tag, the attributes that apply to it, its text.
    type Drawn = (String, Vec<(String, String)>, String);

    /// Every drawn element of an SVG with the attributes that apply to it, inherited from
    /// its `<g>` and root or its own, less SVG's defaults: what a reader sees. Shapes
    /// first, then labels, each in drawing order.
    fn picture(svg: &str) -> Vec<Drawn> {
        fn walk(n: roxmltree::Node<'_, '_>, inherited: &[(String, String)], seen: &mut Vec<(usize, Drawn)>) {
            let mut attrs: Vec<(String, String)> = inherited.to_vec();
            for a in n.attributes() {
                attrs.retain(|(k, _)| k != a.name());
                attrs.push((a.name().to_string(), a.value().to_string()));
            }
            let tag = n.tag_name().name();
            if matches!(tag, "svg" | "g") {
                let keep: Vec<(String, String)> = attrs
                    .into_iter()
                    .filter(|(k, _)| {
                        !matches!(
                            k.as_str(),
                            "viewBox" | "width" | "height" | "class" | "role" | "aria-labelledby" | "aria-describedby"
                        )
                    })
                    .collect();
                for c in n.children().filter(roxmltree::Node::is_element) {
                    walk(c, &keep, seen);
                }
                return;
            }
            if matches!(tag, "title" | "desc") {
                return;
            }
            let defaults = [("opacity", "1"), ("stroke", "none"), ("stroke-width", "1")];
            attrs.retain(|(k, v)| !defaults.contains(&(k.as_str(), v.as_str())));
            // What a shape does not use: font settings, and a line's fill.
            if tag != "text" {
                attrs.retain(|(k, _)| !(k.starts_with("font-") || tag == "line" && k == "fill"));
            }
            attrs.sort();
            let layer = usize::from(tag == "text");
            seen.push((layer, (tag.to_string(), attrs, n.text().unwrap_or_default().trim().to_string())));
        }
        let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
        let mut seen = Vec::new();
        walk(doc.root_element(), &[], &mut seen);
        seen.sort_by_key(|(layer, _)| *layer);
        seen.into_iter().map(|(_, e)| e).collect()
    }

    /// plotters' own SVG of a drawing, with the bars' outline the compaction adds.
    fn plotters_svg(
        size: (u32, u32),
        draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>),
    ) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            draw(&root);
            let _ = root.present();
        }
        svg.replace(" stroke=\"none\"", "").replace("fill=\"#88CAEF\"", "fill=\"#88CAEF\" stroke=\"#0072B2\"")
    }

    #[test]
    fn the_compacted_charts_show_what_plotters_draws() {
        let t =
            ProjectText {
                title: "进度", desc: "说明", percent_axis: "形象进度 %", money_axis: "万元 & 'x'", id: "pc"
            };
        for (n, scale) in [(1, 0.0), (3, 1.0), (7, 13.7), (12, 250.3)] {
            let points: Vec<MonthPoint> = (1..=n)
                .map(|m| MonthPoint {
                    label: format!("{m}月<'&'>"),
                    percent: Some((f64::from(m) * 8.3 * scale).min(100.0)),
                    cumulative: f64::from(m) * 97.1 * scale,
                })
                .collect();
            let chart = project_chart(&points, &t);
            let drawn = plotters_svg(PROJECT_SIZE, |root| {
                draw_project_frame(root, &points, &t);
                draw_project_figures(root, &points, &t);
            });
            assert_eq!(picture(&chart), picture(&drawn), "{n} months");
            assert!(chart.len() * 3 < drawn.len() * 2, "a third smaller at least");
        }
        let bars = [
            Bar { label: "金谷园<街道> & 'x'", value: Some(0.725), text: "72.5%" },
            Bar { label: "王城路街道", value: None, text: "—" },
            Bar { label: "Luolong", value: Some(0.05), text: "5.0%" },
        ];
        let dt = DistrictText { title: "完成率", desc: "说明", line_label: "时序进度 50.0%", id: "dc" };
        for k in 1..=bars.len() {
            let (w, h) = (760u32, 84 + 40 * k as u32);
            let ours = picture(&district_chart(&bars[..k], 0.5, &dt));
            let max = bars[..k].iter().filter_map(|b| b.value).fold(1.0f64, f64::max).max(0.5) * 1.12;
            let theirs = picture(&plotters_svg((w, h), |root| {
                let _ = draw_district(root, &bars[..k], 0.5, max, "时序进度 50.0%");
            }));
            assert_eq!(ours, theirs, "{k} districts");
        }
    }

    #[test]
    fn escaping_matches_a_byte_by_byte_reference_at_every_offset() {
        let naive = |s: &str| {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect::<String>()
        };
        let pieces = ["金谷园", "a", "<", "&", "\"", "'", ">", "12 ", "?", "@"];
        for n in 0..40usize {
            // A deterministic mix of lengths, offsets and multi-byte characters.
            let text: String = (0..n).map(|i| pieces[(i * 7 + n) % pieces.len()]).collect();
            assert_eq!(xml_escape(&text), naive(&text), "{text}");
            assert_eq!(needs_escape(&text), naive(&text) != text, "{text}");
        }
        assert_eq!(xml_escape(""), "");
        assert_eq!(xml_escape("金谷园街道重点项目一二三"), "金谷园街道重点项目一二三");
    }

    #[test]
    fn district_chart_has_bars_line_and_escaped_labels() {
        let bars = [
            Bar { label: "金谷园<街道>", value: Some(0.725), text: "72.5%" },
            Bar { label: "王城路街道", value: None, text: "—" },
        ];
        let t = DistrictText { title: "完成率", desc: "说明", line_label: "时序进度 83.3%", id: "dc" };
        let svg = district_chart(&bars, 10.0 / 12.0, &t);
        assert!(svg.starts_with("<svg xmlns"));
        assert!(svg.contains("<title id=\"dc-t\">完成率</title>"));
        assert!(svg.contains("金谷园&lt;街道&gt;"));
        assert!(svg.contains("时序进度 83.3%"));
        assert!(svg.contains("72.5%"));
        assert!(!svg.contains("<街道>"));
    }

    #[test]
    fn project_chart_names_every_month_under_its_bar() {
        for n in [1, 3, 7] {
            let points: Vec<MonthPoint> = (1..=n)
                .map(|m| MonthPoint { label: format!("{m}月"), percent: Some(10.0), cumulative: 100.0 })
                .collect();
            let svg = project_chart(&points, &T);
            for m in 1..=n {
                assert!(svg.contains(&format!(">{m}月<")), "{n} months: no label {m}月 in {svg}");
            }
        }
        let points: Vec<MonthPoint> = (1..=12)
            .map(|m| MonthPoint {
                label: format!("{m}月"),
                percent: Some(f64::from(m) * 8.0),
                cumulative: f64::from(m) * 900.0,
            })
            .collect();
        let svg = project_chart(&points, &T);
        for m in 1..=12 {
            assert!(svg.contains(&format!(">{m}月<")), "no label {m}月 in {svg}");
        }
        assert!(svg.contains(">10000<") && !svg.contains("10000.0"), "whole money labels: {svg}");
    }

    #[test]
    fn a_shared_frame_gives_each_project_its_own_figures() {
        let months = |scale: f64| -> Vec<MonthPoint> {
            (1..=6)
                .map(|m| MonthPoint {
                    label: format!("{m}月"),
                    percent: Some(f64::from(m) * scale),
                    cumulative: f64::from(m) * 700.0 * scale,
                })
                .collect()
        };
        let charts = ProjectCharts::default();
        let first = charts.chart(&months(2.0), &T);
        let second = charts.chart(&months(15.0), &T);
        assert_eq!(charts.frames.lock().unwrap().len(), 1, "one frame for one month span");
        assert_eq!(first, project_chart(&months(2.0), &T));
        assert_eq!(second, project_chart(&months(15.0), &T));
        assert_ne!(first, second);
        assert_eq!(second.matches("<svg").count(), 1);
        assert!(second.ends_with("</svg>\n"));
        // a different span draws its own frame
        let shorter = charts.chart(&months(2.0)[..3], &T);
        assert!(shorter.contains(">3月<") && !shorter.contains(">4月<"));
        assert_eq!(charts.frames.lock().unwrap().len(), 2);
    }

    /// WCAG relative luminance of `#RRGGBB`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    #[test]
    fn every_project_bar_has_an_outline_of_3_to_1_against_white() {
        let points: Vec<MonthPoint> = (1..=5)
            .map(|m| MonthPoint { label: format!("{m}月"), percent: Some(10.0), cumulative: f64::from(m) * 100.0 })
            .collect();
        let svg = project_chart(&points, &T);
        // A bar is a `<rect>` of its own or one of the rects in a `<g>` that paints them.
        let mut outlines = Vec::new();
        for l in svg.lines() {
            let (paint, rects) = if l.starts_with("<g") {
                (&l[..l.find('>').unwrap()], l.matches("<rect").count())
            } else if l.starts_with("<rect") {
                (l, 1)
            } else {
                continue;
            };
            if paint.contains("fill=\"#88CAEF\"") {
                let at = paint.find("stroke=\"").expect("a bar has an outline") + 8;
                outlines.extend(std::iter::repeat_n(&paint[at..at + 7], rects));
            }
        }
        assert_eq!(outlines.len(), 5, "one outline per bar: {svg}");
        for colour in outlines {
            let contrast = 1.05 / (luminance(colour) + 0.05);
            assert!(contrast >= 3.0, "outline {colour} has {contrast:.2}:1 against white");
        }
    }
}
