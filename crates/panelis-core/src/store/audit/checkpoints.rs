//! Signed checkpoints of the audit chain, kept inside the competition file. A checkpoint
//! states the competition, the head of the chain (its number of events and the last hash)
//! and when, signed with the organizer's key, which lives in the data folder and never in
//! the file. Someone with the file and sqlite3 can rewrite the chain and recompute every
//! hash, but cannot sign a checkpoint for the rewritten chain: each checkpoint whose
//! signature is the organizer's is an anchor ([`super::AuditAnchor`]) the file itself
//! carries. What the file alone cannot show is a chain cut back together with the
//! checkpoints covering what was cut: that still needs a head recorded outside the file.
//!
//! The core does not sign or verify: a [`CheckpointSigner`] (the organizer's identity, in
//! panelis-report) signs [`AuditCheckpoint::message`], and panelis-report checks the
//! signatures and whose they are.

use super::{head, AuditHead};
use crate::store::Cached;
use crate::store::Store;
use crate::{time, Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

pub(in crate::store) const SCHEMA_V6: &str = "
CREATE TABLE audit_checkpoints (
    seq                INTEGER PRIMARY KEY,
    at                 TEXT NOT NULL,
    count              INTEGER NOT NULL,
    hash               TEXT NOT NULL,
    certificate_sha256 TEXT NOT NULL,
    endorses           TEXT,
    signature          BLOB NOT NULL
);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'a signed checkpoint is kept as signed'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'a signed checkpoint is kept'); END;
";

/// Signs checkpoints with a key the competition file does not hold: the organizer's
/// identity, kept in the data folder.
pub trait CheckpointSigner {
    /// SHA-256 of the signing certificate (DER), lowercase hex: the fingerprint every
    /// document's footer prints.
    fn certificate_sha256(&self) -> String;
    /// A detached signature over `message` that carries its certificate (a CMS
    /// SignedData); on failure, what the signer said.
    fn sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, String>;
}

/// One signed checkpoint, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditCheckpoint {
    /// Order among the checkpoints, from 1.
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// The head of the chain it signs.
    pub head: AuditHead,
    /// SHA-256 of the certificate that signed it, as written beside the signature (the
    /// signature's own certificate is what counts).
    pub certificate_sha256: String,
    /// The fingerprint of an earlier organizer certificate this one vouches for: written
    /// when the organizer's certificate is replaced, so checkpoints the earlier one signed
    /// stay the organizer's.
    pub endorses: Option<String>,
    /// The detached CMS signature over [`AuditCheckpoint::message`].
    #[serde(skip)]
    pub signature: Vec<u8>,
}

impl AuditCheckpoint {
    /// The bytes signed: the competition, the head, the instant and what it endorses.
    pub fn message(&self, competition: uuid::Uuid) -> Vec<u8> {
        message(competition, &self.head, self.at, self.endorses.as_deref())
    }
}

fn message(
    competition: uuid::Uuid,
    head: &AuditHead,
    at: DateTime<Utc>,
    endorses: Option<&str>,
) -> Vec<u8> {
    format!(
        "panelis audit checkpoint 1\ncompetition {competition}\nevents {}\nhead {}\nat {}\n\
         endorses {}\n",
        head.count,
        head.hash,
        time::to_db(at),
        endorses.unwrap_or("-")
    )
    .into_bytes()
}

/// A stored checkpoint's event count, head hash, signer and endorsement.
type Stored = (i64, String, String, Option<String>);

/// The newest checkpoint's head, signer and endorsement, if any.
fn newest(conn: &rusqlite::Connection) -> Result<Option<Stored>> {
    Ok(conn
        .row(
            "SELECT count, hash, certificate_sha256, endorses FROM audit_checkpoints \
             ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?)
}

impl Store {
    /// Signs a checkpoint of the chain's head now with `signer`. `None` when there is no
    /// event yet, or when the newest checkpoint already signs this head with this
    /// certificate.
    pub fn sign_audit_checkpoint(
        &mut self,
        signer: &dyn CheckpointSigner,
    ) -> Result<Option<AuditCheckpoint>> {
        self.checkpoint(signer, None)
    }

    /// Signs a checkpoint with a new organizer certificate (`signer`) that vouches for the
    /// one it replaces (`previous`, its SHA-256): the checkpoints the earlier certificate
    /// signed stay the organizer's. `None` when there is no event yet.
    pub fn endorse_audit_certificate(
        &mut self,
        signer: &dyn CheckpointSigner,
        previous: &str,
    ) -> Result<Option<AuditCheckpoint>> {
        self.checkpoint(signer, Some(previous.to_lowercase()))
    }

    fn checkpoint(
        &mut self,
        signer: &dyn CheckpointSigner,
        endorses: Option<String>,
    ) -> Result<Option<AuditCheckpoint>> {
        let competition = self.competition()?.id;
        let certificate_sha256 = signer.certificate_sha256();
        self.write(super::Actor::Secretariat, |tx| {
            let Some((count, hash)) = head(tx)? else {
                return Ok((None, None));
            };
            if endorses.is_none() {
                if let Some((c, h, cert, None)) = newest(tx)? {
                    if c == count && h == hash && cert == certificate_sha256 {
                        return Ok((None, None));
                    }
                }
            }
            // At the precision the file stores, so the message read back is the one signed.
            let at = time::from_db(&time::to_db(time::now()))?;
            let head = AuditHead { count, hash };
            let signed = message(competition, &head, at, endorses.as_deref());
            let signature = signer
                .sign(&signed)
                .map_err(|cause| Error::CheckpointSigning { cause })?;
            tx.run(
                "INSERT INTO audit_checkpoints (at, count, hash, certificate_sha256, endorses,
                                                signature)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    time::to_db(at),
                    head.count,
                    head.hash,
                    certificate_sha256,
                    endorses,
                    signature
                ],
            )?;
            let checkpoint = AuditCheckpoint {
                seq: tx.last_insert_rowid(),
                at,
                head,
                certificate_sha256: certificate_sha256.clone(),
                endorses: endorses.clone(),
                signature,
            };
            // A checkpoint is not an event: an event for it would always lie beyond it.
            Ok((Some(checkpoint), None))
        })
    }

    /// Every signed checkpoint, oldest first.
    pub fn audit_checkpoints(&self) -> Result<Vec<AuditCheckpoint>> {
        let mut stmt = self.conn().prepare(
            "SELECT seq, at, count, hash, certificate_sha256, endorses, signature \
             FROM audit_checkpoints ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Vec<u8>>(6)?,
            ))
        })?;
        let mut checkpoints = Vec::new();
        for row in rows {
            let (seq, at, count, hash, certificate_sha256, endorses, signature) = row?;
            checkpoints.push(AuditCheckpoint {
                seq,
                // An instant edited into another form signs nothing: its signature fails.
                at: time::from_db(&at).unwrap_or(DateTime::UNIX_EPOCH),
                head: AuditHead { count, hash },
                certificate_sha256,
                endorses,
                signature,
            });
        }
        Ok(checkpoints)
    }
}
