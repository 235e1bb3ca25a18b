//! `guatu check`: validate and report, write nothing.

use anyhow::Result;

use super::{report, Outcome};
use crate::cli::RootArg;
use crate::{content, validate};

pub fn run(args: &RootArg, quiet: bool) -> Result<Outcome> {
    let raw = content::load(&args.root)?;
    let (board, diags) = validate::validate(&raw);
    report(&diags);
    match board {
        Some(b) => {
            // The theme as a build loads it: a theme the build would refuse fails here too.
            crate::theme::load(&args.root, &b.site.theme, b.site.language)?;
            if !quiet {
                eprintln!("ok: {} projects, {} districts", b.projects.len(), b.site.districts.len());
            }
            Ok(Outcome::Ok)
        }
        None => Ok(Outcome::ContentErrors),
    }
}
