//! Integration tests: one binary, one module per feature.

mod a11y;
mod board_test;
mod display;
mod metrics;
mod posters;
mod qualities;
mod reports;
mod site;
mod validation;
mod xlsx;
