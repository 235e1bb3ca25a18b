//! The command line (SPEC §4).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// guatu — public progress boards for key projects (重点项目挂图作战).
#[derive(Debug, Parser)]
#[command(name = "guatu", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but problems.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site, data files and charts from content/ into output/.
    Build(BuildArgs),
    /// Check the content and report every problem, writing nothing.
    Check(RootArg),
    /// Build a preview, serve it on this machine, rebuild and reload open pages on every change.
    Serve(ServeArgs),
    /// Start a new board in DIR with an example that builds as it is.
    Init(InitArgs),
    /// Import the monthly ledger (台账, .xlsx or .csv) into the project records.
    Import(ImportArgs),
}

/// The board folder.
#[derive(Debug, clap::Args)]
pub struct RootArg {
    /// The board folder: the one holding content/ (and optionally themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Options of `guatu build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The board folder: the one holding content/ (and optionally themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to publish the site [default: <root>/output].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Report month YYYY-MM [default: as_of in site.yaml, else the latest month in the data].
    #[arg(long, value_parser = parse_month)]
    pub month: Option<crate::num::Month>,
    /// Where the site is served, e.g. /zdxm/ [default: base_url in site.yaml].
    #[arg(long)]
    pub base_url: Option<String>,
    /// Leave out the poster sheets (PDF/SVG/PNG), e.g. for a quick preview of a large board.
    #[arg(long)]
    pub no_posters: bool,
    /// Replace the output folder even if guatu did not build it (everything in it is deleted).
    #[arg(long)]
    pub force: bool,
}

/// Options of `guatu serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The board folder: the one holding content/ (and optionally themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Address to listen on; the default serves this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Also render the poster sheets on every rebuild (slower).
    #[arg(long)]
    pub posters: bool,
    /// Where to build the preview [default: a folder in the system's temporary directory,
    /// so output/ keeps what `guatu build` made].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Replace the --output folder even if guatu did not build it (everything in it is deleted).
    #[arg(long)]
    pub force: bool,
}

/// Options of `guatu init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The new board's folder; created if missing, refused if not empty.
    pub dir: PathBuf,
}

/// Options of `guatu import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The ledger: an Excel workbook (.xlsx, .xls) or a CSV file (UTF-8 or GBK).
    pub ledger: PathBuf,
    /// The board folder: the one holding content/ (and optionally import.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The month the ledger reports, YYYY-MM [default: from the ledger's title, sheet name or file name].
    #[arg(long, value_parser = parse_month)]
    pub month: Option<crate::num::Month>,
    /// Read only this sheet of the workbook [default: every sheet with a header row].
    #[arg(long)]
    pub sheet: Option<String>,
    /// Show what would change and report problems, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Where the ledger's project details (district, category, level, leader, unit, owner,
    /// start, deadline, total investment, the year's annual plan) differ from a project
    /// file, write the ledger's values instead of warning.
    #[arg(long)]
    pub update_details: bool,
}

fn parse_month(s: &str) -> Result<crate::num::Month, String> {
    crate::num::Month::parse(s).ok_or_else(|| format!("`{s}` is not a month YYYY-MM"))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
