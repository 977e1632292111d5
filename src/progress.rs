//! A progress bar on stderr for loads and builds that take a while.
//!
//! Shown only when stderr is a terminal, and only once the work has run for about
//! a second: quick loads, pipes, logs and tests see nothing. Safe to update from
//! the parser threads.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before the bar appears.
const DELAY: Duration = Duration::from_millis(1000);

pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar for this process: drawn on stderr when it is a terminal, else never.
    pub fn stderr() -> Self {
        let enabled = std::io::stderr().is_terminal();
        Progress {
            bar: enabled.then(|| {
                let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
                bar.set_style(
                    ProgressStyle::with_template(
                        "kg: {msg:<24} [{bar:30}] {binary_bytes:>10}/{binary_total_bytes:<10} {elapsed}",
                    )
                    .expect("valid template")
                    .progress_chars("=> "),
                );
                bar
            }),
            start: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// No bar at all.
    pub fn hidden() -> Self {
        Progress {
            bar: None,
            start: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// Starts a step of `total` bytes (or units) named `what`.
    pub fn step(&self, what: &str, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_message(what.to_string());
            bar.set_length(total);
            bar.set_position(0);
            self.reveal(bar);
        }
    }

    /// Counts `n` more bytes (or units) done.
    #[inline]
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
            self.reveal(bar);
        }
    }

    fn reveal(&self, bar: &ProgressBar) {
        if !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() >= DELAY
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar (if it was shown) before anything else is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
