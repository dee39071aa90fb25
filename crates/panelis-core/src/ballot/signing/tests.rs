//! Signing tests: a fixed test vector for the canonical encoding and its signature (checked
//! once against an independent Ed25519 implementation), and verification failing on any
//! flipped byte, another key, or another competition.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use super::*;
use crate::model::BallotStatus;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | n)
}

fn vector_key() -> SigningKey {
    let seed: [u8; 32] = std::array::from_fn(|i| i as u8);
    SigningKey::from_bytes(&seed)
}

fn vector_ballot() -> Ballot {
    let at = chrono::DateTime::from_timestamp_millis(1_678_156_200_123).expect("valid instant");
    Ballot {
        id: id(0x99),
        panelist_id: id(3),
        entry_id: id(2),
        revision: 2,
        status: BallotStatus::Submitted,
        scores: vec![(id(0x11), 80), (id(0x12), 95), (id(0x13), 100)],
        note: "Inovasi yang bagus".into(),
        criterion_notes: vec![(id(0x12), "data lengkap".into())],
        rubric_id: id(4),
        rubric_version: 1,
        signer: Some(Signer::Panelist),
        signature: None,
        submitted_at: Some(at),
        created_at: at,
        updated_at: at,
    }
}

/// Seed 00..1f, the ids and fields of `vector_ballot`, competition id(1). The encoding was
/// rebuilt byte for byte from the module documentation, and the signature made, with
/// Python's `cryptography` Ed25519, independently of this code.
const VECTOR_ENCODING: &str = concat!(
    "50414e454c49532d42414c4c4f540101019000000000700080000000000000010190000000007000",
    "80000000000000020190000000007000800000000000000301900000000070008000000000000004",
    "00000001000000030190000000007000800000000000001100000050019000000000700080000000",
    "000000120000005f01900000000070008000000000000013000000645082b00a192df2c8648bdc57",
    "2cd4871c56ffd4491dc1fe96605b1b382fd0564a0000000200000186b9e778bb",
);
const VECTOR_SIGNATURE: &str = concat!(
    "77f20185f5b290a6e5a19cb957fdf4f4b2c061695091dcdc2f64e0edaad3128c77660793343c5529",
    "dd66af2f00eeceda2f8975ae75e6399ad139c9105724dd09",
);

#[test]
fn canonical_encoding_matches_the_test_vector() {
    let bytes = encode_ballot(&vector_ballot(), id(1)).unwrap();
    assert_eq!(hex::encode(&bytes), VECTOR_ENCODING);
    assert_eq!(bytes.len(), 14 + 2 + 64 + 8 + 3 * 20 + 32 + 4 + 8);
    assert_eq!(&bytes[..14], b"PANELIS-BALLOT");
    assert_eq!(
        hex::encode(vector_key().verifying_key().as_bytes()),
        "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
    );
    assert_eq!(sign(&vector_key(), &bytes), VECTOR_SIGNATURE);
}

#[test]
fn a_signed_ballot_verifies_and_any_flipped_byte_fails() {
    let key = vector_key();
    let mut ballot = vector_ballot();
    let bytes = encode_ballot(&ballot, id(1)).unwrap();
    ballot.signature = Some(sign(&key, &bytes));
    let public = key.verifying_key();
    assert_eq!(verify_ballot(&ballot, id(1), &public), Ok(()));
    for i in 0..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[i] ^= 0x01;
        let signature = ballot.signature.as_deref().unwrap();
        assert!(verify(&public, &flipped, signature).is_err(), "byte {i}");
    }
    let mut raw = hex::decode(ballot.signature.as_deref().unwrap()).unwrap();
    raw[10] ^= 0x80;
    assert!(verify(&public, &bytes, &hex::encode(raw)).is_err());
}

#[test]
fn changed_fields_other_keys_and_other_competitions_fail() {
    let key = vector_key();
    let mut ballot = vector_ballot();
    ballot.signature = Some(sign(&key, &encode_ballot(&ballot, id(1)).unwrap()));
    let public = key.verifying_key();
    let other = SigningKey::from_bytes(&[9; 32]).verifying_key();
    assert!(verify_ballot(&ballot, id(1), &other).is_err());
    assert!(verify_ballot(&ballot, id(7), &public).is_err());
    let mut b = ballot.clone();
    b.scores[1].1 = 96;
    assert!(verify_ballot(&b, id(1), &public).is_err());
    let mut b = ballot.clone();
    b.criterion_notes[0].1.push('!');
    assert!(verify_ballot(&b, id(1), &public).is_err());
    let mut b = ballot.clone();
    b.signer = Some(Signer::Secretariat);
    assert!(verify_ballot(&b, id(1), &public).is_err());
    let mut b = ballot.clone();
    b.revision = 3;
    assert!(verify_ballot(&b, id(1), &public).is_err());
    let mut b = ballot;
    b.signature = None;
    assert!(verify_ballot(&b, id(1), &public).is_err());
}

#[test]
fn drafts_have_no_encoding_and_keys_parse_from_hex_or_bytes() {
    let mut draft = vector_ballot();
    draft.signer = None;
    draft.submitted_at = None;
    assert!(encode_ballot(&draft, id(1)).is_err());
    let public = vector_key().verifying_key();
    let hex = public_key_hex(&public);
    assert_eq!(parse_public_key(hex.as_bytes()).unwrap(), public);
    assert_eq!(parse_public_key(public.as_bytes()).unwrap(), public);
    assert!(parse_public_key(b"abcd").is_err());
    assert_eq!(fingerprint(public.as_bytes()).len(), 16);
}
