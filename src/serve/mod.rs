//! `guatu serve`: a local preview that rebuilds on every change and reloads open pages.
//!
//! - [`http`] serves the built folder (and nothing outside it) at the site's base path, and
//!   adds a small live-reload script to HTML responses on the way out;
//! - [`watch`] reports changes under `content/` and `themes/`, one batch per burst;
//! - [`Live`] is what both share: the number of the last good build and the current error.

pub mod http;
pub mod watch;

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;

/// What open pages poll: they reload when `build` changes and show `error` over the page.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LiveState {
    /// Bumped on every rebuild, good or bad: pages wait for it to change.
    pub version: u64,
    /// Bumped on every good build; 0 before the first one.
    pub build: u64,
    /// The problems of the last rebuild, as printed in the terminal; `None` when it was good.
    pub error: Option<String>,
    /// The path the site is served at, e.g. `/` or `/zdxm/`.
    #[serde(skip)]
    pub base: String,
}

/// The shared state, with a signal for pages waiting on a change.
pub struct Live {
    state: Mutex<LiveState>,
    changed: Condvar,
}

impl Default for Live {
    fn default() -> Self {
        Live { state: Mutex::new(LiveState { base: "/".into(), ..LiveState::default() }), changed: Condvar::new() }
    }
}

impl Live {
    /// The current state.
    pub fn get(&self) -> LiveState {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Records a good build served at `base`.
    pub fn built(&self, base: &str) {
        self.update(|s| {
            s.build += 1;
            s.error = None;
            s.base = base.to_string();
        });
    }

    /// Records a failed rebuild; the last good build stays served.
    pub fn failed(&self, error: String) {
        self.update(|s| s.error = Some(error));
    }

    fn update(&self, f: impl FnOnce(&mut LiveState)) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut s);
        s.version += 1;
        self.changed.notify_all();
    }

    /// Waits until the version differs from `since` or `timeout` passes; returns the state.
    pub fn wait(&self, since: u64, timeout: Duration) -> LiveState {
        let s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let (s, _) =
            self.changed.wait_timeout_while(s, timeout, |s| s.version == since).unwrap_or_else(PoisonError::into_inner);
        s.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_rebuild_keeps_the_build_number_and_a_good_one_clears_the_error() {
        let live = Live::default();
        live.built("/zdxm/");
        live.failed("content/site.yaml:1:1: error: x\n".into());
        let s = live.get();
        assert_eq!((s.version, s.build, s.base.as_str()), (2, 1, "/zdxm/"));
        assert!(s.error.is_some());
        live.built("/zdxm/");
        let s = live.get();
        assert_eq!((s.version, s.build, s.error), (3, 2, None));
    }

    #[test]
    fn wait_returns_at_once_when_the_version_moved_on() {
        let live = Live::default();
        live.built("/");
        let s = live.wait(0, Duration::from_secs(30));
        assert_eq!(s.version, 1);
        let s = live.wait(1, Duration::from_millis(10));
        assert_eq!(s.version, 1, "timed out without a change");
    }
}
