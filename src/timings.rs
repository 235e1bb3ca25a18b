//! Build timings for `GUATU_TIMINGS=1`: named spans summed over the whole build.

use std::borrow::Cow;
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

/// Time spent until drop, added to the total of its name (summed over threads).
pub struct Span(Option<(Cow<'static, str>, Instant)>);

impl Span {
    /// Starts a span named after a template or a step.
    pub fn new(name: &str) -> Span {
        Span(enabled().then(|| (Cow::Owned(name.to_string()), Instant::now())))
    }

    /// Starts a span with a static name.
    pub fn named(name: &'static str) -> Span {
        Span(enabled().then(|| (Cow::Borrowed(name), Instant::now())))
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((name, start)) = self.0.take() {
            let mut t = totals().lock().unwrap_or_else(|e| e.into_inner());
            let e = t.entry(name.into_owned()).or_default();
            e.0 += 1;
            e.1 += start.elapsed();
        }
    }
}

/// Runs `f` inside a span named `name`.
pub fn timed<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let _span = Span::named(name);
    f()
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
