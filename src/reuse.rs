//! What a rebuild of `guatu serve` can take from the last good build of the same process.
//!
//! The common edit while a board is previewed is to a project's description: text that
//! only the project's own page shows. When that is all that changed since the last good
//! build, the figures of every month are the last build's, and so is every file of the
//! published site but those pages and `data/version.json` (which carries the build id):
//! the rebuild renders those and lays them over the last output, where the rest stays.
//! Anything else (a figure, a name, `site.yaml`, a page, a report, a photo, the theme)
//! makes a full build, whose page memo still takes the pages that did not change.

use std::sync::Arc;

use crate::metrics::Summary;
use crate::model::{Board, Project};

/// The board and figures of the last good build.
pub struct LastBuild {
    /// The validated board.
    pub board: Board,
    /// Its figures for every month.
    pub history: Arc<Vec<Summary>>,
}

/// The indexes of the projects whose own page is all that differs from `last`'s output,
/// when that is the only difference; `None` when anything else may differ.
///
/// `changed` are the paths the watcher reported since the last build (relative to the
/// board root); an empty list means they are not known.
pub fn pages_only(last: &LastBuild, board: &Board, changed: &[String]) -> Option<Vec<usize>> {
    let (a, b) = (&last.board, board);
    if !crate::content::only_projects_changed(changed)
        || a.site != b.site
        || a.pages != b.pages
        || a.reports != b.reports
    {
        return None;
    }
    if a.projects.len() != b.projects.len() {
        return None;
    }
    let mut pages = Vec::new();
    for (i, (old, new)) in a.projects.iter().zip(&b.projects).enumerate() {
        if !same_but_description(old, new) {
            return None;
        }
        if old.description != new.description {
            pages.push(i);
        }
    }
    Some(pages)
}

/// Whether the projects agree in everything but the description. Every field is named:
/// a new one is a compile error here until it is decided whether only the project's page
/// shows it.
fn same_but_description(a: &Project, b: &Project) -> bool {
    let Project {
        id,
        name,
        district,
        category,
        level,
        leader,
        unit,
        owner,
        start,
        deadline,
        total_investment,
        annual_plan,
        prior_invested,
        milestones,
        progress,
        photos,
        description: _,
    } = a;
    *id == b.id
        && *name == b.name
        && *district == b.district
        && *category == b.category
        && *level == b.level
        && *leader == b.leader
        && *unit == b.unit
        && *owner == b.owner
        && *start == b.start
        && *deadline == b.deadline
        && *total_investment == b.total_investment
        && *annual_plan == b.annual_plan
        && *prior_invested == b.prior_invested
        && *milestones == b.milestones
        && *progress == b.progress
        && *photos == b.photos
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo board of this repository.
    fn board() -> Board {
        let raw = crate::content::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        crate::validate::validate(&raw).0.expect("the demo board is valid")
    }

    #[test]
    fn a_description_edit_renders_that_page_only_and_anything_else_all() {
        let last = LastBuild { board: board(), history: Arc::default() };
        let projects = vec!["content/projects/a.yaml".to_string()];
        let mut b = board();
        assert_eq!(pages_only(&last, &b, &projects), Some(vec![]));
        b.projects[1].description = Some("new".into());
        assert_eq!(pages_only(&last, &b, &projects), Some(vec![1]));
        assert_eq!(pages_only(&last, &b, &[]), None, "changes not known");
        assert_eq!(pages_only(&last, &b, &["content/media/a/1.jpg".into()]), None, "a photo may have changed");
        assert_eq!(pages_only(&last, &b, &["themes/default/x.css".into()]), None);
        b.projects[0].name.push('x');
        assert_eq!(pages_only(&last, &b, &projects), None, "a name is shown in lists");
        let mut b = board();
        b.site.title.push('x');
        assert_eq!(pages_only(&last, &b, &projects), None);
        let mut b = board();
        b.projects.pop();
        assert_eq!(pages_only(&last, &b, &projects), None);
    }
}
