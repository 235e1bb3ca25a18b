//! The `guatu` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

/// Building a site allocates millions of small strings and JSON values from every thread;
/// mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = guatu::cli::Cli::parse();
    ExitCode::from(guatu::run(&cli))
}
