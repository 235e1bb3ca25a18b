//! Build timings for `GUATU_TIMINGS=1`: named spans summed over the whole build, with the
//! time from the first start to the last end of each name (a rough timeline).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        epoch();
        std::env::var_os("GUATU_TIMINGS").is_some()
    })
}

/// Marks the start of a build: the spans' windows are printed from here.
pub fn start() {
    enabled();
}

/// When timing started.
fn epoch() -> Instant {
    static E: OnceLock<Instant> = OnceLock::new();
    *E.get_or_init(Instant::now)
}

/// Count, summed time, first start and last end of the spans of one name.
#[derive(Default)]
struct Total {
    count: u64,
    sum: Duration,
    window: Option<(Instant, Instant)>,
}

fn totals() -> &'static Mutex<BTreeMap<String, Total>> {
    static T: OnceLock<Mutex<BTreeMap<String, Total>>> = OnceLock::new();
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
            let end = Instant::now();
            let mut t = totals().lock().unwrap_or_else(|e| e.into_inner());
            let e = t.entry(name.into_owned()).or_default();
            e.count += 1;
            e.sum += end - start;
            e.window = Some(e.window.map_or((start, end), |(a, b)| (a.min(start), b.max(end))));
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
    let ms = |i: Instant| i.saturating_duration_since(epoch()).as_secs_f64() * 1000.0;
    for (name, e) in t.iter() {
        let (a, b) = e.window.unwrap_or((epoch(), epoch()));
        eprintln!(
            "  {name:>24}: {:8.1} ms over {:<6} from {:7.1} to {:7.1} ms",
            e.sum.as_secs_f64() * 1000.0,
            e.count,
            ms(a),
            ms(b)
        );
    }
}
