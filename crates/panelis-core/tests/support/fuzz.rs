//! What every bounded fuzz run shares: its time budget and a seedable generator. Included
//! by path (`#[path = ".../tests/support/fuzz.rs"] mod fuzz;`) into the fuzz tests of the
//! core, the report and the LAN crates, so each run is bounded and repeatable the same way:
//! `PANELIS_FUZZ_SECS` seconds (default 3), `PANELIS_FUZZ_SEED` to repeat a run.

#![allow(dead_code)] // each fuzz test uses what it needs of this

use std::time::Duration;

/// How long each target runs: `PANELIS_FUZZ_SECS` seconds, 3 by default (CI).
pub fn budget() -> Duration {
    let secs = std::env::var("PANELIS_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(3.0);
    Duration::from_secs_f64(secs)
}

/// A small xorshift generator: fast, seedable, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    /// Seeded from `PANELIS_FUZZ_SEED`, else the clock; prints the seed under `label` so a
    /// failing run can be repeated.
    pub fn seeded(label: &str) -> Rng {
        let seed = std::env::var("PANELIS_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            })
            | 1;
        eprintln!("{label} seed: PANELIS_FUZZ_SEED={seed}");
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
