//! The rubric's rules: the default KIPP rubric, and what makes a set of criteria valid.
//! Every place that accepts criteria (new competition, rubric editor, import) checks here.

use crate::model::Criterion;
use crate::{Error, Result};
use uuid::Uuid;

/// Name of the rubric a new competition starts with.
pub const DEFAULT_RUBRIC_NAME: &str = "KIPP - Presentasi dan Wawancara";

/// The weights of a valid rubric add up to this.
pub const WEIGHT_TOTAL: u32 = 100;

/// The default rubric: PermenPANRB 91/2021's five core criteria (substance, 70) plus
/// presentation and interview (30), each scored 0-100.
pub fn default_criteria() -> Vec<Criterion> {
    let c = |code: &str, id: &str, en: &str, weight: u32, guidance: &str| Criterion {
        id: Uuid::now_v7(),
        code: code.into(),
        label_id: id.into(),
        label_en: en.into(),
        guidance: guidance.into(),
        weight,
        scale_min: 0,
        scale_max: 100,
    };
    vec![
        c("kebaruan", "Kebaruan", "Novelty", 15,
          "0-49: meniru tanpa penyesuaian · 50-69: adaptasi · 70-84: modifikasi bermakna · 85-100: gagasan baru"),
        c("efektivitas", "Efektivitas", "Effectiveness", 15,
          "0-49: belum terbukti · 50-69: sebagian tujuan tercapai · 70-84: tujuan tercapai · 85-100: melampaui tujuan, terukur"),
        c("kemanfaatan", "Kemanfaatan", "Benefit and impact", 15,
          "0-49: manfaat belum jelas · 50-69: manfaat terbatas · 70-84: manfaat luas · 85-100: dampak nyata dan terukur"),
        c("replikasi", "Dapat direplikasi", "Replicability", 15,
          "0-49: sulit ditiru · 50-69: dapat ditiru dengan syarat · 70-84: sudah ditiru di satu tempat · 85-100: sudah ditiru luas"),
        c("keberlanjutan", "Keberlanjutan", "Sustainability", 10,
          "0-49: bergantung pada orang · 50-69: ada dukungan anggaran · 70-84: ada regulasi · 85-100: melembaga"),
        c("presentasi", "Kualitas presentasi", "Presentation", 10,
          "0-49: tidak runtut · 50-69: cukup jelas · 70-84: jelas dan runtut · 85-100: meyakinkan dan tepat waktu"),
        c("wawancara", "Penguasaan materi dan jawaban", "Interview answers", 20,
          "0-49: tidak menguasai · 50-69: sebagian terjawab · 70-84: menguasai · 85-100: menguasai dan berbasis data"),
    ]
}

/// Checks a rubric's criteria: at least one, codes unique and made of `a-z0-9_`, labels
/// present, scale sensible, weights summing to [`WEIGHT_TOTAL`].
pub fn validate(criteria: &[Criterion]) -> Result<()> {
    if criteria.is_empty() {
        return Err(Error::invalid(
            "rubric",
            "a rubric needs at least one criterion",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, c) in criteria.iter().enumerate() {
        let at = format!("criterion {} ({})", i + 1, c.code);
        if c.code.is_empty()
            || !c
                .code
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
        {
            return Err(Error::invalid(
                format!("criterion {} code", i + 1),
                format!(
                    "code \"{}\" must be lowercase letters, digits or _",
                    crate::text::excerpt(&c.code)
                ),
            ));
        }
        if !seen.insert(c.code.as_str()) {
            return Err(Error::invalid(format!("{at} code"), "code is used twice"));
        }
        if c.label_id.trim().is_empty() {
            return Err(Error::invalid(
                format!("{at} label"),
                "the Indonesian label is empty",
            ));
        }
        if c.scale_min < 0 || c.scale_max > 1000 || c.scale_min >= c.scale_max {
            return Err(Error::invalid(
                format!("{at} scale"),
                format!(
                    "scale {}-{} must satisfy 0 <= min < max <= 1000",
                    c.scale_min, c.scale_max
                ),
            ));
        }
    }
    let total: u32 = criteria.iter().map(|c| c.weight).sum();
    if total != WEIGHT_TOTAL {
        return Err(Error::invalid(
            "rubric weights",
            format!("weights add up to {total}, they must add up to {WEIGHT_TOTAL}"),
        ));
    }
    Ok(())
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
}
