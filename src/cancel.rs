//! Stopping early: Ctrl-C in the REPL, or a time budget.
//!
//! Searches poll [`stop_requested`] in their outer loops and give up with what
//! they have; the query entry points then turn that into `Error::Cancelled`, so a
//! long query never holds the REPL hostage. Loaders poll [`interrupted`] between
//! chunks of a file, so Ctrl-C also stops a long `load` (which then changes
//! nothing).

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Asks running queries to stop (called from a signal handler: only an atomic store).
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// Clears an interrupt before running the next query.
pub fn reset() {
    INTERRUPTED.store(false, Ordering::Relaxed);
}

/// Whether Ctrl-C (not a time limit) stopped the query.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Sets (or clears) the time by which queries on this thread must stop.
pub fn set_deadline(deadline: Option<Instant>) {
    DEADLINE.with(|d| d.set(deadline));
}

/// Whether the running query should give up now.
#[inline]
pub fn stop_requested() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
        || DEADLINE
            .with(|d| d.get())
            .is_some_and(|t| Instant::now() >= t)
}

/// `Err(Cancelled)` when the query was asked to stop.
pub fn check() -> crate::Result<()> {
    if INTERRUPTED.load(Ordering::Relaxed) {
        return Err(crate::Error::Cancelled {
            what: "query",
            reason: "interrupted".into(),
        });
    }
    if DEADLINE
        .with(|d| d.get())
        .is_some_and(|t| Instant::now() >= t)
    {
        return Err(crate::Error::Cancelled {
            what: "query",
            reason: "time limit reached".into(),
        });
    }
    Ok(())
}
