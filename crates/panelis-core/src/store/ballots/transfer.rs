//! Exporting one panelist's submitted ballots to a ballot file and importing one. Export
//! verifies every ballot again and leaves out any that fail. Import verifies every ballot
//! against the key in the file, which must be the key on record when one is registered (a
//! panelist's first file registers its key, trust on first use, in the audit log); it adds
//! the good ones in one transaction, lists the bad ones, and is idempotent.
//!
//! Ballot identity is panelist x entry x revision: a revision already here with the same
//! signature is "already present"; with other content it is rejected, never overwritten.

use super::{
    conflict_reason, entry_no, insert_revision, is_finalized, load, panelist_name, register_key,
    registered_key,
};
use crate::ballot::signing::{self, parse_public_key, public_key_hex};
use crate::ballot::transfer::{
    BallotExport, BallotFile, FileBallot, ImportReport, RejectedBallot, FORMAT, FORMAT_VERSION,
};
use crate::model::{Ballot, Signer};
use crate::scoring::check_score;
use crate::store::audit::Event;
use crate::store::Actor;
use crate::{time, Error, Result};
use ed25519_dalek::VerifyingKey;
use uuid::Uuid;

impl crate::store::Store {
    /// Every submitted revision of the panelist's ballots, verified, as a ballot file.
    pub fn export_ballots(&self, panelist_id: Uuid) -> Result<BallotExport> {
        let panelist = panelist_name(self.conn(), panelist_id)?;
        let competition = self.competition()?;
        let rubric = self.rubric()?;
        let p = panelist_id.to_string();
        let ballots = load(
            self.conn(),
            "b.panelist_id = ?1 AND b.status = 'submitted'",
            &[&p],
        )?;
        let mut file = BallotFile {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            competition_id: competition.id,
            competition: competition.name,
            panelist_id,
            panelist,
            public_key: self
                .ballot_key(Signer::Panelist, panelist_id)?
                .map(|k| public_key_hex(&k)),
            paper_public_key: self
                .ballot_key(Signer::Secretariat, panelist_id)?
                .map(|k| public_key_hex(&k)),
            exported_at: time::now(),
            ballots: Vec::new(),
        };
        let mut failed = Vec::new();
        for (ballot, check) in self.verify_all(ballots)? {
            match check {
                Ok(()) => {
                    let no = entry_no(self.conn(), ballot.entry_id)?.unwrap_or(0);
                    file.ballots
                        .push(FileBallot::of(&ballot, no, &rubric.criteria)?);
                }
                Err(reason) => failed.push((ballot, reason)),
            }
        }
        Ok(BallotExport { file, failed })
    }

    /// Imports a ballot file made by [`Self::export_ballots`] in another copy of this
    /// competition. Refused whole when the file is of another competition or names a panelist
    /// not on this panel; otherwise every ballot is judged on its own.
    pub fn import_ballots(&mut self, file: &BallotFile) -> Result<ImportReport> {
        let here = self.competition()?;
        if file.competition_id != here.id {
            return Err(Error::Refused(format!(
                "the ballot file is of another competition ({}); nothing was imported",
                file.competition
            )));
        }
        let pid = file.panelist_id;
        let panelist = panelist_name(self.conn(), pid)?;
        let rubric = self.rubric()?;
        let file_key = |hex: &Option<String>| -> Result<Option<VerifyingKey>> {
            hex.as_deref()
                .map(|h| parse_public_key(h.as_bytes()))
                .transpose()
        };
        let file_keys = [
            (Signer::Panelist, file_key(&file.public_key)?),
            (Signer::Secretariat, file_key(&file.paper_public_key)?),
        ];
        let mut ballots: Vec<&FileBallot> = file.ballots.iter().collect();
        ballots.sort_by_key(|b| (b.entry_no, b.revision));
        self.write(Actor::Secretariat, |tx| {
            // The key each signer's ballots are verified with, or why there is none.
            let mut keys = Vec::new();
            for (signer, in_file) in &file_keys {
                let on_record = registered_key(tx, *signer, pid)?;
                let key = match (on_record, in_file) {
                    (Some(r), Some(f)) if r != *f => Err(reject_text(
                        "ditandatangani dengan kunci lain dari yang terdaftar untuk panelis ini",
                        "signed with a key other than the one registered for this panelist",
                    )),
                    (Some(r), _) => Ok((r, false)),
                    (None, Some(f)) => Ok((*f, true)),
                    (None, None) => Err(reject_text(
                        "kunci publik tidak ada dalam berkas maupun di sini",
                        "no public key for this signer in the file or on record",
                    )),
                };
                keys.push((*signer, key));
            }
            let mut report = ImportReport {
                panelist: panelist.clone(),
                ..ImportReport::default()
            };
            let mut accepted: Vec<Ballot> = Vec::new();
            for fb in &ballots {
                let ballot = fb.to_ballot(pid);
                let verdict = judge(tx, here.id, &rubric, &keys, &ballot, &accepted)?;
                match verdict {
                    Verdict::Accept => accepted.push(ballot),
                    Verdict::AlreadyPresent => report.already_present += 1,
                    Verdict::Reject(id, en) => report.rejected.push(RejectedBallot {
                        ballot_id: fb.id,
                        entry_no: fb.entry_no,
                        revision: fb.revision,
                        reason_id: id,
                        reason_en: en,
                    }),
                }
            }
            for (signer, key) in &keys {
                if let Ok((key, true)) = key {
                    if accepted.iter().any(|b| b.signer == Some(*signer)) {
                        register_key(tx, Actor::Secretariat, *signer, pid, key)?;
                        report.keys_registered.push(*signer);
                    }
                }
            }
            for ballot in &accepted {
                insert_revision(tx, ballot)?;
            }
            report.imported = accepted.len() as u32;
            let event = (!accepted.is_empty()).then(|| {
                Event::new(
                    "ballots.imported",
                    serde_json::json!({
                        "panelist": pid,
                        "file_exported_at": file.exported_at,
                        "imported": accepted.iter().map(|b| serde_json::json!({
                            "ballot": b.id, "entry": b.entry_id, "revision": b.revision,
                            "signer": b.signer,
                            "signature": b.signature.as_deref().map(|s| signing::fingerprint(s.as_bytes())),
                        })).collect::<Vec<_>>(),
                        "already_present": report.already_present,
                        "rejected": report.rejected.iter().map(|r| serde_json::json!({
                            "entry_no": r.entry_no, "revision": r.revision, "reason": r.reason_en,
                        })).collect::<Vec<_>>(),
                    }),
                )
            });
            Ok((report, event))
        })
    }
}

enum Verdict {
    Accept,
    AlreadyPresent,
    Reject(String, String),
}

fn reject_text(id: &str, en: &str) -> (String, String) {
    (id.to_string(), en.to_string())
}

type SignerKey = (
    Signer,
    std::result::Result<(VerifyingKey, bool), (String, String)>,
);

/// Decides one ballot of a file: verified, of this rubric, of an entry here that the
/// panelist may score, and not conflicting with a revision on record or earlier in the file.
fn judge(
    tx: &rusqlite::Transaction<'_>,
    competition: Uuid,
    rubric: &crate::model::Rubric,
    keys: &[SignerKey],
    ballot: &Ballot,
    accepted: &[Ballot],
) -> Result<Verdict> {
    let reject = |id: &str, en: &str| Ok(Verdict::Reject(id.to_string(), en.to_string()));
    let signer = ballot.signer.unwrap_or(Signer::Panelist);
    let key = match keys.iter().find(|(s, _)| *s == signer).map(|(_, k)| k) {
        Some(Ok((key, _))) => *key,
        Some(Err((id, en))) => return reject(id, en),
        None => return reject("penanda tangan tidak dikenal", "unknown signer"),
    };
    if signing::verify_ballot(ballot, competition, &key).is_err() {
        return reject(
            "tanda tangan tidak cocok dengan isi surat suara",
            "the signature does not verify: the ballot was altered or signed by another key",
        );
    }
    let rubric_matches = ballot.rubric_id == rubric.id
        && ballot.rubric_version == rubric.version
        && ballot.scores.len() == rubric.criteria.len()
        && ballot
            .scores
            .iter()
            .zip(&rubric.criteria)
            .all(|((id, score), c)| *id == c.id && check_score(c, *score).is_ok());
    if !rubric_matches {
        return reject(
            "nilai tidak sesuai dengan rubrik kompetisi ini",
            "the scores do not fit this competition's rubric",
        );
    }
    if entry_no(tx, ballot.entry_id)?.is_none() {
        return reject(
            "inovasi tidak ada dalam kompetisi ini",
            "the entry is not in this competition",
        );
    }
    let (p, e, id) = (
        ballot.panelist_id.to_string(),
        ballot.entry_id.to_string(),
        ballot.id.to_string(),
    );
    let on_record = load(
        tx,
        "b.id = ?3 OR (b.panelist_id = ?1 AND b.entry_id = ?2 AND b.revision = ?4)",
        &[&p, &e, &id, &ballot.revision],
    )?;
    if let Some(existing) = on_record.first() {
        let same = existing.id == ballot.id
            && existing.signature == ballot.signature
            && existing.scores == ballot.scores
            && existing.note == ballot.note
            && existing.criterion_notes == ballot.criterion_notes;
        return if same {
            Ok(Verdict::AlreadyPresent)
        } else {
            reject(
                "revisi ini sudah tercatat dengan isi lain",
                "this revision is already on record with other content",
            )
        };
    }
    if accepted.iter().any(|a| {
        a.id == ballot.id || (a.entry_id == ballot.entry_id && a.revision == ballot.revision)
    }) {
        return reject(
            "revisi ini muncul dua kali dalam berkas",
            "this revision appears twice in the file",
        );
    }
    if conflict_reason(tx, ballot.panelist_id, ballot.entry_id)?.is_some() {
        return reject(
            "panelis abstain pada inovasi ini (konflik kepentingan)",
            "the panelist abstains on this entry (conflict of interest)",
        );
    }
    if is_finalized(tx, ballot.entry_id)? {
        return reject("hasil inovasi ini sudah final", "the entry is finalized");
    }
    Ok(Verdict::Accept)
}
