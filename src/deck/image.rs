//! The display's slides as 1920×1080 PNG images, for signage players that show
//! pictures only: the theme's `display-slide.svg` drawn natively (resvg, the poster
//! font), no browser involved.

use std::path::Path;
use std::sync::Arc;

use anyhow::{anyhow, Result};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Kwargs, State, Tera, Value};

use super::{Deck, RankRow};
use crate::cache::Cache;
use crate::font::{Fonts, Metrics};
use crate::view::{Labels, ProjectRow};

/// District rows on one chart or ranking image.
pub const RANKS_PER_SLIDE: usize = 9;
/// Project rows on one list image.
pub const PROJECTS_PER_SLIDE: usize = 7;

/// What `display-slide.svg` receives as `s`.
#[derive(Serialize)]
struct Slide<'a> {
    kind: &'static str,
    title: String,
    /// Page of this kind, 1-based, and how many pages the kind has.
    page: usize,
    pages: usize,
    /// Position in the whole show, 1-based, and its length.
    no: usize,
    of: usize,
    ranks: &'a [RankRow],
    #[serde(serialize_with = "crate::view::list_rows")]
    projects: &'a [&'a ProjectRow],
    /// On the last page of a set cut to the show's length: how many rows were left out
    /// (「另有 N 项未轮播」); empty otherwise.
    more: String,
}

/// The slides in show order: overview, chart, ranking, red list, honour list, projects,
/// each set cut to its share of the deck's pages ([`super::budget`]).
fn slides<'a>(deck: &'a Deck<'a>, l: &Labels<'_>) -> Vec<Slide<'a>> {
    let ranks: Vec<&[RankRow]> = deck.ranking.chunks(RANKS_PER_SLIDE).collect();
    let lists = [("red", &deck.red), ("honour", &deck.honour), ("projects", &deck.projects)]
        .map(|(kind, rows)| (kind, rows.chunks(PROJECTS_PER_SLIDE).collect::<Vec<_>>()));
    let mut pages = vec![1, ranks.len(), ranks.len()];
    pages.extend(lists.iter().map(|(_, p)| p.len().max(1)));
    let shown = super::budget(&pages, deck.max_pages);
    let mut out = vec![slide("overview", l, 1, 1, &[], &[])];
    for (kind, &n) in ["chart", "ranking"].into_iter().zip(&shown[1..3]) {
        out.extend(ranks.iter().take(n).enumerate().map(|(k, rows)| slide(kind, l, k + 1, n, rows, &[])));
    }
    for ((kind, chunks), &n) in lists.iter().zip(&shown[3..]) {
        if chunks.is_empty() {
            out.push(slide(kind, l, 1, 1, &[], &[]));
        }
        out.extend(chunks.iter().take(n).enumerate().map(|(k, rows)| slide(kind, l, k + 1, n, &[], rows)));
        if let Some(last) = out.last_mut().filter(|_| n < chunks.len()) {
            let left: usize = chunks[n..].iter().map(|c| c.len()).sum();
            last.more = crate::view::fill(l.text("display", "more"), &[("n", &left.to_string())]);
        }
    }
    let of = out.len();
    for (k, s) in out.iter_mut().enumerate() {
        (s.no, s.of) = (k + 1, of);
    }
    out
}

fn slide<'a>(
    kind: &'static str,
    l: &Labels<'_>,
    page: usize,
    pages: usize,
    ranks: &'a [RankRow],
    projects: &'a [&'a ProjectRow],
) -> Slide<'a> {
    Slide { kind, title: l.get("display", kind), page, pages, no: 0, of: 0, ranks, projects, more: String::new() }
}

/// The file name of slide `no` of `of`: `01.png`, … (three digits from 100 slides on).
pub fn file_name(no: usize, of: usize) -> String {
    let digits = of.to_string().len().max(2);
    format!("{no:0digits$}.png")
}

/// Renders every slide, handing `(file name, PNG)` to `write` as each is done.
pub fn render(
    deck: &Deck<'_>,
    base: &tera::Context,
    tera: &Tera,
    fonts: &Fonts,
    l: &Labels<'_>,
    cache: &Cache,
    write: &(dyn Fn(String, &Path) -> Result<()> + Sync),
) -> Result<usize> {
    let mut tera = tera.clone();
    tera.register_filter("fit", fit_filter(fonts.shared_metrics()));
    let slides = slides(deck, l);
    // Converted once: the engine's values share their contents, so every slide's context
    // holds the deck without copying it.
    let deck = Value::from_serializable(&crate::view::whole_numbers(deck)?);
    slides.par_iter().try_for_each(|s| {
        let mut ctx = base.clone();
        ctx.insert_value("d", deck.clone());
        ctx.insert("s", &crate::view::whole_numbers(s)?);
        ctx.insert("family", fonts.family());
        let svg = tera
            .render("display-slide.svg", &ctx)
            .map_err(|e| anyhow!("rendering display-slide.svg: {}", crate::theme::error_chain(&e)))?;
        let key = cache.key("slide", &[fonts.hash(), svg.as_bytes()]);
        let [png] = cache.files(&key, ["png"], || Ok([fonts.png(&svg)?]))?;
        write(file_name(s.no, s.of), &png)
    })?;
    Ok(slides.len())
}

/// `{{ text | fit(w=600, size=32) }}`: the text on one line, cut with "…" to `w` px at `size` px.
fn fit_filter(m: Arc<Metrics>) -> impl Fn(Value, Kwargs, &State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |value: Value, args: Kwargs, _: &State| {
        let text = crate::theme::value_text(&value);
        Ok(m.ellipsize(&text, args.must_get::<f64>("size")?, args.must_get::<f64>("w")?))
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn slide_files_sort_in_show_order() {
        assert_eq!(file_name(1, 12), "01.png");
        assert_eq!(file_name(12, 12), "12.png");
        assert_eq!(file_name(7, 140), "007.png");
        let mut names: Vec<String> = (1..=140).map(|n| file_name(n, 140)).collect();
        assert!(names.is_sorted());
        names.dedup();
        assert_eq!(names.len(), 140);
    }
}
