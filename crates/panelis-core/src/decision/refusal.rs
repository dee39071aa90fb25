//! Why a decision, or a finalization it belongs to, is refused: one variant per case, each
//! with a stable code for the page and the scripts and its words in both languages, in this
//! one place.

use super::{DecisionProblem, MissingBallot};
use crate::lang::Lang;
use serde::Serialize;

/// A refused change to the panel's decision, or a finalization it stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DecisionRefusal {
    /// No entry has this number.
    UnknownEntry { no: u32 },
    /// The competition defines no outcome of this name.
    UnknownOutcome { name: String },
    /// An order names fewer than two entries.
    OrderTooShort,
    /// An entry is named twice in one order.
    RepeatedEntry { no: u32 },
    /// An order without a reason of entries that do not share a rank: (entry, rank).
    NotTied { ranks: Vec<(u32, Option<u32>)> },
    /// The entry has no score yet, so it has no place to order or give an outcome to.
    Unscored { no: u32 },
    /// The entries' results are final: the decision on them is locked until reopened.
    Finalized { entries: Vec<u32> },
    /// The change would leave the decision with these problems.
    Problems { problems: Vec<DecisionProblem> },
    /// Finalizing while ballots are missing, without the chair's override.
    QuorumIncomplete { missing: Vec<MissingBallot> },
    /// Finalizing while the decision has problems (a departure without its reason, more
    /// entries than seats).
    DecisionIncomplete { problems: Vec<DecisionProblem> },
    /// An outcome to be removed is given to entries.
    OutcomeInUse { name: String, entries: Vec<u32> },
    /// An outcome definition that cannot stand: empty or repeated name, no seats.
    BadOutcome {
        name: String,
        reason_id: String,
        reason_en: String,
    },
    /// Nothing to propose: the competition defines no outcomes.
    NoOutcomes,
    /// An announcement lists outcomes, and no entry has been given one yet.
    NothingToAnnounce,
    /// Issuing a document while finalized entries' results differ from what their
    /// finalization recorded (ballots changed or deleted outside Panelis).
    FinalizedChanged { entries: Vec<u32> },
    /// Issuing a document while a finalized entry's seal is missing from the record of
    /// finalized entries, or differs from the one the audit log recorded at its
    /// finalization (the record edited outside Panelis).
    FinalizationSealChanged { entries: Vec<u32> },
    /// A finalization or a reopen names entry numbers the competition does not have.
    UnknownEntries { entries: Vec<u32> },
    /// Entries named together with a room that are not scheduled in it.
    NotInRoom { entries: Vec<u32>, room: String },
    /// Nothing to finalize: no entry in the room, or none in the competition.
    NoEntries { room: Option<String> },
    /// Finalizing without naming the secretariat officer.
    SecretariatUnnamed,
    /// Finalizing without naming the chair.
    ChairUnnamed,
    /// Finalizing before the panel is set up.
    NoPanel,
    /// The chair named is not on the panel (`chair_on_record`: who the panel's chair is).
    ChairNotOnPanel {
        name: String,
        chair_on_record: Option<String>,
    },
    /// Everything named is final already.
    AlreadyFinal { scope: Scope },
    /// Reopening what is not final.
    NotFinal { scope: Scope },
    /// Reopening without a written reason.
    ReopenWithoutReason,
    /// A document kind Panelis does not issue.
    UnknownDocumentKind { kind: String },
    /// A document prepared as one version while the register now calls for another (another
    /// was issued meanwhile): it is made again.
    DocumentVersionMoved {
        kind: String,
        prepared: u32,
        now: u32,
    },
}

/// What a finalization or reopen covers: a room, or entries by number (all of them when
/// the list is long).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scope {
    pub room: Option<String>,
    pub entries: Vec<u32>,
}

impl Scope {
    /// The scope in words: "room X", "entries 1, 2", "every entry".
    pub fn words(&self, lang: Lang) -> String {
        match (&self.room, lang) {
            (Some(room), Lang::Id) => format!("ruang \"{room}\""),
            (Some(room), Lang::En) => format!("room {room:?}"),
            (None, Lang::Id) if self.entries.len() <= 10 => format!("No {}", list(&self.entries)),
            (None, Lang::En) if self.entries.len() <= 10 => {
                format!("entries {}", list(&self.entries))
            }
            (None, Lang::Id) => "semua inovasi".into(),
            (None, Lang::En) => "every entry".into(),
        }
    }
}

fn list(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn missing_list(missing: &[MissingBallot], lang: Lang) -> String {
    let shown: Vec<String> = missing
        .iter()
        .take(12)
        .map(|m| format!("No {} ({})", m.no, m.panelist))
        .collect();
    let more = missing.len().saturating_sub(shown.len());
    let mut text = shown.join(", ");
    if more > 0 {
        text.push_str(&match lang {
            Lang::Id => format!(", dan {more} lagi"),
            Lang::En => format!(", and {more} more"),
        });
    }
    text
}

impl DecisionProblem {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            DecisionProblem::OrderWithoutReason { .. } => "order_without_reason",
            DecisionProblem::OutcomeWithoutReason { .. } => "outcome_without_reason",
            DecisionProblem::SeatsExceeded { .. } => "seats_exceeded",
            DecisionProblem::Unscored { .. } => "unscored_outcome",
            DecisionProblem::UnknownOutcome { .. } => "unknown_outcome",
        }
    }

    /// The problem in words.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DecisionProblem::OrderWithoutReason { entries, over }, Lang::Id) => format!(
                "urutan No {} menempatkan inovasi di atas No {} yang nilainya lebih tinggi; \
                 tuliskan alasannya",
                list(entries),
                list(over)
            ),
            (DecisionProblem::OrderWithoutReason { entries, over }, Lang::En) => format!(
                "the order of No {} puts entries above No {}, which scored higher; write the \
                 reason",
                list(entries),
                list(over)
            ),
            (
                DecisionProblem::OutcomeWithoutReason {
                    entry,
                    outcome,
                    over,
                },
                Lang::Id,
            ) => {
                format!(
                    "No {entry} mendapat \"{outcome}\" di atas No {} yang berada di atasnya; \
                     tuliskan alasannya",
                    list(over)
                )
            }
            (
                DecisionProblem::OutcomeWithoutReason {
                    entry,
                    outcome,
                    over,
                },
                Lang::En,
            ) => {
                format!(
                    "No {entry} is given \"{outcome}\" over No {}, placed above it; write the \
                     reason",
                    list(over)
                )
            }
            (
                DecisionProblem::SeatsExceeded {
                    outcome,
                    cluster,
                    seats,
                    given,
                },
                lang,
            ) => {
                let at = cluster
                    .as_ref()
                    .map(|c| {
                        let c = if c.is_empty() {
                            lang.pick("tanpa klaster", "no cluster")
                        } else {
                            c
                        };
                        format!(" ({} {c})", lang.pick("klaster", "cluster"))
                    })
                    .unwrap_or_default();
                match lang {
                    Lang::Id => format!(
                        "\"{outcome}\"{at} punya {seats} kursi tetapi diberikan kepada {given} \
                         inovasi"
                    ),
                    Lang::En => format!(
                        "\"{outcome}\"{at} has {seats} seat(s) but is given to {given} entries"
                    ),
                }
            }
            (DecisionProblem::Unscored { entry, outcome }, Lang::Id) => {
                format!("No {entry} belum dinilai dan tidak dapat diberi \"{outcome}\"")
            }
            (DecisionProblem::Unscored { entry, outcome }, Lang::En) => {
                format!("No {entry} has no score and cannot be given \"{outcome}\"")
            }
            (DecisionProblem::UnknownOutcome { entry }, Lang::Id) => {
                format!("No {entry} diberi hasil yang tidak lagi ditetapkan")
            }
            (DecisionProblem::UnknownOutcome { entry }, Lang::En) => {
                format!("No {entry} is given an outcome that is no longer defined")
            }
        }
    }
}

impl DecisionRefusal {
    /// Stable code for the page and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            DecisionRefusal::UnknownEntry { .. } => "unknown_entry",
            DecisionRefusal::UnknownOutcome { .. } => "unknown_outcome",
            DecisionRefusal::OrderTooShort => "order_too_short",
            DecisionRefusal::RepeatedEntry { .. } => "repeated_entry",
            DecisionRefusal::NotTied { .. } => "not_tied",
            DecisionRefusal::Unscored { .. } => "unscored",
            DecisionRefusal::Finalized { .. } => "decision_locked",
            DecisionRefusal::Problems { .. } => "decision_problems",
            DecisionRefusal::QuorumIncomplete { .. } => "quorum_incomplete",
            DecisionRefusal::DecisionIncomplete { .. } => "decision_incomplete",
            DecisionRefusal::OutcomeInUse { .. } => "outcome_in_use",
            DecisionRefusal::BadOutcome { .. } => "bad_outcome",
            DecisionRefusal::NoOutcomes => "no_outcomes",
            DecisionRefusal::NothingToAnnounce => "nothing_to_announce",
            DecisionRefusal::FinalizedChanged { .. } => "finalized_changed",
            DecisionRefusal::FinalizationSealChanged { .. } => "finalization_seal_changed",
            DecisionRefusal::UnknownEntries { .. } => "unknown_entries",
            DecisionRefusal::NotInRoom { .. } => "not_in_room",
            DecisionRefusal::NoEntries { .. } => "no_entries",
            DecisionRefusal::SecretariatUnnamed => "secretariat_unnamed",
            DecisionRefusal::ChairUnnamed => "chair_unnamed",
            DecisionRefusal::NoPanel => "no_panel",
            DecisionRefusal::ChairNotOnPanel { .. } => "chair_not_on_panel",
            DecisionRefusal::AlreadyFinal { .. } => "already_final",
            DecisionRefusal::NotFinal { .. } => "not_final",
            DecisionRefusal::ReopenWithoutReason => "reopen_without_reason",
            DecisionRefusal::UnknownDocumentKind { .. } => "unknown_document_kind",
            DecisionRefusal::DocumentVersionMoved { .. } => "document_version_moved",
        }
    }

    /// The refusal in words, with the entries, panelists and seats it concerns.
    pub fn message(&self, lang: Lang) -> String {
        let problems = |ps: &[DecisionProblem]| {
            ps.iter()
                .map(|p| p.message(lang))
                .collect::<Vec<_>>()
                .join("; ")
        };
        match (self, lang) {
            (DecisionRefusal::UnknownEntry { no }, Lang::Id) => {
                format!("tidak ada inovasi bernomor {no}")
            }
            (DecisionRefusal::UnknownEntry { no }, Lang::En) => format!("no entry numbered {no}"),
            (DecisionRefusal::UnknownOutcome { name }, Lang::Id) => {
                format!("hasil \"{name}\" tidak ditetapkan untuk kompetisi ini")
            }
            (DecisionRefusal::UnknownOutcome { name }, Lang::En) => {
                format!("the competition defines no outcome \"{name}\"")
            }
            (DecisionRefusal::OrderTooShort, Lang::Id) => {
                "urutan memerlukan sedikitnya dua inovasi".into()
            }
            (DecisionRefusal::OrderTooShort, Lang::En) => {
                "an order needs at least two entries".into()
            }
            (DecisionRefusal::RepeatedEntry { no }, Lang::Id) => {
                format!("No {no} disebut dua kali dalam urutan")
            }
            (DecisionRefusal::RepeatedEntry { no }, Lang::En) => {
                format!("No {no} is named twice in the order")
            }
            (DecisionRefusal::NotTied { ranks }, lang) => {
                let shown = ranks
                    .iter()
                    .map(|(no, rank)| match rank {
                        Some(k) => format!("No {no} {} {k}", lang.pick("peringkat", "rank")),
                        None => format!("No {no} {}", lang.pick("belum dinilai", "unscored")),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                match lang {
                    Lang::Id => format!(
                        "inovasi ini tidak seri ({shown}); urutan yang menyimpang dari urutan \
                         nilai memerlukan alasan tertulis"
                    ),
                    Lang::En => format!(
                        "these entries do not share a rank ({shown}); an order that departs \
                         from score order needs a written reason"
                    ),
                }
            }
            (DecisionRefusal::Unscored { no }, Lang::Id) => format!("No {no} belum dinilai"),
            (DecisionRefusal::Unscored { no }, Lang::En) => format!("No {no} has no score yet"),
            (DecisionRefusal::Finalized { entries }, Lang::Id) => format!(
                "hasil No {} sudah final; keputusan atasnya terkunci sampai dibuka kembali",
                list(entries)
            ),
            (DecisionRefusal::Finalized { entries }, Lang::En) => format!(
                "the results of No {} are final; the decision on them is locked until reopened",
                list(entries)
            ),
            (DecisionRefusal::Problems { problems: ps }, _) => problems(ps),
            (DecisionRefusal::QuorumIncomplete { missing }, Lang::Id) => format!(
                "{} penilaian belum ada: {}; lengkapi, atau ketua menyetujui finalisasi dengan \
                 alasan tertulis (--quorum-override)",
                missing.len(),
                missing_list(missing, lang)
            ),
            (DecisionRefusal::QuorumIncomplete { missing }, Lang::En) => format!(
                "{} ballot(s) missing: {}; complete them, or the chair overrides the quorum \
                 with a written reason (--quorum-override)",
                missing.len(),
                missing_list(missing, lang)
            ),
            (DecisionRefusal::DecisionIncomplete { problems: ps }, Lang::Id) => {
                format!("keputusan panel belum lengkap: {}", problems(ps))
            }
            (DecisionRefusal::DecisionIncomplete { problems: ps }, Lang::En) => {
                format!("the panel's decision is incomplete: {}", problems(ps))
            }
            (DecisionRefusal::OutcomeInUse { name, entries }, Lang::Id) => format!(
                "hasil \"{name}\" sudah diberikan kepada No {}; cabut dahulu",
                list(entries)
            ),
            (DecisionRefusal::OutcomeInUse { name, entries }, Lang::En) => format!(
                "the outcome \"{name}\" is given to No {}; take it back first",
                list(entries)
            ),
            (
                DecisionRefusal::BadOutcome {
                    name, reason_id, ..
                },
                Lang::Id,
            ) => format!("hasil \"{name}\": {reason_id}"),
            (
                DecisionRefusal::BadOutcome {
                    name, reason_en, ..
                },
                Lang::En,
            ) => format!("outcome \"{name}\": {reason_en}"),
            (DecisionRefusal::NoOutcomes, Lang::Id) => {
                "belum ada hasil yang ditetapkan (mis. \"Juara I\" 1 kursi)".into()
            }
            (DecisionRefusal::NoOutcomes, Lang::En) => {
                "no outcomes are defined yet (e.g. \"Juara I\" with 1 seat)".into()
            }
            (DecisionRefusal::NothingToAnnounce, Lang::Id) => {
                "belum ada inovasi yang diberi hasil; pengumuman memuat hasil keputusan panel"
                    .into()
            }
            (DecisionRefusal::NothingToAnnounce, Lang::En) => {
                "no entry has been given an outcome yet; the announcement lists the panel's \
                 outcomes"
                    .into()
            }
            (DecisionRefusal::FinalizedChanged { entries }, Lang::Id) => format!(
                "hasil No {} berbeda dari yang difinalisasi (lembar nilai diubah atau dihapus \
                 di luar Panelis); tidak ada dokumen yang diterbitkan. Periksa dengan \
                 `panelis audit verify` dan buka cadangan finalisasi",
                list(entries)
            ),
            (DecisionRefusal::FinalizedChanged { entries }, Lang::En) => format!(
                "the results of No {} differ from what was finalized (ballots changed or \
                 deleted outside Panelis); no document was issued. Check with `panelis audit \
                 verify` and open the finalization backup",
                list(entries)
            ),
            (DecisionRefusal::FinalizationSealChanged { entries }, Lang::Id) => format!(
                "segel finalisasi No {} hilang atau berbeda dari yang dicatat log audit saat \
                 finalisasi (catatan finalisasi diubah di luar Panelis); tidak ada dokumen yang \
                 diterbitkan. Periksa dengan `panelis audit verify` dan buka cadangan finalisasi",
                list(entries)
            ),
            (DecisionRefusal::FinalizationSealChanged { entries }, Lang::En) => format!(
                "the finalization seal of No {} is missing or differs from the one the audit \
                 log recorded at finalization (the finalization record was changed outside \
                 Panelis); no document was issued. Check with `panelis audit verify` and open \
                 the finalization backup",
                list(entries)
            ),
            (DecisionRefusal::UnknownEntries { entries }, Lang::Id) => {
                format!("tidak ada inovasi bernomor {}", list(entries))
            }
            (DecisionRefusal::UnknownEntries { entries }, Lang::En) => {
                format!("entries: no entry numbered {}", list(entries))
            }
            (DecisionRefusal::NotInRoom { entries, room }, Lang::Id) => format!(
                "inovasi No {} tidak dijadwalkan di ruang \"{room}\"",
                list(entries)
            ),
            (DecisionRefusal::NotInRoom { entries, room }, Lang::En) => format!(
                "entries: entry {} is not scheduled in room {room:?}",
                list(entries)
            ),
            (DecisionRefusal::NoEntries { room: Some(room) }, Lang::Id) => {
                format!("tidak ada inovasi yang dijadwalkan di ruang \"{room}\"")
            }
            (DecisionRefusal::NoEntries { room: Some(room) }, Lang::En) => {
                format!("no entry is scheduled in room {room:?}")
            }
            (DecisionRefusal::NoEntries { room: None }, Lang::Id) => {
                "kompetisi ini belum punya inovasi".into()
            }
            (DecisionRefusal::NoEntries { room: None }, Lang::En) => {
                "the competition has no entries".into()
            }
            (DecisionRefusal::SecretariatUnnamed, Lang::Id) => {
                "petugas sekretariat yang memfinalisasi harus disebut namanya".into()
            }
            (DecisionRefusal::SecretariatUnnamed, Lang::En) => {
                "secretariat: the secretariat officer who finalizes must be named".into()
            }
            (DecisionRefusal::ChairUnnamed, Lang::Id) => {
                "ketua panel yang memfinalisasi harus disebut namanya".into()
            }
            (DecisionRefusal::ChairUnnamed, Lang::En) => {
                "chair: the chair who finalizes must be named".into()
            }
            (DecisionRefusal::NoPanel, Lang::Id) => {
                "kompetisi ini belum punya panel; tambahkan panelis sebelum finalisasi".into()
            }
            (DecisionRefusal::NoPanel, Lang::En) => {
                "the competition has no panel; add the panelists before finalizing".into()
            }
            (
                DecisionRefusal::ChairNotOnPanel {
                    name,
                    chair_on_record,
                },
                Lang::Id,
            ) => {
                let on_record = chair_on_record
                    .as_ref()
                    .map(|c| format!(" (ketua yang tercatat: {c})"))
                    .unwrap_or_default();
                format!(
                    "\"{}\" tidak ada di panel{on_record}",
                    crate::text::excerpt(name)
                )
            }
            (
                DecisionRefusal::ChairNotOnPanel {
                    name,
                    chair_on_record,
                },
                Lang::En,
            ) => {
                let on_record = chair_on_record
                    .as_ref()
                    .map(|c| format!(" (the chair on record is {c})"))
                    .unwrap_or_default();
                format!(
                    "chair: \"{}\" is not on the panel{on_record}",
                    crate::text::excerpt(name)
                )
            }
            (DecisionRefusal::AlreadyFinal { scope }, Lang::Id) => {
                format!("hasil {} sudah final", scope.words(lang))
            }
            (DecisionRefusal::AlreadyFinal { scope }, Lang::En) => {
                format!("the results of {} are already final", scope.words(lang))
            }
            (DecisionRefusal::NotFinal { scope }, Lang::Id) => format!(
                "hasil {} belum final; tidak ada yang dibuka kembali",
                scope.words(lang)
            ),
            (DecisionRefusal::NotFinal { scope }, Lang::En) => format!(
                "the results of {} are not finalized; there is nothing to reopen",
                scope.words(lang)
            ),
            (DecisionRefusal::ReopenWithoutReason, Lang::Id) => {
                "membuka kembali hasil final perlu alasan tertulis".into()
            }
            (DecisionRefusal::ReopenWithoutReason, Lang::En) => {
                "reason: reopening finalized results needs a written reason".into()
            }
            (DecisionRefusal::UnknownDocumentKind { kind }, Lang::Id) => {
                format!("\"{}\" bukan jenis dokumen", crate::text::excerpt(kind))
            }
            (DecisionRefusal::UnknownDocumentKind { kind }, Lang::En) => format!(
                "document kind: \"{}\" is not a document kind",
                crate::text::excerpt(kind)
            ),
            (
                DecisionRefusal::DocumentVersionMoved {
                    kind,
                    prepared,
                    now,
                },
                Lang::Id,
            ) => format!(
                "dokumen {kind} disiapkan sebagai versi {prepared}, tetapi catatan kini meminta \
                 versi {now}; ekspor ulang"
            ),
            (
                DecisionRefusal::DocumentVersionMoved {
                    kind,
                    prepared,
                    now,
                },
                Lang::En,
            ) => format!(
                "the {kind} was prepared as version {prepared} but the record now calls for \
                 version {now}; export it again"
            ),
        }
    }
}

impl std::fmt::Display for DecisionRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
