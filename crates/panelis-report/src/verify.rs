//! Verifying an official document: the signature's /ByteRange covers the whole file except
//! the /Contents value; the covered bytes hash to the CMS message digest; the CMS signature
//! verifies with the certificate it carries (P-256 ECDSA or RSA PKCS#1 v1.5, SHA-256); and
//! the embedded result data hashes to the SHA-256 the document states; and the file carries
//! that one signature only. The first failed check is the reason.

use crate::error::VerifyError;
use crate::identity::{certificate_fingerprint, display_name};
use crate::sign::{
    decode_text, KEY_AUDIT_HEAD, KEY_DOCUMENT_ID, KEY_RESULT_SHA256, KEY_SUPERSEDES, KEY_VERSION,
    RESULT_FILE_NAME,
};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::{Decode, Encode, SliceReader};
use lopdf::{Dictionary, Document, Object};
use panelis_core::results::ResultData;
use serde::Serialize;
use sha2::{Digest, Sha256};
use signature::Verifier;
use uuid::Uuid;
use x509_cert::Certificate;

/// What a valid document says about itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verified {
    pub document_id: Option<Uuid>,
    pub version: Option<u32>,
    pub supersedes: Option<Uuid>,
    /// The signer's name (certificate common name).
    pub signer: String,
    pub issuer: String,
    pub self_signed: bool,
    /// SHA-256 of the signer's certificate, to compare with the organizer's.
    pub certificate_sha256: String,
    pub result_sha256: String,
    /// The embedded result data.
    pub result_data: ResultData,
    /// The competition's audit head at issue, as the document states it (signed).
    pub audit_head: Option<panelis_core::store::AuditHead>,
    /// The signing time the signature dictionary states (/M, inside the signed bytes).
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Checks a signed official document.
pub fn verify(pdf: &[u8]) -> Result<Verified, VerifyError> {
    let doc = Document::load_mem(pdf).map_err(|e| VerifyError::NotPdf(e.to_string()))?;
    let sig = signature_dictionary(&doc)?;
    // Every signature dictionary in the file, whether a form field still lists it or not.
    let signatures = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Sig".as_slice())
                && d.has(b"ByteRange")
        })
        .count();
    if signatures > 1 {
        return Err(VerifyError::SeveralSignatures(signatures));
    }

    // 1. Coverage: [0, a) and [b, b + c) with b + c the end of the file, and the gap exactly
    //    the hex string of /Contents.
    let range: Vec<i64> = sig
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map_err(|_| VerifyError::Coverage("no /ByteRange".into()))?
        .iter()
        .map(|o| o.as_i64().unwrap_or(-1))
        .collect();
    let [start, len1, start2, len2] = range[..] else {
        return Err(VerifyError::Coverage(
            "/ByteRange needs four numbers".into(),
        ));
    };
    let total = pdf.len() as i64;
    if start != 0 || len1 <= 0 || start2 <= len1 || len2 < 0 || start2 + len2 != total {
        return Err(VerifyError::Coverage(format!(
            "/ByteRange [{start} {len1} {start2} {len2}] for a file of {total} bytes"
        )));
    }
    let (gap_start, gap_end) = (len1 as usize, start2 as usize);
    let gap = &pdf[gap_start..gap_end];
    if gap.len() < 2
        || gap[0] != b'<'
        || gap[gap.len() - 1] != b'>'
        || !gap[1..gap.len() - 1].iter().all(u8::is_ascii_hexdigit)
    {
        return Err(VerifyError::Coverage(
            "the uncovered bytes are not just the signature value".into(),
        ));
    }
    let contents = hex::decode(&gap[1..gap.len() - 1])
        .map_err(|e| VerifyError::SignatureFormat(e.to_string()))?;
    match sig.get(b"Contents") {
        Ok(Object::String(bytes, _)) if *bytes == contents => {}
        _ => {
            return Err(VerifyError::Coverage(
                "the signature value is not the one the uncovered bytes hold".into(),
            ))
        }
    }

    // 2. The digest of the covered bytes.
    let mut h = Sha256::new();
    h.update(&pdf[..gap_start]);
    h.update(&pdf[gap_end..]);
    let digest = h.finalize();

    // 3. The CMS signature.
    let (signer_cert, _) = check_cms(&contents, &digest)?;

    // 4. The embedded result data against the stated digest.
    let info = info_dictionary(&doc);
    let stated = info
        .as_ref()
        .and_then(|i| i.get(KEY_RESULT_SHA256).ok())
        .and_then(|o| o.as_str().ok())
        .map(decode_text)
        .ok_or_else(|| VerifyError::NoResultData("the document states no result digest".into()))?;
    let data = embedded_file(&doc, RESULT_FILE_NAME)?;
    let found = panelis_core::results::sha256_hex(&data);
    if found != stated {
        return Err(VerifyError::ResultDataMismatch { stated, found });
    }
    let result_data: ResultData = serde_json::from_slice(&data)
        .map_err(|e| VerifyError::NoResultData(format!("unreadable result data: {e}")))?;

    let text = |key: &[u8]| {
        info.as_ref()
            .and_then(|i| i.get(key).ok())
            .and_then(|o| o.as_str().ok())
            .map(decode_text)
    };
    let tbs = &signer_cert.tbs_certificate;
    Ok(Verified {
        document_id: text(KEY_DOCUMENT_ID).and_then(|s| s.parse().ok()),
        version: info
            .as_ref()
            .and_then(|i| i.get(KEY_VERSION).ok())
            .and_then(|o| o.as_i64().ok())
            .and_then(|v| u32::try_from(v).ok()),
        supersedes: text(KEY_SUPERSEDES).and_then(|s| s.parse().ok()),
        signer: display_name(&tbs.subject),
        issuer: display_name(&tbs.issuer),
        self_signed: tbs.subject == tbs.issuer,
        certificate_sha256: certificate_fingerprint(&signer_cert),
        result_sha256: found,
        result_data,
        audit_head: text(KEY_AUDIT_HEAD).and_then(|t| panelis_core::store::AuditHead::parse(&t)),
        signed_at: sig
            .get(b"M")
            .and_then(Object::as_str)
            .ok()
            .and_then(|m| signing_time(&decode_text(m))),
    })
}

/// "D:20261202024604Z" (as Panelis signs, in UTC) as an instant; `None` for any other form.
fn signing_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(text, "D:%Y%m%d%H%M%SZ")
        .ok()
        .map(|t| t.and_utc())
}

/// The value dictionary of the last signature field that has one.
fn signature_dictionary(doc: &Document) -> Result<Dictionary, VerifyError> {
    let catalog = doc
        .catalog()
        .map_err(|e| VerifyError::NotPdf(e.to_string()))?;
    let acro = match catalog.get(b"AcroForm") {
        Ok(Object::Dictionary(d)) => d.clone(),
        Ok(Object::Reference(r)) => doc
            .get_dictionary(*r)
            .cloned()
            .map_err(|_| VerifyError::Unsigned)?,
        _ => return Err(VerifyError::Unsigned),
    };
    let fields = acro
        .get(b"Fields")
        .and_then(Object::as_array)
        .map_err(|_| VerifyError::Unsigned)?;
    let mut found = None;
    for field in fields {
        let Ok(field) = resolve_dict(doc, field) else {
            continue;
        };
        let is_sig = field
            .get(b"FT")
            .and_then(Object::as_name)
            .map(|n| n == b"Sig")
            .unwrap_or(false);
        if !is_sig {
            continue;
        }
        if let Ok(v) = field.get(b"V") {
            if let Ok(d) = resolve_dict(doc, v) {
                found = Some(d);
            }
        }
    }
    found.ok_or(VerifyError::Unsigned)
}

fn resolve_dict(doc: &Document, o: &Object) -> lopdf::Result<Dictionary> {
    match o {
        Object::Reference(r) => doc.get_dictionary(*r).cloned(),
        Object::Dictionary(d) => Ok(d.clone()),
        _ => Err(lopdf::Error::DictType {
            expected: "Dictionary",
            found: o.enum_variant().to_string(),
        }),
    }
}

fn info_dictionary(doc: &Document) -> Option<Dictionary> {
    let o = doc.trailer.get(b"Info").ok()?;
    resolve_dict(doc, o).ok()
}

/// The bytes of an attached file named `name`.
fn embedded_file(doc: &Document, name: &str) -> Result<Vec<u8>, VerifyError> {
    let missing = |why: &str| VerifyError::NoResultData(why.to_string());
    let catalog = doc
        .catalog()
        .map_err(|e| VerifyError::NotPdf(e.to_string()))?;
    let names = catalog
        .get(b"Names")
        .ok()
        .and_then(|o| resolve_dict(doc, o).ok())
        .ok_or_else(|| missing("no name tree"))?;
    let files = names
        .get(b"EmbeddedFiles")
        .ok()
        .and_then(|o| resolve_dict(doc, o).ok())
        .ok_or_else(|| missing("no embedded files"))?;
    let list = files
        .get(b"Names")
        .and_then(Object::as_array)
        .map_err(|_| missing("no embedded file list"))?;
    for pair in list.chunks(2) {
        let [key, spec] = pair else { continue };
        if key.as_str().map(decode_text).ok().as_deref() != Some(name) {
            continue;
        }
        let spec = resolve_dict(doc, spec).map_err(|_| missing("bad file specification"))?;
        let ef = spec
            .get(b"EF")
            .ok()
            .and_then(|o| resolve_dict(doc, o).ok())
            .ok_or_else(|| missing("no /EF"))?;
        let id = ef
            .get(b"F")
            .and_then(Object::as_reference)
            .map_err(|_| missing("no embedded stream"))?;
        let stream = doc
            .get_object(id)
            .and_then(Object::as_stream)
            .map_err(|_| missing("the embedded stream is unreadable"))?;
        return Ok(if stream.dict.get(b"Filter").is_ok() {
            stream
                .decompressed_content()
                .map_err(|e| missing(&e.to_string()))?
        } else {
            stream.content.clone()
        });
    }
    Err(missing(&format!("no attached file named {name}")))
}

/// Checks the CMS SignedData against the digest of the covered bytes; returns the signer's
/// certificate.
pub(crate) fn check_cms(contents: &[u8], digest: &[u8]) -> Result<(Certificate, ()), VerifyError> {
    let bad = |e: &dyn std::fmt::Display| VerifyError::SignatureFormat(e.to_string());
    // The value is zero-padded after the DER: read exactly one value.
    let mut reader = SliceReader::new(contents).map_err(|e| bad(&e))?;
    let info = ContentInfo::decode(&mut reader).map_err(|e| bad(&e))?;
    let rest = &contents[info
        .encoded_len()
        .map(|l| u32::from(l) as usize)
        .unwrap_or(0)..];
    if rest.iter().any(|b| *b != 0) {
        return Err(VerifyError::SignatureFormat(
            "unexpected bytes after the signature".into(),
        ));
    }
    if info.content_type != const_oid::db::rfc5911::ID_SIGNED_DATA {
        return Err(VerifyError::SignatureFormat("not a SignedData".into()));
    }
    let der = info.content.to_der().map_err(|e| bad(&e))?;
    let signed = SignedData::from_der(&der).map_err(|e| bad(&e))?;
    let signer = signed
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(|| VerifyError::SignatureFormat("no signer".into()))?;
    if signer.digest_alg.oid != const_oid::db::rfc5912::ID_SHA_256 {
        return Err(VerifyError::SignatureFormat(format!(
            "unsupported digest {}",
            signer.digest_alg.oid
        )));
    }
    let attrs = signer
        .signed_attrs
        .as_ref()
        .ok_or_else(|| VerifyError::SignatureFormat("no signed attributes".into()))?;
    let message_digest = attrs
        .iter()
        .find(|a| a.oid == const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .map(|v| v.value().to_vec())
        .ok_or_else(|| VerifyError::SignatureFormat("no message digest".into()))?;
    if message_digest != digest {
        return Err(VerifyError::DigestMismatch);
    }
    let SignerIdentifier::IssuerAndSerialNumber(id) = &signer.sid else {
        return Err(VerifyError::SignatureFormat(
            "signer identified by key id is not supported".into(),
        ));
    };
    let cert = signed
        .certificates
        .as_ref()
        .and_then(|set| {
            set.0.iter().find_map(|c| match c {
                cms::cert::CertificateChoices::Certificate(cert)
                    if cert.tbs_certificate.issuer == id.issuer
                        && cert.tbs_certificate.serial_number == id.serial_number =>
                {
                    Some(cert.clone())
                }
                _ => None,
            })
        })
        .ok_or_else(|| {
            VerifyError::SignatureFormat("the signer's certificate is missing".into())
        })?;
    // PAdES: the signing-certificate-v2 attribute must name the certificate that verifies,
    // so a certificate swapped in beside the signature cannot pose as the signer.
    if let Some(named) = attrs.iter().find(|a| a.oid == crate::ess::OID) {
        if !crate::ess::names(named, &cert).map_err(|e| bad(&e))? {
            return Err(VerifyError::SignatureFormat(
                "the signing-certificate attribute names another certificate".into(),
            ));
        }
    }
    let signed_bytes = attrs.to_der().map_err(|e| bad(&e))?;
    let sig = signer.signature.as_bytes();
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let key_bytes = spki.subject_public_key.raw_bytes();
    let failed = |e: &dyn std::fmt::Display| VerifyError::BadSignature(e.to_string());
    if spki.algorithm.oid == const_oid::db::rfc5912::ID_EC_PUBLIC_KEY {
        let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes).map_err(|e| failed(&e))?;
        let s = p256::ecdsa::DerSignature::from_bytes(sig).map_err(|e| failed(&e))?;
        key.verify(&signed_bytes, &s).map_err(|e| failed(&e))?;
    } else if spki.algorithm.oid == const_oid::db::rfc5912::RSA_ENCRYPTION {
        use rsa::pkcs1::DecodeRsaPublicKey;
        let key = rsa::RsaPublicKey::from_pkcs1_der(key_bytes).map_err(|e| failed(&e))?;
        let key = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
        let s = rsa::pkcs1v15::Signature::try_from(sig).map_err(|e| failed(&e))?;
        key.verify(&signed_bytes, &s).map_err(|e| failed(&e))?;
    } else {
        return Err(VerifyError::BadSignature(format!(
            "unsupported key type {}",
            spki.algorithm.oid
        )));
    }
    Ok((cert, ()))
}
