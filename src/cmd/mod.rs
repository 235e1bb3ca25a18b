//! One function per subcommand, wiring the pipeline stages together.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod serve;

use std::io::IsTerminal;

use crate::diag::Diagnostics;

/// How a command ended.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Outcome {
    /// Done.
    Ok,
    /// The content has errors (exit 1).
    ContentErrors,
}

/// Prints problems to stderr, coloured on a terminal, with a count line.
pub fn report(diags: &Diagnostics) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", report_text(diags, color));
}

/// The problems as [`report`] prints them (empty when there are none).
pub fn report_text(diags: &Diagnostics, color: bool) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let (e, w) = diags.counts();
    format!("{}{e} error(s), {w} warning(s)\n", diags.render(color))
}
