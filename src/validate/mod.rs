//! Validation: raw sources → the validated [`Board`], or every problem at once (SPEC §1.3).
//!
//! No I/O happens here, so every rule is testable on strings.

pub mod fields;
mod project;
mod site;
mod syntax;

pub use project::FIELDS as PROJECT_FIELDS;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::content::{RawContent, Source};
use crate::diag::Diagnostics;
use crate::model::{Board, Page, Project, Site};
use crate::num::Month;
use crate::yaml::{self, Node, Pos};
pub use fields::is_id;
use fields::Ctx;
pub use site::PAPER_SIZES;

/// Checks everything; returns the board when there is no error, and all problems.
pub fn validate(raw: &RawContent) -> (Option<Board>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let site = read_site(raw.site.as_ref(), &mut diags);
    let results: Vec<(Option<Project>, Diagnostics)> = raw
        .projects
        .par_iter()
        .map(|src| {
            let mut d = Diagnostics::default();
            let p = read_project(src, site.as_ref(), raw, &mut d);
            (p, d)
        })
        .collect();
    let mut projects = Vec::with_capacity(results.len());
    for (p, d) in results {
        diags.extend(d);
        projects.extend(p);
    }
    for r in &raw.refused {
        diags.error(&r.path, Pos::START, r.message.clone()).help(r.help.clone());
    }
    for stray in &raw.stray {
        diags.warning(stray, Pos::START, "ignored: project files must end in .yaml").help("rename it to <id>.yaml");
    }
    let pages = read_pages(&raw.pages, &mut diags);
    let reports = read_reports(&raw.reports, &mut diags);
    match site {
        Some(site) if !diags.has_errors() => {
            projects.sort_by(|a, b| a.id.cmp(&b.id));
            (Some(Board { site, projects, pages, reports }), diags)
        }
        _ => (None, diags),
    }
}

fn parse(src: &Source, diags: &mut Diagnostics) -> Option<Node> {
    match yaml::parse(&src.text) {
        Ok(Some(node)) => Some(node),
        Ok(None) => {
            diags
                .error(&src.path, Pos::START, "the file is empty")
                .help("see content/projects in `guatu init` for an example");
            None
        }
        Err(e) => {
            let fix = syntax::fix(&src.text, &e);
            diags.error(&src.path, fix.pos, format!("YAML syntax: {}", e.message)).help(fix.help);
            None
        }
    }
}

fn read_site(src: Option<&Source>, diags: &mut Diagnostics) -> Option<Site> {
    let Some(src) = src else {
        diags
            .error("content/site.yaml", Pos::START, "site.yaml is missing")
            .help("create content/site.yaml with title, organization and districts");
        return None;
    };
    let node = parse(src, diags)?;
    site::site(&mut Ctx { file: &src.path, diags }, &node)
}

fn read_project(src: &Source, site: Option<&Site>, raw: &RawContent, diags: &mut Diagnostics) -> Option<Project> {
    if !is_id(&src.stem) {
        diags
            .error(&src.path, Pos::START, format!("bad file name: `{}` is not a valid project id", src.stem))
            .help("name the file <id>.yaml with 1–64 lowercase ASCII letters, digits and `-`");
    }
    let node = parse(src, diags)?;
    let p = project::project(&mut Ctx { file: &src.path, diags }, &src.stem, &node, site, &raw.media);
    p.filter(|_| is_id(&src.stem))
}

fn read_pages(sources: &[Source], diags: &mut Diagnostics) -> Vec<Page> {
    sources
        .iter()
        .filter_map(|src| {
            if !is_id(&src.stem) {
                diags
                    .error(&src.path, Pos::START, format!("bad file name: `{}` is not a valid page slug", src.stem))
                    .help("use lowercase ASCII letters, digits and `-`, e.g. about.md");
                return None;
            }
            Some(page(src, src.stem.clone()))
        })
        .collect()
}

fn read_reports(sources: &[Source], diags: &mut Diagnostics) -> BTreeMap<Month, Page> {
    let mut out = BTreeMap::new();
    for src in sources {
        match Month::parse(&src.stem) {
            Some(m) => {
                out.insert(m, page(src, src.stem.clone()));
            }
            None => {
                diags
                    .error(&src.path, Pos::START, format!("bad file name: `{}` is not a month", src.stem))
                    .help("name report commentary YYYY-MM.md, e.g. 2026-10.md");
            }
        }
    }
    out
}

/// A Markdown page; its title is the first `# ` heading.
fn page(src: &Source, slug: String) -> Page {
    let title =
        src.text.lines().find_map(|l| l.strip_prefix("# ")).map_or_else(|| slug.clone(), |t| t.trim().to_string());
    Page { slug, title, markdown: src.text.clone() }
}
