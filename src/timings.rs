//! Build timings for `GUATU_TIMINGS=1`: named spans summed over the whole build.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("GUATU_TIMINGS").is_some())
}

fn totals() -> &'static Mutex<BTreeMap<String, (u64, Duration)>> {
    static T: OnceLock<Mutex<BTreeMap<String, (u64, Duration)>>> = OnceLock::new();
    T.get_or_init(Default::default)
}

/// Time spent until drop, added to the total of `name` (CPU time of all threads, summed).
pub struct Span {
    name: &'static str,
    dyn_name: Option<String>,
    start: Option<Instant>,
}

impl Span {
    /// Starts a span named after a template or a step.
    pub fn new(name: &str) -> Span {
        if !enabled() {
            return Span { name: "", dyn_name: None, start: None };
        }
        Span { name: "", dyn_name: Some(name.to_string()), start: Some(Instant::now()) }
    }

    /// Starts a span with a static name.
    pub fn named(name: &'static str) -> Span {
        Span { name, dyn_name: None, start: enabled().then(Instant::now) }
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(start) = self.start {
            let name = self.dyn_name.take().unwrap_or_else(|| self.name.to_string());
            let mut t = totals().lock().unwrap_or_else(|e| e.into_inner());
            let e = t.entry(name).or_default();
            e.0 += 1;
            e.1 += start.elapsed();
        }
    }
}

/// Prints the span totals to stderr (when timings are on).
pub fn print() {
    if !enabled() {
        return;
    }
    let t = totals().lock().unwrap_or_else(|e| e.into_inner());
    for (name, (n, d)) in t.iter() {
        eprintln!("  {name:>24}: {:8.1} ms over {n}", d.as_secs_f64() * 1000.0);
    }
}
