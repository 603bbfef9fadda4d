//! How far a long write has come, for the screen: the thread that writes
//! counts units of work (nodes or rows) into a [`Progress`] the screen
//! reads.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Units of work done out of a total, shared between threads.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// Nothing counted.
    #[must_use]
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// The units counted so far (the last count stays after the work).
    #[must_use]
    pub fn counted(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    /// The share done, in whole percent (at most 99: the last step, such
    /// as moving the file into place, is not counted); None when nothing
    /// is being counted.
    #[must_use]
    pub fn percent(&self) -> Option<u8> {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return None;
        }
        let done = self.done.load(Ordering::Relaxed).min(total);
        let pct = (done as u128 * 100 / total as u128).min(99);
        Some(u8::try_from(pct).unwrap_or(99))
    }
}

thread_local! {
    /// What [`tick`] counts into on this thread.
    static CURRENT: RefCell<Option<Arc<Progress>>> = const { RefCell::new(None) };
}

/// Run `work` on this thread with `progress` counting [`tick`]s towards
/// `total`; afterwards nothing is being counted.
pub fn counting<R>(progress: &Arc<Progress>, total: usize, work: impl FnOnce() -> R) -> R {
    progress.done.store(0, Ordering::Relaxed);
    progress.total.store(total, Ordering::Relaxed);
    let before = CURRENT.replace(Some(Arc::clone(progress)));
    let result = work();
    CURRENT.set(before);
    progress.total.store(0, Ordering::Relaxed);
    result
}

/// One unit of work done (nothing when this thread is not counting).
pub fn tick() {
    CURRENT.with_borrow(|p| {
        if let Some(p) = p {
            p.done.fetch_add(1, Ordering::Relaxed);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_count_only_inside_counting_and_on_its_thread() {
        let p = Progress::new();
        tick();
        assert_eq!(p.percent(), None);
        let seen = counting(&p, 8, || {
            for _ in 0..4 {
                tick();
            }
            let other = std::thread::spawn(tick);
            other.join().unwrap();
            p.percent()
        });
        assert_eq!(seen, Some(50));
        assert_eq!(p.percent(), None, "done");
        counting(&p, 2, || {
            for _ in 0..5 {
                tick();
            }
            assert_eq!(p.percent(), Some(99), "never 100 before the end");
        });
    }
}
