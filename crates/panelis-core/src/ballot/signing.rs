//! Signed ballots: the canonical byte encoding of a submitted ballot and its Ed25519
//! signature. The encoding is what is signed; it is rebuilt from the stored fields whenever a
//! ballot is verified, so any change to a signed field breaks the signature.
//!
//! # Canonical encoding, version 1
//! Integers are big-endian; ids are the 16 bytes of the UUID; nothing is optional.
//!
//! | bytes | field |
//! | --- | --- |
//! | 14 | magic `PANELIS-BALLOT` (ASCII) |
//! | 1 | encoding version, `1` |
//! | 1 | signer: `1` the panelist's own key, `2` the secretariat's key for that panelist (paper) |
//! | 16 | competition id |
//! | 16 | entry id |
//! | 16 | panelist id |
//! | 16 | rubric id |
//! | 4 | rubric version (u32) |
//! | 4 | number of scores n (u32) |
//! | n x 20 | per criterion in rubric order: criterion id (16), score (i32) |
//! | 32 | SHA-256 of the notes (below) |
//! | 4 | revision (u32) |
//! | 8 | submitted instant, milliseconds since the Unix epoch UTC (i64) |
//!
//! The notes digest is SHA-256 over: the entry note's UTF-8 length (u32) and bytes, then for
//! each scored criterion in the same order as the scores: its id (16), its note's UTF-8
//! length (u32) and bytes (length 0 for no note). Notes are signed by hash so the encoding
//! stays small and fixed in shape.

use crate::model::{Ballot, Signer};
use crate::{Error, Result};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The first bytes of every encoded ballot.
pub const MAGIC: &[u8; 14] = b"PANELIS-BALLOT";

/// The encoding version this build writes and verifies.
pub const ENCODING_VERSION: u8 = 1;

/// The signed fields of a submitted ballot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedContent<'a> {
    pub signer: Signer,
    pub competition_id: Uuid,
    pub entry_id: Uuid,
    pub panelist_id: Uuid,
    pub rubric_id: Uuid,
    pub rubric_version: u32,
    /// (criterion id, score) in rubric order.
    pub scores: &'a [(Uuid, i32)],
    pub notes_digest: [u8; 32],
    pub revision: u32,
    pub submitted_at_ms: i64,
}

impl SignedContent<'_> {
    /// The canonical bytes, laid out as the module documentation says.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(14 + 2 + 64 + 8 + self.scores.len() * 20 + 44);
        out.extend_from_slice(MAGIC);
        out.push(ENCODING_VERSION);
        out.push(match self.signer {
            Signer::Panelist => 1,
            Signer::Secretariat => 2,
        });
        for id in [
            self.competition_id,
            self.entry_id,
            self.panelist_id,
            self.rubric_id,
        ] {
            out.extend_from_slice(id.as_bytes());
        }
        out.extend_from_slice(&self.rubric_version.to_be_bytes());
        out.extend_from_slice(&(self.scores.len() as u32).to_be_bytes());
        for (criterion, score) in self.scores {
            out.extend_from_slice(criterion.as_bytes());
            out.extend_from_slice(&score.to_be_bytes());
        }
        out.extend_from_slice(&self.notes_digest);
        out.extend_from_slice(&self.revision.to_be_bytes());
        out.extend_from_slice(&self.submitted_at_ms.to_be_bytes());
        out
    }
}

/// The SHA-256 of a ballot's notes, as the module documentation defines it.
pub fn notes_digest(
    note: &str,
    scores: &[(Uuid, i32)],
    criterion_notes: &[(Uuid, String)],
) -> [u8; 32] {
    fn text(h: &mut Sha256, t: &str) {
        h.update((t.len() as u32).to_be_bytes());
        h.update(t.as_bytes());
    }
    let mut h = Sha256::new();
    text(&mut h, note);
    for (criterion, _) in scores {
        h.update(criterion.as_bytes());
        let note = criterion_notes
            .iter()
            .find(|(id, _)| id == criterion)
            .map(|(_, n)| n.as_str())
            .unwrap_or("");
        text(&mut h, note);
    }
    h.finalize().into()
}

/// The canonical bytes of a submitted ballot of competition `competition_id`.
pub fn encode_ballot(ballot: &Ballot, competition_id: Uuid) -> Result<Vec<u8>> {
    let (Some(signer), Some(at)) = (ballot.signer, ballot.submitted_at) else {
        return Err(Error::BallotData(
            crate::ballot::unreadable::BallotDataRefusal::DraftHasNoSignedForm,
        ));
    };
    Ok(SignedContent {
        signer,
        competition_id,
        entry_id: ballot.entry_id,
        panelist_id: ballot.panelist_id,
        rubric_id: ballot.rubric_id,
        rubric_version: ballot.rubric_version,
        scores: &ballot.scores,
        notes_digest: notes_digest(&ballot.note, &ballot.scores, &ballot.criterion_notes),
        revision: ballot.revision,
        submitted_at_ms: at.timestamp_millis(),
    }
    .encode())
}

/// Signs canonical bytes; the signature as 128 hex digits.
pub fn sign(key: &SigningKey, bytes: &[u8]) -> String {
    hex::encode(key.sign(bytes).to_bytes())
}

/// Checks a hex signature over canonical bytes; the reason when it does not hold.
pub fn verify(key: &VerifyingKey, bytes: &[u8], signature_hex: &str) -> Result<(), String> {
    let raw = hex::decode(signature_hex.trim()).map_err(|_| "the signature is not hex")?;
    let signature =
        Signature::from_slice(&raw).map_err(|_| "the signature is not 64 bytes".to_string())?;
    key.verify_strict(bytes, &signature)
        .map_err(|_| "the signature does not match the ballot's content and key".to_string())
}

/// Verifies a submitted ballot of competition `competition_id` against `key`.
pub fn verify_ballot(
    ballot: &Ballot,
    competition_id: Uuid,
    key: &VerifyingKey,
) -> Result<(), String> {
    let Some(signature) = &ballot.signature else {
        return Err("the ballot is not signed".into());
    };
    let bytes = encode_ballot(ballot, competition_id).map_err(|e| e.to_string())?;
    verify(key, &bytes, signature)
}

/// A public key as 64 hex digits.
pub fn public_key_hex(key: &VerifyingKey) -> String {
    hex::encode(key.as_bytes())
}

/// Reads a public key from 64 hex digits or its 32 raw bytes.
pub fn parse_public_key(bytes_or_hex: &[u8]) -> Result<VerifyingKey> {
    let raw: Vec<u8> = if bytes_or_hex.len() == 32 {
        bytes_or_hex.to_vec()
    } else {
        let text = std::str::from_utf8(bytes_or_hex).map_err(|_| {
            Error::BallotData(crate::ballot::unreadable::BallotDataRefusal::KeyNotHex)
        })?;
        hex::decode(text.trim()).map_err(|_| {
            Error::BallotData(crate::ballot::unreadable::BallotDataRefusal::KeyNotHex)
        })?
    };
    let raw: [u8; 32] = raw
        .try_into()
        .map_err(|_| Error::BallotData(crate::ballot::unreadable::BallotDataRefusal::KeyLength))?;
    VerifyingKey::from_bytes(&raw)
        .map_err(|_| Error::BallotData(crate::ballot::unreadable::BallotDataRefusal::KeyNotEd25519))
}

/// How many hex digits of a key's SHA-256 the secretariat must type or confirm to accept a
/// key a ballot file announces: 80 bits, too many to search for a look-alike key.
pub const CONFIRM_DIGITS: usize = 20;

/// A key's fingerprint as the screens show it to be compared before it is accepted: the
/// first 32 hex digits of its SHA-256, upper case, in groups of four.
pub fn key_fingerprint(key: &VerifyingKey) -> String {
    hex::encode(Sha256::digest(key.as_bytes())).as_bytes()[..32]
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_uppercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `typed` (hex; spaces, colons and dashes allowed; at least [`CONFIRM_DIGITS`]
/// digits) is the start of `key`'s SHA-256: the secretariat's confirmation of that key.
pub fn confirms(typed: &str, key: &VerifyingKey) -> bool {
    let typed: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-'))
        .collect::<String>()
        .to_lowercase();
    typed.len() >= CONFIRM_DIGITS
        && typed.chars().all(|c| c.is_ascii_hexdigit())
        && hex::encode(Sha256::digest(key.as_bytes())).starts_with(&typed)
}

/// A short fingerprint of a public key or signature for screens and print: the first 16 hex
/// digits of its SHA-256.
pub fn fingerprint(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))[..16].to_string()
}

#[cfg(test)]
mod tests;
