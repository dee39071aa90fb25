//! Exporting one panelist's submitted ballots to a ballot file and importing one. Export
//! verifies every ballot again and leaves out any that fail. Import verifies every ballot
//! against the key in the file, which must be the key on record when one is registered (a
//! panelist's first file registers its key, trust on first use, in the audit log); it adds
//! the good ones in one transaction, lists the bad ones, and is idempotent.
//!
//! Ballot identity is panelist x entry x revision: a revision already here with the same
//! signature is "already present"; with other content it is rejected, never overwritten.

use super::{
    entry_no, insert_revision, load, panelist_name, register_key, registered_key, OnRecord,
};
use crate::ballot::judge::{judge, BallotRefusal, Verdict};
use crate::ballot::signing::{self, parse_public_key, public_key_hex};
use crate::ballot::transfer::{
    BallotExport, BallotFile, FileBallot, ImportReport, RejectedBallot, UnregisteredKey, FORMAT,
    FORMAT_VERSION,
};
use crate::lang::Lang;
use crate::model::{Ballot, Rubric, Signer};
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
    /// not on this panel; otherwise every ballot is judged on its own
    /// ([`crate::ballot::judge::judge`]). A key the file announces for a panelist with none
    /// registered is taken only when `accept_keys` holds its fingerprint (at least
    /// [`signing::CONFIRM_DIGITS`] hex digits, as the secretariat compared it on screen);
    /// otherwise its ballots are refused and the report lists the key to compare.
    pub fn import_ballots(
        &mut self,
        file: &BallotFile,
        accept_keys: &[String],
    ) -> Result<ImportReport> {
        let here = self.competition()?;
        if file.competition_id != here.id {
            return Err(Error::Ballot(BallotRefusal::WrongCompetition {
                competition: Some(file.competition.clone()),
            }));
        }
        let pid = file.panelist_id;
        let panelist = panelist_name(self.conn(), pid)?;
        let file_key = |hex: &Option<String>| -> Result<Option<VerifyingKey>> {
            hex.as_deref()
                .map(|h| parse_public_key(h.as_bytes()))
                .transpose()
        };
        let file_keys = [
            (Signer::Panelist, file_key(&file.public_key)?),
            (Signer::Secretariat, file_key(&file.paper_public_key)?),
        ];
        let mut ballots: Vec<Ballot> = file.ballots.iter().map(|b| b.to_ballot(pid)).collect();
        ballots.sort_by_key(|b| (entry_no_in(file, b), b.revision));
        let rubric = self.rubric()?;
        self.write(Actor::Secretariat, |tx| {
            let confirmed =
                |k: &VerifyingKey| accept_keys.iter().any(|typed| signing::confirms(typed, k));
            let taken = take(
                tx,
                here.id,
                pid,
                &rubric,
                &file_keys,
                &confirmed,
                &ballots,
                time::now(),
            )?;
            let mut report = ImportReport {
                panelist: panelist.clone(),
                keys_registered: taken.keys_registered,
                unregistered_keys: taken.unregistered,
                imported: taken.accepted.len() as u32,
                ..ImportReport::default()
            };
            for (ballot, verdict) in ballots.iter().zip(&taken.verdicts) {
                match verdict {
                    Verdict::Accept => {}
                    Verdict::AlreadyPresent => report.already_present += 1,
                    Verdict::Refuse(refusal) => report.rejected.push(RejectedBallot {
                        ballot_id: ballot.id,
                        entry_no: entry_no_in(file, ballot),
                        revision: ballot.revision,
                        reason_id: refusal.message(Lang::Id),
                        reason_en: refusal.message(Lang::En),
                        code: refusal.code().to_string(),
                    }),
                }
            }
            let event = (!taken.accepted.is_empty()).then(|| {
                Event::new(
                    "ballots.imported",
                    serde_json::json!({
                        "panelist": pid,
                        "file_exported_at": file.exported_at,
                        "imported": taken.accepted.iter().map(|b| serde_json::json!({
                            "ballot": b.id, "entry": b.entry_id, "revision": b.revision,
                            "signer": b.signer,
                            "signature": b.signature.as_deref().map(|s| signing::fingerprint(s.as_bytes())),
                        })).collect::<Vec<_>>(),
                        "already_present": report.already_present,
                        "rejected": report.rejected.iter().map(|r| serde_json::json!({
                            "entry_no": r.entry_no, "revision": r.revision, "reason": r.reason_en,
                            "code": r.code,
                        })).collect::<Vec<_>>(),
                    }),
                )
            });
            Ok((report, event))
        })
    }

    /// Takes one ballot a panelist's station sent over the venue LAN, signed with the key the
    /// station joined with (`key`, authenticated by the LAN's join): judged by the same rule
    /// as a ballot file ([`crate::ballot::judge::judge`]), stored with its audit event when
    /// accepted. The ballot must be the panelist's own.
    pub fn receive_ballot(
        &mut self,
        panelist_id: Uuid,
        key: &VerifyingKey,
        ballot: &FileBallot,
    ) -> Result<Verdict> {
        let here = self.competition()?.id;
        if ballot.signer != Signer::Panelist {
            // A station signs only with the panelist's own key.
            return Ok(Verdict::Refuse(BallotRefusal::BadSignature));
        }
        let keys = [(Signer::Panelist, Some(*key)), (Signer::Secretariat, None)];
        let ballots = [ballot.to_ballot(panelist_id)];
        let rubric = self.rubric()?;
        self.write(Actor::Panelist(panelist_id), |tx| {
            // The join authenticated this key (token and pinned TLS).
            let taken = take(
                tx,
                here,
                panelist_id,
                &rubric,
                &keys,
                &|_| true,
                &ballots,
                time::now(),
            )?;
            let verdict = taken.verdicts.into_iter().next().unwrap_or(Verdict::Accept);
            let event = (verdict == Verdict::Accept).then(|| {
                let b = &ballots[0];
                Event::new(
                    "ballots.received",
                    serde_json::json!({
                        "panelist": panelist_id,
                        "ballot": b.id, "entry": b.entry_id, "revision": b.revision,
                        "signature": b.signature.as_deref().map(|s| signing::fingerprint(s.as_bytes())),
                    }),
                )
            });
            Ok((verdict, event))
        })
    }
}

/// The entry number a ballot file gives for a ballot (0 when the file has none).
fn entry_no_in(file: &BallotFile, ballot: &Ballot) -> u32 {
    file.ballots
        .iter()
        .find(|b| b.id == ballot.id)
        .map_or(0, |b| b.entry_no)
}

/// What [`take`] did with a batch.
struct Taken {
    /// One verdict per ballot of the batch, in its order.
    verdicts: Vec<Verdict>,
    accepted: Vec<Ballot>,
    keys_registered: Vec<Signer>,
    /// Keys announced and not confirmed, with their fingerprints.
    unregistered: Vec<UnregisteredKey>,
}

/// Judges a batch of one panelist's ballots, then stores the accepted ones and registers a
/// key first seen with them. `keys` is the key each signer's ballots came with; a key not
/// registered yet is used only when `confirmed` says so (the secretariat confirmed its
/// fingerprint, or the LAN's join authenticated it); `now` is this host's clock.
#[allow(clippy::too_many_arguments)]
fn take(
    tx: &rusqlite::Transaction<'_>,
    competition_id: Uuid,
    panelist_id: Uuid,
    rubric: &Rubric,
    keys: &[(Signer, Option<VerifyingKey>)],
    confirmed: &dyn Fn(&VerifyingKey) -> bool,
    batch: &[Ballot],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Taken> {
    // The key each signer's ballots are verified with (and whether it is new), or why none.
    let mut checked = Vec::new();
    for (signer, carried) in keys {
        let key = match (registered_key(tx, *signer, panelist_id)?, carried) {
            (Some(r), Some(c)) if r != *c => Err(BallotRefusal::KeyMismatch),
            (Some(r), _) => Ok((r, false)),
            // A file cannot vouch for itself: a new key enters only when confirmed.
            (None, Some(c)) if confirmed(c) => Ok((*c, true)),
            (None, Some(c)) => Err(BallotRefusal::UnregisteredKey {
                fingerprint: signing::key_fingerprint(c),
            }),
            (None, None) => Err(BallotRefusal::NoKey),
        };
        checked.push((*signer, key));
    }
    let record = OnRecord(tx);
    let mut taken = Taken {
        verdicts: Vec::new(),
        accepted: Vec::new(),
        keys_registered: Vec::new(),
        unregistered: checked
            .iter()
            .filter_map(|(signer, k)| match k {
                Err(BallotRefusal::UnregisteredKey { fingerprint }) => Some(UnregisteredKey {
                    signer: *signer,
                    fingerprint: fingerprint.clone(),
                }),
                _ => None,
            })
            .collect(),
    };
    for ballot in batch {
        let signer = ballot.signer.unwrap_or(Signer::Panelist);
        let key = match checked.iter().find(|(s, _)| *s == signer).map(|(_, k)| k) {
            Some(Ok((key, _))) => Ok(key),
            Some(Err(refusal)) => Err(refusal.clone()),
            None => Err(BallotRefusal::NoKey),
        };
        let verdict = if ballot.panelist_id != panelist_id {
            Verdict::Refuse(BallotRefusal::WrongPanelist)
        } else {
            judge(
                &record,
                competition_id,
                rubric,
                key,
                ballot,
                batch,
                &taken.accepted,
                now,
            )?
        };
        if verdict == Verdict::Accept {
            taken.accepted.push(ballot.clone());
        }
        taken.verdicts.push(verdict);
    }
    for (signer, key) in &checked {
        if let Ok((key, true)) = key {
            if taken.accepted.iter().any(|b| b.signer == Some(*signer)) {
                register_key(tx, Actor::Secretariat, *signer, panelist_id, key)?;
                taken.keys_registered.push(*signer);
            }
        }
    }
    for ballot in &taken.accepted {
        insert_revision(tx, ballot)?;
    }
    Ok(taken)
}
