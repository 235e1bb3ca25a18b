//! Integration tests: one binary, one module per feature.
#![allow(clippy::case_sensitive_file_extension_comparisons)] // the names compared are the build's own

mod a11y;
mod board_test;
mod display;
mod hardening_content;
mod hardening_import;
mod hardening_output;
mod import;
mod init;
mod ledgers;
mod metrics;
mod posters;
mod progress;
mod qualities;
mod render_cache;
mod reports;
mod serve;
mod site;
mod validation;
mod xlsx;
