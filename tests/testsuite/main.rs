//! Integration tests: one binary, one module per feature.

mod board_test;
mod import;
mod metrics;
mod posters;
mod qualities;
mod reports;
mod site;
mod validation;
mod xlsx;
