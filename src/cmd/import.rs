//! `guatu import`: ledger → project records, all or nothing.

use std::io::IsTerminal;

use anyhow::Result;

use super::{report, Outcome};
use crate::cli::ImportArgs;
use crate::import::records::Kind;
use crate::import::{self, Prepared, Request};
use crate::{content, validate};

pub fn run(args: &ImportArgs, quiet: bool) -> Result<Outcome> {
    let raw = content::load(&args.root)?;
    let (board, diags) = validate::validate(&raw);
    let Some(board) = board else {
        report(&diags);
        eprintln!("the board has errors: fix them first (`guatu check`), then import again; nothing was written");
        return Ok(Outcome::ContentErrors);
    };
    let (mapping, mapping_diags) = import::load_mapping(&args.root)?;
    if mapping_diags.has_errors() {
        report(&mapping_diags);
        return Ok(Outcome::ContentErrors);
    }
    let req = Request {
        ledger: &args.ledger,
        month: args.month,
        sheet: args.sheet.clone(),
        update_details: args.update_details,
    };
    let prepared = import::prepare(&raw, &board, &mapping, &req)?;
    print_problems(&prepared);
    if prepared.has_errors() {
        eprintln!("nothing was written: correct the rows above in the ledger and import it again");
        return Ok(Outcome::ContentErrors);
    }
    if !args.dry_run {
        import::write(&args.root, &prepared.plan)?;
    }
    if !quiet {
        print_summary(&prepared, args.dry_run);
        if let Some(as_of) = board.site.as_of.filter(|m| *m < prepared.month) {
            eprintln!(
                "note: site.yaml sets `as_of: {as_of}`, so builds still report {as_of}; \
                 set it to {m} (or build with --month {m}) to publish {m}",
                m = prepared.month
            );
        }
    }
    Ok(Outcome::Ok)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn print_problems(p: &Prepared) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if let Some(note) = &p.month_note {
        eprintln!("warning: {note}");
    }
    for problem in &p.plan.problems {
        eprint!("{}", problem.render(color));
    }
    for note in &p.notes {
        eprintln!("note: {note}");
    }
}

/// Per changed project the report month's figures before → after, then the board's totals.
fn print_review(p: &Prepared) {
    let Some(r) = &p.review else { return };
    if r.projects.is_empty() {
        return;
    }
    let pct = |x: Option<crate::num::Decimal>| x.map_or_else(|| "—".to_string(), |d| format!("{d}%"));
    eprintln!("{}, before → after:", r.month);
    for line in &r.projects {
        let a = line.after;
        let figures = match line.before {
            Some(b) => {
                let (was, now) = (pct(b.percent), pct(a.percent));
                format!("ytd {} → {}, percent {was} → {now}, stage {} → {}", b.ytd, a.ytd, b.stage.key(), a.stage.key())
            }
            None => format!("ytd {}, percent {}, stage {} (new)", a.ytd, pct(a.percent), a.stage.key()),
        };
        eprintln!("  {}  {figures}", line.name);
    }
    eprintln!("board before: {}", r.before.text(r.month));
    eprintln!("board after:  {}", r.after.text(r.month));
}

fn print_summary(p: &Prepared, dry_run: bool) {
    print_review(p);
    for s in &p.sheets {
        let sheet = s.name.as_ref().map(|n| format!("sheet 「{n}」: ")).unwrap_or_default();
        eprintln!("{sheet}{} for {}", plural(s.rows, "project row", "project rows"), p.month);
        if !s.ignored.is_empty() {
            eprintln!("  columns not imported: {}", s.ignored.join(", "));
        }
    }
    let verb = if dry_run { "would write" } else { "wrote" };
    let count = |k: Kind| p.plan.changes.iter().filter(|c| c.kind == k).count();
    for c in &p.plan.changes {
        let what = match c.kind {
            Kind::New => "new     ",
            Kind::Added => "added   ",
            Kind::Replaced => "replaced",
            Kind::Details => "details ",
        };
        let details = if c.details.is_empty() { String::new() } else { format!(" ({})", c.details.join("、")) };
        eprintln!("  {what} {}  {}{details}", c.path, c.name);
    }
    let written = match p.plan.changes.len() {
        0 => "; nothing to write".to_string(),
        n => format!("; {verb} {}", plural(n, "file", "files")),
    };
    let details = match p.plan.changes.iter().filter(|c| !c.details.is_empty()).count() {
        0 => String::new(),
        n => format!(", new details for {}", plural(n, "project", "projects")),
    };
    eprintln!(
        "{}, {} added, {} replaced, {} unchanged{details}{written}",
        plural(count(Kind::New), "new project", "new projects"),
        plural(count(Kind::Added), "entry", "entries"),
        count(Kind::Replaced),
        p.plan.unchanged,
    );
}
