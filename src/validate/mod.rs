//! Validation: raw sources → the validated [`Board`], or every problem at once (SPEC §1.3).
//!
//! No I/O happens here, so every rule is testable on strings.

pub mod fields;
mod project;
mod site;
mod syntax;

pub use project::FIELDS as PROJECT_FIELDS;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::content::{MediaIndex, RawContent, Source};
use crate::diag::Diagnostics;
use crate::model::{Board, Page, Project, Site};
use crate::num::Month;
use crate::yaml::{self, Node, Pos};
pub use fields::is_id;
use fields::Ctx;
pub use site::PAPER_SIZES;

/// Checks everything; returns the board when there is no error, and all problems.
pub fn validate(raw: &RawContent) -> (Option<Board>, Diagnostics) {
    validate_with(raw, None)
}

/// The projects checked by an earlier [`validate_with`]: a project file reads the same as
/// long as its text, `site.yaml` and the media folder's index are the same (a project is
/// checked against nothing else), so a process that builds again and again (`guatu serve`)
/// reads again only the files that changed.
#[derive(Default)]
pub struct Checked {
    /// The `site.yaml` text and media index the projects were checked with.
    against: Option<(Option<String>, MediaIndex)>,
    /// By path: the file's text, and what reading it gave.
    projects: HashMap<String, (String, Option<Project>, Diagnostics)>,
}

/// [`validate`], taking from `checked` the projects whose files, `site.yaml` and media are
/// as when they were checked, and leaving there this board's.
pub fn validate_with(raw: &RawContent, mut checked: Option<&mut Checked>) -> (Option<Board>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let site = read_site(raw.site.as_ref(), &mut diags);
    let mut last = HashMap::new();
    if let Some(checked) = checked.as_deref_mut() {
        let against = (raw.site.as_ref().map(|s| s.text.clone()), raw.media.clone());
        if checked.against.as_ref() == Some(&against) {
            last = std::mem::take(&mut checked.projects);
        }
        checked.projects.clear();
        checked.against = Some(against);
    }
    // Each project with whether it was taken from `last`.
    let results: Vec<(Option<Project>, Diagnostics, bool)> = raw
        .projects
        .par_iter()
        .map(|src| match last.get(&src.path) {
            Some((text, p, d)) if *text == src.text => (p.clone(), d.clone(), true),
            _ => {
                let mut d = Diagnostics::default();
                let p = read_project(src, site.as_ref(), raw, &mut d);
                (p, d, false)
            }
        })
        .collect();
    if let Some(checked) = checked {
        for (src, (p, d, taken)) in raw.projects.iter().zip(&results) {
            let entry = match last.remove(&src.path) {
                Some(entry) if *taken => entry,
                _ => (src.text.clone(), p.clone(), d.clone()),
            };
            checked.projects.insert(src.path.clone(), entry);
        }
    }
    drop(last);
    let mut projects = Vec::with_capacity(results.len());
    for (p, d, _) in results {
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
        let Some(m) = Month::parse(&src.stem) else {
            diags
                .error(&src.path, Pos::START, format!("bad file name: `{}` is not a month", src.stem))
                .help("name report commentary YYYY-MM.md, e.g. 2026-10.md");
            continue;
        };
        out.insert(m, page(src, src.stem.clone()));
    }
    out
}

/// A Markdown page; its title is the first `# ` heading.
fn page(src: &Source, slug: String) -> Page {
    let title =
        src.text.lines().find_map(|l| l.strip_prefix("# ")).map_or_else(|| slug.clone(), |t| t.trim().to_string());
    Page { slug, title, markdown: src.text.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a validation gave, as text (boards and diagnostics have no equality of their own).
    fn outcome(v: &(Option<Board>, Diagnostics)) -> String {
        format!("{:?}\n{:?}", v.0, v.1)
    }

    #[test]
    fn projects_kept_from_an_earlier_check_give_what_a_fresh_check_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut raw = crate::content::load(root).unwrap();
        let mut checked = Checked::default();
        let first = validate_with(&raw, Some(&mut checked));
        assert!(first.0.is_some());
        assert_eq!(outcome(&first), outcome(&validate(&raw)));
        let project =
            |raw: &mut RawContent, stem: &str| -> usize { raw.projects.iter().position(|p| p.stem == stem).unwrap() };
        // One project file broken: only its own problem, the others as before.
        let i = project(&mut raw, "baozhangxing-zulin-zhufang");
        raw.projects[i].text = raw.projects[i].text.replacen("district: ", "district: nowhere-", 1);
        let edited = validate_with(&raw, Some(&mut checked));
        assert!(edited.0.is_none() && edited.1.has_errors());
        assert_eq!(outcome(&edited), outcome(&validate(&raw)));
        // Fixed again.
        raw.projects[i].text = raw.projects[i].text.replacen("district: nowhere-", "district: ", 1);
        assert_eq!(outcome(&validate_with(&raw, Some(&mut checked))), outcome(&first));
        // site.yaml loses a district: the unchanged files that name it are judged again.
        let site = raw.site.as_mut().unwrap();
        site.text = site.text.replace("  - { id: hantunlu,", "  - { id: hantunlu-gone,");
        let fresh = validate(&raw);
        assert!(fresh.1.has_errors(), "{}", outcome(&fresh));
        assert_eq!(outcome(&validate_with(&raw, Some(&mut checked))), outcome(&fresh));
        // A photo the projects name disappears from the media folder: judged again too.
        let mut raw = crate::content::load(root).unwrap();
        validate_with(&raw, Some(&mut checked));
        raw.media.files.clear();
        let fresh = validate(&raw);
        assert!(fresh.1.has_errors(), "{}", outcome(&fresh));
        assert_eq!(outcome(&validate_with(&raw, Some(&mut checked))), outcome(&fresh));
    }
}
