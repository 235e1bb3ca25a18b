//! The `guatu` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = guatu::cli::Cli::parse();
    ExitCode::from(guatu::run(&cli))
}
