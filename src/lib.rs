//! guatu: a static site generator for public progress boards of government key
//! projects (重点项目挂图作战).
//!
//! Data flows one way: [`content::load`] → [`validate::validate`] →
//! [`metrics::summarize`] → [`render`] → [`publish`].

pub mod content;
pub mod diag;
pub mod metrics;
pub mod model;
pub mod num;
pub mod validate;
pub mod yaml;
