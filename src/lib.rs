//! guatu: a static site generator for public progress boards of government key
//! projects (重点项目挂图作战).
//!
//! Data flows one way: [`content::load`] → [`validate::validate`] →
//! [`metrics::summarize`] → [`render`] → [`publish`].

pub mod cache;
pub mod chart;
pub mod cli;
pub mod cmd;
pub mod content;
pub mod deck;
pub mod diag;
pub mod district;
pub mod font;
pub mod format;
pub mod import;
pub mod interrupt;
pub mod markdown;
pub mod metrics;
pub mod model;
pub mod num;
pub mod origin;
pub mod poster;
pub mod progress;
pub mod publish;
pub mod render;
pub mod reuse;
pub mod serve;
pub mod stamp;
pub mod table;
pub mod theme;
pub mod timings;
pub mod validate;
pub mod view;
pub mod yaml;

use cli::{Cli, Command};
use cmd::Outcome;

/// Runs a command; returns the exit code: 0 ok, 1 content errors, 2 usage or I/O errors.
pub fn run(cli: &Cli) -> u8 {
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args, cli.quiet),
        Command::Check(args) => cmd::check::run(args, cli.quiet),
        Command::Serve(args) => cmd::serve::run(args, cli.quiet),
        Command::Init(args) => cmd::init::run(args, cli.quiet),
        Command::Import(args) => cmd::import::run(args, cli.quiet),
    };
    match result {
        Ok(Outcome::Ok) => 0,
        Ok(Outcome::ContentErrors) => 1,
        Err(_) if interrupt::interrupted() => loop {
            // A signal removed the folders this command wrote into, hence the error; the
            // signal's thread ends the process with the signal's exit code.
            std::thread::sleep(std::time::Duration::from_secs(1));
        },
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}
