//! The scoring math, exact: a score is a fraction of integers, never a float, so that equal
//! results compare equal and a near-tie at the third decimal stays distinct. Rounding to two
//! decimals happens only in [`Score::display`], for screens and print.

use crate::model::Criterion;
use crate::{Error, Result};
use serde::Serialize;
use std::cmp::Ordering;
use uuid::Uuid;

/// An exact non-negative score on the 0-100 scale: `num / den`, `den > 0`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Score {
    num: i128,
    den: i128,
}

impl Score {
    /// The fraction `num / den`; `den` must be positive.
    pub fn new(num: i128, den: i128) -> Self {
        assert!(den > 0, "score denominator must be positive");
        Score { num, den }
    }

    /// The mean of several scores, exactly; `None` for none.
    pub fn mean(scores: &[Score]) -> Option<Score> {
        if scores.is_empty() {
            return None;
        }
        let sum = scores.iter().fold(Score::new(0, 1), |acc, s| acc.plus(*s));
        Some(sum.divided_by(scores.len() as i128))
    }

    fn plus(self, other: Score) -> Score {
        Score::new(
            self.num * other.den + other.num * self.den,
            self.den * other.den,
        )
        .reduced()
    }

    fn times(self, k: i128) -> Score {
        Score::new(self.num * k, self.den).reduced()
    }

    fn divided_by(self, k: i128) -> Score {
        Score::new(self.num, self.den * k).reduced()
    }

    fn reduced(self) -> Score {
        let g = gcd(self.num.abs(), self.den).max(1);
        Score {
            num: self.num / g,
            den: self.den / g,
        }
    }

    /// Rounded half away from zero to two decimals, as printed: "83.75".
    pub fn display(&self) -> String {
        let hundredths = (self.num * 100 * 2 + self.den * self.num.signum()) / (2 * self.den);
        let sign = if hundredths < 0 { "-" } else { "" };
        let h = hundredths.abs();
        format!("{sign}{}.{:02}", h / 100, h % 100)
    }

    /// The exact value as a reduced fraction `(numerator, denominator)`, denominator > 0;
    /// used where results are written down exactly (the hashed result data).
    pub fn fraction(&self) -> (i128, i128) {
        let r = self.reduced();
        (r.num, r.den)
    }

    /// The distance between two scores, exactly: `|self - other|`.
    pub fn distance(self, other: Score) -> Score {
        let diff = Score::new(
            self.num * other.den - other.num * self.den,
            self.den * other.den,
        )
        .reduced();
        Score::new(diff.num.abs(), diff.den)
    }

    /// An approximation for charts and z-score views only; never for ranking.
    pub fn to_f64(&self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl PartialEq for Score {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Score {}
impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Score {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

/// A ballot's weighted total on 0-100: sum(weight x score) / sum(weights), with each score
/// first brought onto 0-100 from its criterion's scale. Every criterion must be scored.
pub fn weighted_total(criteria: &[Criterion], scores: &[(Uuid, i32)]) -> Result<Score> {
    let mut sum = Score::new(0, 1);
    let mut weights: i128 = 0;
    for c in criteria {
        let score = scores
            .iter()
            .find(|(id, _)| *id == c.id)
            .map(|(_, s)| *s)
            .ok_or_else(|| Error::invalid(c.code.clone(), "no score given"))?;
        check_score(c, score)?;
        let span = i128::from(c.scale_max - c.scale_min);
        let on_100 = Score::new(i128::from(score - c.scale_min) * 100, span);
        sum = sum.plus(on_100.times(i128::from(c.weight)));
        weights += i128::from(c.weight);
    }
    if weights == 0 {
        return Err(Error::invalid(
            "rubric",
            "the rubric's weights add up to zero",
        ));
    }
    Ok(sum.divided_by(weights))
}

/// Checks one typed score against its criterion's scale.
pub fn check_score(criterion: &Criterion, score: i32) -> Result<()> {
    if score < criterion.scale_min || score > criterion.scale_max {
        return Err(Error::invalid(
            criterion.code.clone(),
            format!(
                "score {score} is outside {}-{}",
                criterion.scale_min, criterion.scale_max
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;
    use crate::rubric::default_criteria;

    fn all(criteria: &[Criterion], values: &[i32]) -> Vec<(Uuid, i32)> {
        criteria
            .iter()
            .zip(values)
            .map(|(c, v)| (c.id, *v))
            .collect()
    }

    #[test]
    fn weighted_total_matches_hand_computation() {
        let c = default_criteria();
        // 15*80 + 15*90 + 15*70 + 15*60 + 10*85 + 10*75 + 20*88 = 7860 -> 78.60
        let total = weighted_total(&c, &all(&c, &[80, 90, 70, 60, 85, 75, 88])).unwrap();
        assert_eq!(total.display(), "78.60");
        assert_eq!(total, Score::new(7860, 100));
    }

    #[test]
    fn missing_or_out_of_range_scores_are_refused() {
        let c = default_criteria();
        let mut s = all(&c, &[80, 90, 70, 60, 85, 75, 88]);
        s.pop();
        assert!(weighted_total(&c, &s)
            .unwrap_err()
            .to_string()
            .contains("wawancara"));
        let s = all(&c, &[80, 90, 70, 60, 85, 75, 101]);
        assert!(weighted_total(&c, &s)
            .unwrap_err()
            .to_string()
            .contains("outside 0-100"));
    }

    #[test]
    fn mean_is_exact_and_near_ties_stay_apart() {
        let a = Score::new(8000, 100);
        let b = Score::new(8001, 100);
        let mean = Score::mean(&[a, b, b]).unwrap();
        assert_eq!(mean, Score::new(24002, 300));
        // 80.00666... and 80.00665 both print 80.01 yet are not equal.
        let near = Score::new(8000665, 100000);
        assert_eq!(mean.display(), near.display());
        assert!(mean > near);
        assert_eq!(Score::mean(&[]), None);
    }

    #[test]
    fn display_rounds_half_away_from_zero() {
        assert_eq!(Score::new(1, 8).display(), "0.13"); // 0.125
        assert_eq!(Score::new(83745, 1000).display(), "83.75");
        assert_eq!(Score::new(100, 1).display(), "100.00");
        assert_eq!(Score::new(2, 3).display(), "0.67");
    }

    #[test]
    fn other_scales_are_brought_onto_0_100() {
        let mut c = default_criteria();
        for cr in &mut c {
            cr.scale_min = 1;
            cr.scale_max = 5;
        }
        let total = weighted_total(&c, &all(&c, &[5, 5, 5, 5, 5, 5, 1])).unwrap();
        assert_eq!(total.display(), "80.00");
    }
}
