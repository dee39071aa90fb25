//! The rubric's rules: the default KIPP rubric, and what makes a set of criteria valid.
//! Every place that accepts criteria (new competition, rubric editor, import) checks here.

use crate::lang::Lang;
use crate::model::{Criterion, ScoreLevel};
use crate::text::excerpt;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Name of the rubric a new competition starts with.
pub const DEFAULT_RUBRIC_NAME: &str = "KIPP - Presentasi dan Wawancara";

/// The weights of a valid rubric add up to this.
pub const WEIGHT_TOTAL: u32 = 100;

/// The bands of the default rubric's 0-100 scale.
const BANDS: [(i32, i32); 4] = [(0, 49), (50, 69), (70, 84), (85, 100)];

/// The default rubric: PermenPANRB 91/2021's five core criteria (substance, 70) plus
/// presentation and interview (30), each scored 0-100 in four levels.
pub fn default_criteria() -> Vec<Criterion> {
    let c = |code: &str, id: &str, en: &str, weight: u32, levels: [(&str, &str); 4]| Criterion {
        id: Uuid::now_v7(),
        code: code.into(),
        label_id: id.into(),
        label_en: en.into(),
        guidance: String::new(),
        levels: BANDS
            .iter()
            .zip(levels)
            .map(|(&(min, max), (label_id, label_en))| ScoreLevel {
                min,
                max,
                label_id: label_id.into(),
                label_en: label_en.into(),
            })
            .collect(),
        weight,
        scale_min: 0,
        scale_max: 100,
    };
    vec![
        c(
            "kebaruan",
            "Kebaruan",
            "Novelty",
            15,
            [
                ("meniru tanpa penyesuaian", "copied without adaptation"),
                ("adaptasi", "adapted"),
                ("modifikasi bermakna", "meaningfully modified"),
                ("gagasan baru", "a new idea"),
            ],
        ),
        c(
            "efektivitas",
            "Efektivitas",
            "Effectiveness",
            15,
            [
                ("belum terbukti", "not yet shown"),
                ("sebagian tujuan tercapai", "aims partly met"),
                ("tujuan tercapai", "aims met"),
                ("melampaui tujuan, terukur", "beyond its aims, measured"),
            ],
        ),
        c(
            "kemanfaatan",
            "Kemanfaatan",
            "Benefit and impact",
            15,
            [
                ("manfaat belum jelas", "benefit not yet clear"),
                ("manfaat terbatas", "limited benefit"),
                ("manfaat luas", "wide benefit"),
                ("dampak nyata dan terukur", "real, measured impact"),
            ],
        ),
        c(
            "replikasi",
            "Dapat direplikasi",
            "Replicability",
            15,
            [
                ("sulit ditiru", "hard to replicate"),
                ("dapat ditiru dengan syarat", "replicable under conditions"),
                ("sudah ditiru di satu tempat", "replicated in one place"),
                ("sudah ditiru luas", "widely replicated"),
            ],
        ),
        c(
            "keberlanjutan",
            "Keberlanjutan",
            "Sustainability",
            10,
            [
                ("bergantung pada orang", "depends on people"),
                ("ada dukungan anggaran", "budget support"),
                ("ada regulasi", "backed by regulation"),
                ("melembaga", "institutionalised"),
            ],
        ),
        c(
            "presentasi",
            "Kualitas presentasi",
            "Presentation",
            10,
            [
                ("tidak runtut", "disorganised"),
                ("cukup jelas", "fairly clear"),
                ("jelas dan runtut", "clear and orderly"),
                ("meyakinkan dan tepat waktu", "convincing and on time"),
            ],
        ),
        c(
            "wawancara",
            "Penguasaan materi dan jawaban",
            "Interview answers",
            20,
            [
                ("tidak menguasai", "no command of the subject"),
                ("sebagian terjawab", "partly answered"),
                ("menguasai", "in command"),
                ("menguasai dan berbasis data", "in command, with data"),
            ],
        ),
    ]
}

/// Reads score levels out of the guidance text of files made before levels were structured
/// ("0-49: meniru · 50-69: adaptasi"): the levels, when every part is a range with a label,
/// else `None` (the text stays a note).
pub fn levels_from_guidance(guidance: &str) -> Option<Vec<ScoreLevel>> {
    let parts: Vec<&str> = guidance
        .split('·')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    parts
        .iter()
        .map(|part| {
            let (range, label) = part.split_once(':')?;
            let (min, max) = range.split_once(['-', '–'])?;
            Some(ScoreLevel {
                min: min.trim().parse().ok()?,
                max: max.trim().parse().ok()?,
                label_id: crate::text::collapse(label),
                label_en: String::new(),
            })
        })
        .collect::<Option<Vec<_>>>()
        .filter(|levels| levels.iter().all(|l| !l.label_id.is_empty()))
}

/// One thing wrong with a rubric as given; a rubric is taken only with none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RubricProblem {
    /// The rubric has no name.
    NameEmpty,
    /// The rubric has no criterion.
    NoCriteria,
    /// A criterion's code is empty or not made of `a-z0-9_` (`criterion` is 1-based).
    CodeMalformed { criterion: usize, given: String },
    /// Two criteria share a code.
    CodeRepeated { criterion: usize, given: String },
    /// A criterion without its Indonesian label.
    LabelMissing { criterion: usize },
    /// A scale that is not 0 <= min < max <= 1000.
    ScaleInvalid {
        criterion: usize,
        min: i32,
        max: i32,
    },
    /// The weights do not add up to [`WEIGHT_TOTAL`].
    WeightsTotal { total: u32 },
    /// A weight typed that is not a whole number of 0 or more.
    WeightNotWhole { criterion: usize },
    /// A scale end typed that is not a whole number.
    ScaleNotWhole { criterion: usize },
    /// A score level (1-based `level`) whose ends are not whole numbers, or whose bottom is
    /// above its top.
    LevelRange { criterion: usize, level: usize },
    /// A score level reaching outside the criterion's scale.
    LevelOutsideScale { criterion: usize, level: usize },
    /// Score levels that leave part of the scale without a level (`from`-`to` uncovered) or
    /// overlap (`from`-`to` covered twice).
    LevelsGap {
        criterion: usize,
        from: i32,
        to: i32,
    },
    LevelsOverlap {
        criterion: usize,
        from: i32,
        to: i32,
    },
    /// A score level without its Indonesian label.
    LevelLabelMissing { criterion: usize, level: usize },
}

impl RubricProblem {
    /// The criterion (1-based) the problem is about, if one.
    pub fn criterion(&self) -> Option<usize> {
        match self {
            RubricProblem::CodeMalformed { criterion, .. }
            | RubricProblem::CodeRepeated { criterion, .. }
            | RubricProblem::LabelMissing { criterion }
            | RubricProblem::ScaleInvalid { criterion, .. }
            | RubricProblem::WeightNotWhole { criterion }
            | RubricProblem::ScaleNotWhole { criterion }
            | RubricProblem::LevelRange { criterion, .. }
            | RubricProblem::LevelOutsideScale { criterion, .. }
            | RubricProblem::LevelsGap { criterion, .. }
            | RubricProblem::LevelsOverlap { criterion, .. }
            | RubricProblem::LevelLabelMissing { criterion, .. } => Some(*criterion),
            _ => None,
        }
    }

    /// Stable code for the page and the scripts.
    pub fn code(&self) -> &'static str {
        match self {
            RubricProblem::NameEmpty => "name_empty",
            RubricProblem::NoCriteria => "no_criteria",
            RubricProblem::CodeMalformed { .. } => "code_malformed",
            RubricProblem::CodeRepeated { .. } => "code_repeated",
            RubricProblem::LabelMissing { .. } => "label_missing",
            RubricProblem::ScaleInvalid { .. } => "scale_invalid",
            RubricProblem::WeightsTotal { .. } => "weights_total",
            RubricProblem::WeightNotWhole { .. } => "weight_not_whole",
            RubricProblem::ScaleNotWhole { .. } => "scale_not_whole",
            RubricProblem::LevelRange { .. } => "level_range",
            RubricProblem::LevelOutsideScale { .. } => "level_outside_scale",
            RubricProblem::LevelsGap { .. } => "levels_gap",
            RubricProblem::LevelsOverlap { .. } => "levels_overlap",
            RubricProblem::LevelLabelMissing { .. } => "level_label_missing",
        }
    }

    /// The problem in `lang`, naming the criterion.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RubricProblem::NameEmpty, Lang::Id) => "rubrik perlu nama".into(),
            (RubricProblem::NameEmpty, Lang::En) => "rubric name: the rubric needs a name".into(),
            (RubricProblem::NoCriteria, Lang::Id) => "rubrik perlu sedikitnya satu kriteria".into(),
            (RubricProblem::NoCriteria, Lang::En) => {
                "rubric: a rubric needs at least one criterion".into()
            }
            (RubricProblem::CodeMalformed { criterion, given }, Lang::Id) => format!(
                "kriteria {criterion}: kode \"{}\" harus huruf kecil, angka atau _",
                excerpt(given)
            ),
            (RubricProblem::CodeMalformed { criterion, given }, Lang::En) => format!(
                "criterion {criterion} code: code \"{}\" must be lowercase letters, digits or _",
                excerpt(given)
            ),
            (RubricProblem::CodeRepeated { criterion, given }, Lang::Id) => format!(
                "kriteria {criterion}: kode \"{}\" dipakai dua kali",
                excerpt(given)
            ),
            (RubricProblem::CodeRepeated { criterion, given }, Lang::En) => format!(
                "criterion {criterion} ({}) code: code is used twice",
                excerpt(given)
            ),
            (RubricProblem::LabelMissing { criterion }, Lang::Id) => {
                format!("kriteria {criterion}: nama dalam bahasa Indonesia kosong")
            }
            (RubricProblem::LabelMissing { criterion }, Lang::En) => {
                format!("criterion {criterion} label: the Indonesian label is empty")
            }
            (
                RubricProblem::ScaleInvalid {
                    criterion,
                    min,
                    max,
                },
                Lang::Id,
            ) => format!(
                "kriteria {criterion}: skala {min}-{max} harus memenuhi 0 <= min < maks <= 1000"
            ),
            (
                RubricProblem::ScaleInvalid {
                    criterion,
                    min,
                    max,
                },
                Lang::En,
            ) => format!(
                "criterion {criterion} scale: scale {min}-{max} must satisfy 0 <= min < max <= 1000"
            ),
            (RubricProblem::WeightsTotal { total }, Lang::Id) => {
                format!("jumlah bobot {total}, harus {WEIGHT_TOTAL}")
            }
            (RubricProblem::WeightsTotal { total }, Lang::En) => format!(
                "rubric weights: weights add up to {total}, they must add up to {WEIGHT_TOTAL}"
            ),
            (RubricProblem::WeightNotWhole { criterion }, Lang::Id) => {
                format!("kriteria {criterion}: bobot harus bilangan bulat 0 atau lebih")
            }
            (RubricProblem::WeightNotWhole { criterion }, Lang::En) => {
                format!("criterion {criterion} weight: a whole number, 0 or more")
            }
            (RubricProblem::ScaleNotWhole { criterion }, Lang::Id) => {
                format!("kriteria {criterion}: ujung skala harus bilangan bulat")
            }
            (RubricProblem::ScaleNotWhole { criterion }, Lang::En) => {
                format!("criterion {criterion} scale: the ends are whole numbers")
            }
            (RubricProblem::LevelRange { criterion, level }, Lang::Id) => format!(
                "kriteria {criterion}, tingkat {level}: rentang harus dua bilangan bulat, yang \
                 bawah tidak melebihi yang atas"
            ),
            (RubricProblem::LevelRange { criterion, level }, Lang::En) => format!(
                "criterion {criterion}, level {level}: the range is two whole numbers, the \
                 bottom not above the top"
            ),
            (RubricProblem::LevelOutsideScale { criterion, level }, Lang::Id) => {
                format!("kriteria {criterion}, tingkat {level}: rentang di luar skala kriteria")
            }
            (RubricProblem::LevelOutsideScale { criterion, level }, Lang::En) => format!(
                "criterion {criterion}, level {level}: the range lies outside the criterion's \
                 scale"
            ),
            (
                RubricProblem::LevelsGap {
                    criterion,
                    from,
                    to,
                },
                Lang::Id,
            ) => format!("kriteria {criterion}: nilai {from}-{to} tidak masuk tingkat mana pun"),
            (
                RubricProblem::LevelsGap {
                    criterion,
                    from,
                    to,
                },
                Lang::En,
            ) => format!("criterion {criterion}: scores {from}-{to} fall in no level"),
            (
                RubricProblem::LevelsOverlap {
                    criterion,
                    from,
                    to,
                },
                Lang::Id,
            ) => format!("kriteria {criterion}: nilai {from}-{to} masuk dua tingkat"),
            (
                RubricProblem::LevelsOverlap {
                    criterion,
                    from,
                    to,
                },
                Lang::En,
            ) => format!("criterion {criterion}: scores {from}-{to} fall in two levels"),
            (RubricProblem::LevelLabelMissing { criterion, level }, Lang::Id) => {
                format!("kriteria {criterion}, tingkat {level}: keterangan Indonesia kosong")
            }
            (RubricProblem::LevelLabelMissing { criterion, level }, Lang::En) => {
                format!("criterion {criterion}, level {level}: the Indonesian label is empty")
            }
        }
    }
}

/// Why a rubric is not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RubricRefusal {
    /// The rubric as given has these problems (every one of them).
    RubricInvalid { problems: Vec<RubricProblem> },
    /// Ballots were given against the rubric: it can no longer change.
    BallotsGiven { ballots: u32 },
}

impl RubricRefusal {
    /// Stable code for the page and the scripts.
    pub fn code(&self) -> &'static str {
        match self {
            RubricRefusal::RubricInvalid { .. } => "rubric_invalid",
            RubricRefusal::BallotsGiven { .. } => "rubric_locked",
        }
    }

    /// The refusal in `lang`: every problem, one after another.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RubricRefusal::RubricInvalid { problems }, _) => problems
                .iter()
                .map(|p| p.message(lang))
                .collect::<Vec<_>>()
                .join("; "),
            (RubricRefusal::BallotsGiven { ballots }, Lang::Id) => format!(
                "rubrik tidak dapat diubah: {ballots} lembar nilai sudah diberikan dengannya"
            ),
            (RubricRefusal::BallotsGiven { ballots }, Lang::En) => format!(
                "the rubric cannot change: {ballots} ballot(s) were already given against it"
            ),
        }
    }
}

impl std::fmt::Display for RubricRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Every problem of a rubric named `name` with `criteria`: at least one criterion, codes
/// unique and made of `a-z0-9_`, labels present, scales sensible, weights summing to
/// [`WEIGHT_TOTAL`]. Empty when the rubric can be taken. The rubric editor shows these as
/// the secretariat types; [`validate`] refuses with them.
pub fn check(name: &str, criteria: &[Criterion]) -> Vec<RubricProblem> {
    let mut problems = Vec::new();
    if crate::text::collapse(name).is_empty() {
        problems.push(RubricProblem::NameEmpty);
    }
    problems.extend(check_criteria(criteria));
    problems
}

fn check_criteria(criteria: &[Criterion]) -> Vec<RubricProblem> {
    let mut problems = Vec::new();
    if criteria.is_empty() {
        problems.push(RubricProblem::NoCriteria);
        return problems;
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in criteria.iter().enumerate() {
        let criterion = i + 1;
        let well_formed = !c.code.is_empty()
            && c.code
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        if !well_formed {
            problems.push(RubricProblem::CodeMalformed {
                criterion,
                given: c.code.clone(),
            });
        } else if !seen.insert(c.code.as_str()) {
            problems.push(RubricProblem::CodeRepeated {
                criterion,
                given: c.code.clone(),
            });
        }
        if c.label_id.trim().is_empty() {
            problems.push(RubricProblem::LabelMissing { criterion });
        }
        if c.scale_min < 0 || c.scale_max > 1000 || c.scale_min >= c.scale_max {
            problems.push(RubricProblem::ScaleInvalid {
                criterion,
                min: c.scale_min,
                max: c.scale_max,
            });
        } else {
            problems.extend(level_problems(criterion, c));
        }
    }
    let total: u32 = criteria.iter().map(|c| c.weight).sum();
    if total != WEIGHT_TOTAL {
        problems.push(RubricProblem::WeightsTotal { total });
    }
    problems
}

/// A problem as the rubric editor shows it: the problem's code and fields, and its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RubricProblemView {
    #[serde(flatten)]
    pub problem: RubricProblem,
    pub message_id: String,
    pub message_en: String,
}

/// A criterion as the rubric editor holds it: its numbers as typed, and the nil id for a
/// criterion new in the editor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionDraft {
    #[serde(default)]
    pub id: Uuid,
    pub code: String,
    pub label_id: String,
    #[serde(default)]
    pub label_en: String,
    #[serde(default)]
    pub guidance: String,
    pub weight: String,
    pub scale_min: String,
    pub scale_max: String,
    #[serde(default)]
    pub levels: Vec<LevelDraft>,
}

/// A score level as the rubric editor holds it: its range as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelDraft {
    pub min: String,
    pub max: String,
    pub label_id: String,
    #[serde(default)]
    pub label_en: String,
}

/// What the rubric editor shows as the secretariat types: every problem, and the weights'
/// sum beside the sum they must reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RubricCheck {
    pub problems: Vec<RubricProblemView>,
    /// The sum of the weights that are whole numbers.
    pub weights: u32,
    pub weights_required: u32,
}

/// The criteria of a draft (new ones given an id) and every problem of the draft named
/// `name`, the numbers as typed included.
pub fn read_draft(name: &str, drafts: &[CriterionDraft]) -> (Vec<Criterion>, Vec<RubricProblem>) {
    let mut problems = Vec::new();
    let whole = |text: &str| text.trim().parse::<i64>().ok();
    let criteria: Vec<Criterion> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let criterion = i + 1;
            let weight = whole(&d.weight).and_then(|w| u32::try_from(w).ok());
            if weight.is_none() {
                problems.push(RubricProblem::WeightNotWhole { criterion });
            }
            let (min, max) = (whole(&d.scale_min), whole(&d.scale_max));
            let scale = |v: Option<i64>| v.and_then(|v| i32::try_from(v).ok());
            if scale(min).is_none() || scale(max).is_none() {
                problems.push(RubricProblem::ScaleNotWhole { criterion });
            }
            let levels = d
                .levels
                .iter()
                .enumerate()
                .map(|(j, l)| {
                    let (lo, hi) = (scale(whole(&l.min)), scale(whole(&l.max)));
                    if lo.is_none() || hi.is_none() {
                        problems.push(RubricProblem::LevelRange {
                            criterion,
                            level: j + 1,
                        });
                    }
                    ScoreLevel {
                        min: lo.unwrap_or(0),
                        max: hi.unwrap_or(-1),
                        label_id: crate::text::collapse(&l.label_id),
                        label_en: crate::text::collapse(&l.label_en),
                    }
                })
                .collect();
            Criterion {
                id: if d.id.is_nil() { Uuid::now_v7() } else { d.id },
                code: d.code.trim().to_string(),
                label_id: crate::text::collapse(&d.label_id),
                label_en: crate::text::collapse(&d.label_en),
                guidance: d.guidance.trim().to_string(),
                levels,
                weight: weight.unwrap_or(0),
                scale_min: scale(min).unwrap_or(0),
                scale_max: scale(max).unwrap_or(0),
            }
        })
        .collect();
    let typed_well = problems.is_empty();
    let mut all = check(name, &criteria);
    if !typed_well {
        // A scale or weight not typed as a number is said as such, not again as a bad
        // scale or a wrong total.
        all.retain(|p| {
            !matches!(
                p,
                RubricProblem::ScaleInvalid { criterion, .. }
                    if problems.contains(&RubricProblem::ScaleNotWhole { criterion: *criterion })
            ) && !matches!(p, RubricProblem::WeightsTotal { .. })
        });
    }
    problems.extend(all);
    problems.sort_by_key(|p| p.criterion().unwrap_or(0));
    let mut seen = Vec::new();
    problems.retain(|p| {
        let new = !seen.contains(p);
        seen.push(p.clone());
        new
    });
    (criteria, problems)
}

/// The editor's view of a draft: [`read_draft`]'s problems in words, and the weights' sum.
pub fn check_draft(name: &str, drafts: &[CriterionDraft]) -> RubricCheck {
    let (criteria, problems) = read_draft(name, drafts);
    RubricCheck {
        problems: problems
            .into_iter()
            .map(|problem| RubricProblemView {
                message_id: problem.message(Lang::Id),
                message_en: problem.message(Lang::En),
                problem,
            })
            .collect(),
        weights: criteria.iter().map(|c| c.weight).sum(),
        weights_required: WEIGHT_TOTAL,
    }
}

/// What is wrong with a criterion's score levels: each level within the scale with its
/// label, and together covering the scale from bottom to top once (none at all is fine).
fn level_problems(criterion: usize, c: &Criterion) -> Vec<RubricProblem> {
    let mut problems = Vec::new();
    for (i, l) in c.levels.iter().enumerate() {
        let level = i + 1;
        if l.min > l.max {
            problems.push(RubricProblem::LevelRange { criterion, level });
        } else if l.min < c.scale_min || l.max > c.scale_max {
            problems.push(RubricProblem::LevelOutsideScale { criterion, level });
        }
        if l.label_id.trim().is_empty() {
            problems.push(RubricProblem::LevelLabelMissing { criterion, level });
        }
    }
    if c.levels.is_empty() || !problems.is_empty() {
        return problems;
    }
    let mut sorted: Vec<&ScoreLevel> = c.levels.iter().collect();
    sorted.sort_by_key(|l| (l.min, l.max));
    let mut next = c.scale_min;
    for l in sorted {
        if l.min > next {
            problems.push(RubricProblem::LevelsGap {
                criterion,
                from: next,
                to: l.min - 1,
            });
        } else if l.min < next {
            problems.push(RubricProblem::LevelsOverlap {
                criterion,
                from: l.min,
                to: (next - 1).min(l.max),
            });
        }
        next = next.max(l.max + 1);
    }
    if next <= c.scale_max {
        problems.push(RubricProblem::LevelsGap {
            criterion,
            from: next,
            to: c.scale_max,
        });
    }
    problems
}

/// Refuses criteria with any problem of [`check`] (the name aside), naming every one.
pub fn validate(criteria: &[Criterion]) -> Result<()> {
    let problems = check_criteria(criteria);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Rubric(RubricRefusal::RubricInvalid { problems }))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn default_rubric_is_valid_and_splits_70_30() {
        let criteria = default_criteria();
        validate(&criteria).expect("default rubric is valid");
        assert_eq!(criteria.len(), 7);
        let substance: u32 = criteria[..5].iter().map(|c| c.weight).sum();
        assert_eq!(substance, 70);
        assert!(criteria
            .iter()
            .all(|c| c.scale_min == 0 && c.scale_max == 100));
    }

    #[test]
    fn weights_not_summing_to_100_are_named() {
        let mut criteria = default_criteria();
        criteria[0].weight = 20;
        let err = validate(&criteria).unwrap_err().to_string();
        assert!(err.contains("105"), "{err}");
    }

    #[test]
    fn duplicate_and_malformed_codes_are_refused() {
        let mut criteria = default_criteria();
        criteria[1].code = "kebaruan".into();
        assert!(validate(&criteria)
            .unwrap_err()
            .to_string()
            .contains("used twice"));
        let mut criteria = default_criteria();
        criteria[2].code = "Kemanfaatan!".into();
        assert!(validate(&criteria)
            .unwrap_err()
            .to_string()
            .contains("criterion 3 code"));
    }

    #[test]
    fn empty_rubric_and_bad_scale_are_refused() {
        assert!(validate(&[]).is_err());
        let mut criteria = default_criteria();
        criteria[0].scale_max = 0;
        assert!(validate(&criteria)
            .unwrap_err()
            .to_string()
            .contains("scale"));
    }

    fn draft_of(c: &Criterion) -> CriterionDraft {
        CriterionDraft {
            id: c.id,
            code: c.code.clone(),
            label_id: c.label_id.clone(),
            label_en: c.label_en.clone(),
            guidance: c.guidance.clone(),
            weight: c.weight.to_string(),
            scale_min: c.scale_min.to_string(),
            scale_max: c.scale_max.to_string(),
            levels: c
                .levels
                .iter()
                .map(|l| LevelDraft {
                    min: l.min.to_string(),
                    max: l.max.to_string(),
                    label_id: l.label_id.clone(),
                    label_en: l.label_en.clone(),
                })
                .collect(),
        }
    }

    #[test]
    fn score_levels_cover_the_scale_once_each_with_its_label() {
        let mut criteria = default_criteria();
        validate(&criteria).unwrap();
        criteria[0].levels[1].min = 52; // 50-51 in no level
        criteria[1].levels[2].min = 65; // 65-69 in two
        criteria[2].levels[3].max = 120; // outside 0-100
        criteria[3].levels[0].label_id = " ".into();
        criteria[4].levels.pop(); // 85-100 in no level
        criteria[5].levels.clear(); // no levels: fine
        let codes: Vec<String> = check("KIPP", &criteria)
            .iter()
            .map(|p| format!("{} {}", p.code(), p.criterion().unwrap_or(0)))
            .collect();
        assert_eq!(
            codes,
            vec![
                "levels_gap 1",
                "levels_overlap 2",
                "level_outside_scale 3",
                "level_label_missing 4",
                "levels_gap 5"
            ]
        );
        let gap = &check("KIPP", &criteria)[0];
        assert_eq!(
            gap.message(Lang::Id),
            "kriteria 1: nilai 50-51 tidak masuk tingkat mana pun"
        );
    }

    #[test]
    fn old_guidance_reads_as_levels_where_it_is_levels_and_stays_a_note_where_not() {
        let levels =
            levels_from_guidance("0-49: meniru · 50-69: adaptasi · 70–100: gagasan baru").unwrap();
        assert_eq!(levels.len(), 3);
        assert_eq!((levels[2].min, levels[2].max), (70, 100));
        assert_eq!(levels[1].label_id, "adaptasi");
        assert_eq!(
            levels_from_guidance("Nilai tinggi untuk gagasan baru."),
            None
        );
        assert_eq!(levels_from_guidance("0-49: meniru · lainnya"), None);
    }

    #[test]
    fn a_draft_names_every_problem_at_once_numbers_as_typed_included() {
        let mut drafts: Vec<CriterionDraft> = default_criteria().iter().map(draft_of).collect();
        drafts[0].code = "Kebaruan!".into();
        drafts[1].label_id = "  ".into();
        drafts[2].weight = "lima".into();
        drafts[3].scale_max = "".into();
        let (_, problems) = read_draft(" ", &drafts);
        let codes: Vec<&str> = problems.iter().map(|p| p.code()).collect();
        assert_eq!(
            codes,
            vec![
                "name_empty",
                "code_malformed",
                "label_missing",
                "weight_not_whole",
                "scale_not_whole"
            ],
            "every problem, in criterion order; no second word for a number not typed"
        );
        let view = check_draft("KIPP", &drafts);
        assert_eq!(view.weights, 85, "the weights that are numbers");
        assert_eq!(view.weights_required, WEIGHT_TOTAL);
        assert!(
            view.problems[0].message_id.contains("kriteria 1"),
            "{view:?}"
        );
    }

    #[test]
    fn a_clean_draft_reads_as_criteria_and_new_ones_get_an_id() {
        let mut drafts: Vec<CriterionDraft> = default_criteria().iter().map(draft_of).collect();
        drafts[6].id = Uuid::nil();
        drafts[6].weight = " 20 ".into();
        let (criteria, problems) = read_draft("KIPP", &drafts);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!criteria[6].id.is_nil());
        assert_eq!(criteria[6].weight, 20);
        assert_eq!(check_draft("KIPP", &drafts).weights, 100);
    }
}
