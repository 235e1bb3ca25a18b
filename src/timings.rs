//! Build timings for `GUATU_TIMINGS=1`, one mechanism for all of them: the stages of a
//! build ([`lap`]: load, validate, …, publish, one after the other) and named spans inside
//! them (a template, a family, writing) summed over threads, each with the time from its
//! first start to its last end (a rough timeline). [`start`] begins a build's timings
//! afresh, so `serve` prints each rebuild's own.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("GUATU_TIMINGS").is_some())
}

/// Begins a build's timings: the totals are cleared and times count from now.
pub fn start() {
    if enabled() {
        let now = Instant::now();
        *clock().lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Clock { epoch: now, last_lap: now };
        totals().lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
    }
}

/// When the build's timing started, and when its last stage ended.
#[derive(Clone, Copy)]
struct Clock {
    epoch: Instant,
    last_lap: Instant,
}

fn clock() -> &'static Mutex<Clock> {
    static C: OnceLock<Mutex<Clock>> = OnceLock::new();
    C.get_or_init(|| {
        let now = Instant::now();
        Mutex::new(Clock { epoch: now, last_lap: now })
    })
}

/// Ends the build stage `name`, begun when the previous one ended (or at [`start`]).
pub fn lap(name: &'static str) {
    if enabled() {
        let now = Instant::now();
        let begun =
            std::mem::replace(&mut clock().lock().unwrap_or_else(std::sync::PoisonError::into_inner).last_lap, now);
        add(format!("stage {name}"), begun, now);
    }
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

    pub fn named(name: &'static str) -> Span {
        Span(enabled().then(|| (Cow::Borrowed(name), Instant::now())))
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((name, start)) = self.0.take() {
            add(name.into_owned(), start, Instant::now());
        }
    }
}

fn add(name: String, start: Instant, end: Instant) {
    let mut t = totals().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let e = t.entry(name).or_default();
    e.count += 1;
    e.sum += end - start;
    e.window = Some(e.window.map_or((start, end), |(a, b)| (a.min(start), b.max(end))));
}

/// Runs `f` inside a span named `name`.
pub fn timed<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let _span = Span::named(name);
    f()
}

/// Prints the stages and span totals to stderr (when timings are on), in the order they began.
pub fn print() {
    if !enabled() {
        return;
    }
    let epoch = clock().lock().unwrap_or_else(std::sync::PoisonError::into_inner).epoch;
    let t = totals().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let ms = |i: Instant| i.saturating_duration_since(epoch).as_secs_f64() * 1000.0;
    let mut rows: Vec<_> = t.iter().map(|(name, e)| (e.window.unwrap_or((epoch, epoch)), name, e)).collect();
    rows.sort_by_key(|&((a, _), name, _)| (a, name));
    for ((a, b), name, e) in rows {
        eprintln!(
            "  {name:>24}: {:8.1} ms over {:<6} from {:7.1} to {:7.1} ms",
            e.sum.as_secs_f64() * 1000.0,
            e.count,
            ms(a),
            ms(b)
        );
    }
}
