//! The scoring math, exact: a score is a fraction of integers, never a float, so that equal
//! results compare equal and a near-tie at the third decimal stays distinct. Rounding to two
//! decimals happens only in [`Score::display`], for screens and print.

use crate::lang::Lang;
use crate::model::Criterion;
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
    /// The fraction `num / den`, or `None` when `den` is not positive: a score is never
    /// made of a zero or negative denominator.
    pub fn new(num: i128, den: i128) -> Option<Self> {
        (den > 0).then(|| Score { num, den }.reduced())
    }

    /// A whole number of points.
    pub fn whole(points: i128) -> Self {
        Score {
            num: points,
            den: 1,
        }
    }

    /// A number of hundredths of a point (a threshold typed to two decimals).
    pub fn hundredths(hundredths: i128) -> Self {
        Score {
            num: hundredths,
            den: 100,
        }
        .reduced()
    }

    /// The mean of several scores, exactly; `None` for none.
    pub fn mean(scores: &[Score]) -> Option<Score> {
        let count = std::num::NonZeroU32::new(u32::try_from(scores.len()).ok()?)?;
        let sum = scores.iter().fold(Score::whole(0), |acc, s| acc.plus(*s));
        Some(sum.divided_by(count))
    }

    // The arithmetic keeps `den > 0`: denominators are only ever multiplied by positive
    // denominators or by a non-zero count.
    fn plus(self, other: Score) -> Score {
        Score {
            num: self.num * other.den + other.num * self.den,
            den: self.den * other.den,
        }
        .reduced()
    }

    fn times(self, k: i128) -> Score {
        Score {
            num: self.num * k,
            den: self.den,
        }
        .reduced()
    }

    fn divided_by(self, k: std::num::NonZeroU32) -> Score {
        Score {
            num: self.num,
            den: self.den * i128::from(k.get()),
        }
        .reduced()
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
        let diff = Score {
            num: self.num * other.den - other.num * self.den,
            den: self.den * other.den,
        }
        .reduced();
        Score {
            num: diff.num.abs(),
            den: diff.den,
        }
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

/// Why a ballot has no weighted total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ScoreProblem {
    /// A criterion (by code) has no score.
    Missing { criterion: String },
    /// A score outside its criterion's scale.
    OutOfRange {
        criterion: String,
        score: i32,
        min: i32,
        max: i32,
    },
    /// A criterion whose scale has no width (never for a rubric that was validated).
    ScaleEmpty { criterion: String },
    /// The criteria's weights add up to zero (never for a rubric that was validated).
    WeightsZero,
}

impl ScoreProblem {
    /// The problem in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ScoreProblem::Missing { criterion }, Lang::Id) => {
                format!("{criterion}: belum diberi nilai")
            }
            (ScoreProblem::Missing { criterion }, Lang::En) => {
                format!("{criterion}: no score given")
            }
            (
                ScoreProblem::OutOfRange {
                    criterion,
                    score,
                    min,
                    max,
                },
                Lang::Id,
            ) => format!("{criterion}: nilai {score} di luar rentang {min}-{max}"),
            (
                ScoreProblem::OutOfRange {
                    criterion,
                    score,
                    min,
                    max,
                },
                Lang::En,
            ) => format!("{criterion}: score {score} is outside {min}-{max}"),
            (ScoreProblem::ScaleEmpty { criterion }, Lang::Id) => {
                format!("{criterion}: skala kriteria tidak punya rentang")
            }
            (ScoreProblem::ScaleEmpty { criterion }, Lang::En) => {
                format!("{criterion}: the criterion's scale is empty")
            }
            (ScoreProblem::WeightsZero, Lang::Id) => "jumlah bobot rubrik nol".into(),
            (ScoreProblem::WeightsZero, Lang::En) => {
                "rubric: the rubric's weights add up to zero".into()
            }
        }
    }
}

impl std::fmt::Display for ScoreProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// A ballot's weighted total on 0-100: sum(weight x score) / sum(weights), with each score
/// first brought onto 0-100 from its criterion's scale. Every criterion must be scored.
pub fn weighted_total(
    criteria: &[Criterion],
    scores: &[(Uuid, i32)],
) -> Result<Score, ScoreProblem> {
    let mut sum = Score::whole(0);
    let mut weights: u32 = 0;
    for c in criteria {
        let score = scores
            .iter()
            .find(|(id, _)| *id == c.id)
            .map(|(_, s)| *s)
            .ok_or_else(|| ScoreProblem::Missing {
                criterion: c.code.clone(),
            })?;
        if !fits_scale(c, score) {
            return Err(ScoreProblem::OutOfRange {
                criterion: c.code.clone(),
                score,
                min: c.scale_min,
                max: c.scale_max,
            });
        }
        // In i128: a scale as wide as i32 (never for a rubric that was validated) must not
        // overflow the subtraction.
        let on_100 = Score::new(
            (i128::from(score) - i128::from(c.scale_min)) * 100,
            i128::from(c.scale_max) - i128::from(c.scale_min),
        )
        .ok_or_else(|| ScoreProblem::ScaleEmpty {
            criterion: c.code.clone(),
        })?;
        sum = sum.plus(on_100.times(i128::from(c.weight)));
        weights = weights.saturating_add(c.weight);
    }
    let weights = std::num::NonZeroU32::new(weights).ok_or(ScoreProblem::WeightsZero)?;
    Ok(sum.divided_by(weights))
}

/// Whether a score lies on its criterion's scale.
pub fn fits_scale(criterion: &Criterion, score: i32) -> bool {
    (criterion.scale_min..=criterion.scale_max).contains(&score)
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
    fn a_scale_as_wide_as_i32_is_computed_without_overflow() {
        let mut c = default_criteria();
        c.truncate(1);
        c[0].weight = 100;
        (c[0].scale_min, c[0].scale_max) = (i32::MIN, i32::MAX);
        assert_eq!(
            weighted_total(&c, &all(&c, &[i32::MAX])).unwrap(),
            Score::whole(100)
        );
        assert_eq!(
            weighted_total(&c, &all(&c, &[i32::MIN])).unwrap(),
            Score::whole(0)
        );
    }

    #[test]
    fn weighted_total_matches_hand_computation() {
        let c = default_criteria();
        // 15*80 + 15*90 + 15*70 + 15*60 + 10*85 + 10*75 + 20*88 = 7860 -> 78.60
        let total = weighted_total(&c, &all(&c, &[80, 90, 70, 60, 85, 75, 88])).unwrap();
        assert_eq!(total.display(), "78.60");
        assert_eq!(total, Score::new(7860, 100).unwrap());
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
        let a = Score::new(8000, 100).unwrap();
        let b = Score::new(8001, 100).unwrap();
        let mean = Score::mean(&[a, b, b]).unwrap();
        assert_eq!(mean, Score::new(24002, 300).unwrap());
        // 80.00666... and 80.00665 both print 80.01 yet are not equal.
        let near = Score::new(8000665, 100000).unwrap();
        assert_eq!(mean.display(), near.display());
        assert!(mean > near);
        assert_eq!(Score::mean(&[]), None);
    }

    #[test]
    fn display_rounds_half_away_from_zero() {
        assert_eq!(Score::new(1, 8).unwrap().display(), "0.13"); // 0.125
        assert_eq!(Score::new(83745, 1000).unwrap().display(), "83.75");
        assert_eq!(Score::new(100, 1).unwrap().display(), "100.00");
        assert_eq!(Score::new(2, 3).unwrap().display(), "0.67");
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
