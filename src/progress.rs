//! Build progress: renderers count their work through [`Progress`]; the terminal bar is one
//! implementation of it, kept out of the pipeline.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Units of work, as counted by the renderers: a page is 1, a poster sheet more.
pub trait Progress: Sync {
    /// More work became known.
    fn add(&self, units: u64);
    /// Work was done.
    fn advance(&self, units: u64);
}

/// Counts nothing (tests, `serve`, quiet builds).
pub struct NoProgress;

impl Progress for NoProgress {
    fn add(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// A bar on stderr that appears only once a build has run for a while, so short
/// builds print just their summary line.
pub struct Bar {
    bar: ProgressBar,
    start: Instant,
    show_after: Duration,
    shown: AtomicBool,
}

/// How long a build runs before the bar appears, unless `GUATU_PROGRESS_AFTER_MS` says
/// otherwise (the tests set 0, so that a fast machine's short build shows it too).
const SHOW_AFTER: Duration = Duration::from_millis(800);

fn show_after() -> Duration {
    std::env::var("GUATU_PROGRESS_AFTER_MS").ok().and_then(|v| v.parse().ok()).map_or(SHOW_AFTER, Duration::from_millis)
}

impl Bar {
    /// A bar when stderr is a terminal, not quiet and not on CI; otherwise `None`.
    pub fn for_terminal(quiet: bool) -> Option<Bar> {
        let wanted = !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        wanted.then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
            let style = ProgressStyle::with_template("{spinner} building {wide_bar} {percent:>3}% {elapsed}")
                .expect("valid template")
                .progress_chars("█▉▊▋▌▍▎▏ ");
            bar.set_style(style);
            Bar { bar, start: Instant::now(), show_after: show_after(), shown: AtomicBool::new(false) }
        })
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn add(&self, units: u64) {
        self.bar.inc_length(units);
    }

    fn advance(&self, units: u64) {
        self.bar.inc(units);
        if self.start.elapsed() >= self.show_after && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bar_when_quiet() {
        assert!(Bar::for_terminal(true).is_none());
    }
}
