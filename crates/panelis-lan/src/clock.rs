//! The station's estimate of the host's clock. The host's clock is the authority: a station
//! shows the timer at "host now", which it computes as its own clock plus an offset learnt
//! from pings (NTP's idea): send at `t0`, the host answers with its time `h`, receive at
//! `t1`; then `offset = h - (t0 + t1) / 2`, wrong by at most half the round trip. Of the
//! recent samples the one with the shortest round trip wins.

use std::collections::VecDeque;

/// How many recent samples are kept.
const KEEP: usize = 16;

/// One ping's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub round_trip_ms: i64,
    pub offset_ms: i64,
}

/// The offset estimate from recent pings.
#[derive(Debug, Clone, Default)]
pub struct ClockOffset {
    samples: VecDeque<Sample>,
}

impl ClockOffset {
    /// No samples yet: the offset is taken as zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a ping sent at `t0_ms` (station clock), answered with `host_ms`, received at
    /// `t1_ms` (station clock). A sample with a negative round trip (clock stepped) is
    /// ignored.
    pub fn add(&mut self, t0_ms: i64, host_ms: i64, t1_ms: i64) -> Option<Sample> {
        let round_trip_ms = t1_ms - t0_ms;
        if round_trip_ms < 0 {
            return None;
        }
        let sample = Sample {
            round_trip_ms,
            offset_ms: host_ms - (t0_ms + round_trip_ms / 2),
        };
        if self.samples.len() == KEEP {
            self.samples.pop_front();
        }
        self.samples.push_back(sample);
        Some(sample)
    }

    /// The best sample so far (shortest round trip), if any.
    pub fn best(&self) -> Option<Sample> {
        self.samples.iter().copied().min_by_key(|s| s.round_trip_ms)
    }

    /// Host clock minus station clock, in milliseconds (0 before any sample).
    pub fn offset_ms(&self) -> i64 {
        self.best().map_or(0, |s| s.offset_ms)
    }

    /// How many samples are held.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// Whether no sample is held.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortest_round_trip_gives_the_offset() {
        let mut clock = ClockOffset::new();
        assert_eq!(clock.offset_ms(), 0);
        // Host is 5 s ahead. A slow, lopsided sample first, then a quick one.
        clock.add(1_000, 6_400, 1_600);
        clock.add(2_000, 7_010, 2_020);
        assert_eq!(clock.offset_ms(), 5_000);
        assert_eq!(clock.best().map(|s| s.round_trip_ms), Some(20));
        assert_eq!(clock.add(3_000, 8_000, 2_999), None, "clock stepped back");
    }

    #[test]
    fn only_recent_samples_count() {
        let mut clock = ClockOffset::new();
        clock.add(0, 100, 0); // perfect but old
        for i in 0..KEEP as i64 {
            clock.add(i * 10, i * 10 + 1_000 + 5, i * 10 + 10);
        }
        assert_eq!(clock.len(), KEEP);
        assert_eq!(clock.offset_ms(), 1_000);
    }
}
