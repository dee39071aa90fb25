//! Signing and checking the audit log's checkpoints with the organizer's identity. The
//! identity signs a checkpoint ([`panelis_core::store::AuditCheckpoint::message`]) as a
//! detached CMS SignedData carrying its certificate, the same signature a document carries.
//! Checking one: the signature verifies over this competition's message, and its
//! certificate is the organizer's (the data folder's, or the one given), or one the
//! organizer's vouched for when it replaced it. Each checkpoint that passes is an anchor
//! the file itself holds; each that fails is named.

use crate::anchor::grouped;
use crate::identity::certificate_fingerprint;
use crate::{Identity, Result};
use panelis_core::store::{AuditAnchor, AuditBreak, AuditCheckpoint, CheckpointSigner};
use panelis_core::Store;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

impl CheckpointSigner for Identity {
    fn certificate_sha256(&self) -> String {
        self.fingerprint()
    }

    fn sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, String> {
        crate::sign::signed_data(self, &Sha256::digest(message)).map_err(|e| e.to_string())
    }
}

/// What checking the checkpoints found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckpointCheck {
    /// How many checkpoints the file holds.
    pub checkpoints: usize,
    /// The checkpoints that count, as anchors for the chain.
    pub anchors: Vec<AuditAnchor>,
    /// Checkpoints whose signature fails or is not the organizer's.
    pub breaks: Vec<AuditBreak>,
    /// The organizer's certificate checked against (SHA-256); `None`: none was at hand, so
    /// intact signatures were not checked for whose they are.
    pub organizer: Option<String>,
    /// The certificates (SHA-256) whose intact signatures count.
    pub signers: BTreeSet<String>,
    /// The newest event a checkpoint that counts covers.
    pub covered_to: Option<i64>,
}

/// Checks every checkpoint of `store`: its signature over this competition's message, and
/// (with `organizer`, a certificate's SHA-256) that the organizer signed it.
pub fn check_checkpoints(store: &Store, organizer: Option<&str>) -> Result<CheckpointCheck> {
    let competition = store.competition()?.id;
    let all = store.audit_checkpoints()?;
    let mut breaks = Vec::new();
    let mut intact: Vec<(AuditCheckpoint, String)> = Vec::new();
    for cp in &all {
        let digest = Sha256::digest(cp.message(competition));
        match crate::verify::check_cms(&cp.signature, &digest) {
            Err(e) => breaks.push(AuditBreak {
                seq: cp.head.count,
                reason: format!(
                    "{}: its signature does not verify ({e}); it was edited or is not this \
                     competition's",
                    source(cp)
                ),
            }),
            Ok((cert, ())) => {
                let signed_by = certificate_fingerprint(&cert);
                if signed_by != cp.certificate_sha256.to_lowercase() {
                    breaks.push(AuditBreak {
                        seq: cp.head.count,
                        reason: format!(
                            "{}: the certificate written beside it ({}) is not the one that \
                             signed it ({})",
                            source(cp),
                            grouped(&cp.certificate_sha256),
                            grouped(&signed_by)
                        ),
                    });
                }
                intact.push((cp.clone(), signed_by));
            }
        }
    }
    let organizer = organizer.map(str::to_lowercase);
    // Whose signatures count: the organizer's, and each certificate it (or one it vouched
    // for) vouched for when replacing it. Without an organizer, every intact one.
    let signers: BTreeSet<String> = match &organizer {
        None => intact.iter().map(|(_, fp)| fp.clone()).collect(),
        Some(fp) => {
            let mut trusted = BTreeSet::from([fp.clone()]);
            loop {
                let more: Vec<String> = intact
                    .iter()
                    .filter(|(_, by)| trusted.contains(by))
                    .filter_map(|(cp, _)| cp.endorses.as_ref().map(|e| e.to_lowercase()))
                    .filter(|e| !trusted.contains(e))
                    .collect();
                if more.is_empty() {
                    break trusted;
                }
                trusted.extend(more);
            }
        }
    };
    let mut anchors = Vec::new();
    for (cp, by) in &intact {
        if signers.contains(by) {
            anchors.push(AuditAnchor {
                source: source(cp),
                head: cp.head.clone(),
            });
        } else {
            breaks.push(AuditBreak {
                seq: cp.head.count,
                reason: format!(
                    "{} is signed by another certificate (SHA-256 {}), not the organizer's \
                     ({}): it proves nothing, and someone wrote it into the file",
                    source(cp),
                    grouped(by),
                    grouped(organizer.as_deref().unwrap_or_default())
                ),
            });
        }
    }
    let covered_to = anchors.iter().map(|a| a.head.count).max();
    Ok(CheckpointCheck {
        checkpoints: all.len(),
        anchors,
        breaks,
        organizer,
        signers: signers
            .into_iter()
            .filter(|s| intact.iter().any(|(_, by)| by == s))
            .collect(),
        covered_to,
    })
}

/// "signed checkpoint 3 (event 41)".
fn source(cp: &AuditCheckpoint) -> String {
    format!("signed checkpoint {} (event {})", cp.seq, cp.head.count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_counts_for_its_signer_and_the_certificates_it_vouched_for() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::create(
            &dir.path().join("c.panelis"),
            &panelis_core::model::NewCompetition {
                name: "KIPP Kota Makassar 2024".into(),
                ..Default::default()
            },
        )
        .expect("store");
        let old = Identity::self_signed("Biro Organisasi").expect("old");
        let new = Identity::self_signed("Biro Organisasi").expect("new");
        store
            .sign_audit_checkpoint(&old)
            .expect("sign")
            .expect("one");
        let by_old = check_checkpoints(&store, Some(&old.fingerprint())).expect("check");
        assert_eq!((by_old.anchors.len(), by_old.breaks.len()), (1, 0));
        assert_eq!(by_old.covered_to, Some(1));
        // Another organizer: refused, named.
        let by_new = check_checkpoints(&store, Some(&new.fingerprint())).expect("check");
        assert_eq!((by_new.anchors.len(), by_new.breaks.len()), (0, 1));
        assert!(
            by_new.breaks[0]
                .reason
                .contains("signed by another certificate"),
            "{:?}",
            by_new.breaks
        );
        // No organizer at hand: counted, its signer named.
        let unknown = check_checkpoints(&store, None).expect("check");
        assert_eq!(unknown.anchors.len(), 1);
        assert_eq!(
            unknown.signers,
            BTreeSet::from([old.fingerprint()]),
            "the signer is named"
        );
        // The new certificate vouches for the old: both count for the new organizer.
        store
            .endorse_audit_certificate(&new, &old.fingerprint())
            .expect("endorse")
            .expect("one");
        let by_new = check_checkpoints(&store, Some(&new.fingerprint())).expect("check");
        assert_eq!((by_new.anchors.len(), by_new.breaks.len()), (2, 0));
        // The old one cannot vouch for the new one: checked against the old, the new one's
        // checkpoint is another's.
        let by_old = check_checkpoints(&store, Some(&old.fingerprint())).expect("check");
        assert_eq!((by_old.anchors.len(), by_old.breaks.len()), (1, 1));
    }
}
