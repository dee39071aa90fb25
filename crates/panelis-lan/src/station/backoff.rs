//! Retry delays: doubling from a short first wait up to a ceiling, with some randomness so
//! a room of stations that lost the host together do not all knock at the same instant.

use rand_core::{OsRng, RngCore};
use std::time::Duration;

/// The next waits of one retry loop.
#[derive(Debug, Clone)]
pub(crate) struct Backoff {
    min: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    pub fn new(min: Duration, max: Duration) -> Self {
        Backoff {
            min,
            max: max.max(min),
            next: min,
        }
    }

    /// The wait before the next try: the current step, 75-125 %, then doubled for later.
    pub fn next_wait(&mut self) -> Duration {
        let step = self.next;
        self.next = (self.next * 2).min(self.max);
        let jitter = 0.75 + f64::from(OsRng.next_u32() % 1000) / 2000.0;
        step.mul_f64(jitter)
    }

    /// After a success: start from the short wait again.
    pub fn reset(&mut self) {
        self.next = self.min;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_ceiling_and_start_over_after_success() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_millis(800));
        let waits: Vec<u128> = (0..6).map(|_| b.next_wait().as_millis()).collect();
        assert!((75..=125).contains(&waits[0]), "{waits:?}");
        assert!((150..=250).contains(&waits[1]), "{waits:?}");
        assert!((600..=1000).contains(&waits[5]), "{waits:?}");
        b.reset();
        assert!(b.next_wait() <= Duration::from_millis(125));
    }
}
