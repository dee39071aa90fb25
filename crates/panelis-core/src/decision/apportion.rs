//! Sharing an outcome's seats out across the clusters in proportion to their entries, by
//! largest remainder (Hamilton's method), with the arithmetic kept so the panel can see it.

use serde::Serialize;
use std::collections::BTreeMap;

/// One cluster's share of the seats, with how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApportionLine {
    pub cluster: String,
    /// Entries in the cluster.
    pub entries: u32,
    /// The exact quota, seats x entries / all entries, as "num/den" and to two decimals.
    pub quota: String,
    pub quota_display: String,
    /// The whole part of the quota.
    pub floor: u32,
    /// The remainder to two decimals (what the leftover seats go by).
    pub remainder_display: String,
    /// One leftover seat went to this cluster.
    pub extra: bool,
    /// The remainder equals another cluster's at the cut: who gets the leftover seat was
    /// decided by the larger cluster, then by name, and the panel may change it.
    pub remainder_tie: bool,
    pub seats: u32,
}

fn two_decimals(num: u64, den: u64) -> String {
    let hundredths = (num * 200 + den) / (2 * den);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// The seats of each cluster (by name, `sizes` = entries per cluster). Leftover seats go to
/// the largest remainders; equal remainders go to the larger cluster, then by name, and are
/// flagged when the cut falls between them. Every cluster gets a line, even with no seat.
pub fn apportion(seats: u32, sizes: &BTreeMap<String, u32>) -> Vec<ApportionLine> {
    let total: u64 = sizes.values().map(|n| u64::from(*n)).sum();
    if total == 0 {
        return Vec::new();
    }
    let s = u64::from(seats);
    let mut lines: Vec<(ApportionLine, u64)> = sizes
        .iter()
        .map(|(cluster, n)| {
            let num = s * u64::from(*n);
            let floor = (num / total) as u32;
            let rem = num % total;
            (
                ApportionLine {
                    cluster: cluster.clone(),
                    entries: *n,
                    quota: {
                        let g = gcd(num, total).max(1);
                        format!("{}/{}", num / g, total / g)
                    },
                    quota_display: two_decimals(num, total),
                    floor,
                    remainder_display: two_decimals(rem, total),
                    extra: false,
                    remainder_tie: false,
                    seats: floor,
                },
                rem,
            )
        })
        .collect();
    let given: u64 = lines.iter().map(|(l, _)| u64::from(l.floor)).sum();
    let left = (s.saturating_sub(given)) as usize;
    let mut by_remainder: Vec<usize> = (0..lines.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        lines[b]
            .1
            .cmp(&lines[a].1)
            .then(lines[b].0.entries.cmp(&lines[a].0.entries))
            .then(lines[a].0.cluster.cmp(&lines[b].0.cluster))
    });
    for &i in by_remainder.iter().take(left) {
        lines[i].0.extra = true;
        lines[i].0.seats += 1;
    }
    // A tie at the cut: the last remainder that got a seat equals the first that did not.
    if left > 0 && left < by_remainder.len() {
        let cut = lines[by_remainder[left - 1]].1;
        if lines[by_remainder[left]].1 == cut && cut > 0 {
            for &i in &by_remainder {
                if lines[i].1 == cut {
                    lines[i].0.remainder_tie = true;
                }
            }
        }
    }
    lines.into_iter().map(|(l, _)| l).collect()
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
