//! The organizer's signing identity: a private key and its certificate chain. Either a
//! self-signed certificate made in the organizer's name (P-256 ECDSA, five years), or the
//! organizer's own certificate imported from a PKCS#12 (.p12) file as issued by a
//! certification authority (RSA or P-256 keys).
//!
//! Storage (the app and `panelis` agree on it): a folder per competition,
//! `<data folder>/certificates/<competition id>/`, holding `organizer-key.pem` (PKCS#8,
//! unencrypted, readable by the owner only) and `organizer-cert.pem` (the chain, signer
//! first). The key stays on the secretariat's machine; the competition file, which travels
//! between laptops, never holds it.

use crate::error::{ReportError, Result};
use chrono::{DateTime, Utc};
use der::asn1::SetOfVec;
use der::{Decode, Encode, EncodePem, Tag};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;
use std::path::Path;

use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;
use x509_cert::Certificate;

/// File name of the private key inside the identity folder.
pub const KEY_FILE: &str = "organizer-key.pem";
/// File name of the certificate chain inside the identity folder.
pub const CERT_FILE: &str = "organizer-cert.pem";

/// The private key of an identity.
#[derive(Clone)]
pub(crate) enum Key {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::RsaPrivateKey>),
}

/// A key with its certificate chain (signer first).
#[derive(Clone)]
pub struct Identity {
    pub(crate) key: Key,
    pub(crate) chain: Vec<Certificate>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("subject", &self.subject())
            .field("fingerprint", &self.fingerprint())
            .finish()
    }
}

fn err(e: impl std::fmt::Display) -> ReportError {
    ReportError::Identity(e.to_string())
}

/// At most `max` characters (X.520 bounds names at 64).
fn bounded(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// C=ID, O=organizer, CN=organizer; built field by field so commas and quotes in the name
/// need no escaping.
fn organizer_name(organizer: &str) -> Result<Name> {
    let organizer = bounded(organizer.trim(), 64);
    if organizer.is_empty() {
        return Err(err(
            "the competition has no organizer name to put on the certificate",
        ));
    }
    let rdn = |oid, tag, value: &str| -> Result<RelativeDistinguishedName> {
        let atv = AttributeTypeAndValue {
            oid,
            value: der::Any::new(tag, value.as_bytes()).map_err(err)?,
        };
        let set = SetOfVec::try_from(vec![atv]).map_err(err)?;
        Ok(RelativeDistinguishedName::from(set))
    };
    use const_oid::db::rfc4519::{COMMON_NAME, COUNTRY_NAME, ORGANIZATION_NAME};
    Ok(RdnSequence(vec![
        rdn(COUNTRY_NAME, Tag::PrintableString, "ID")?,
        rdn(ORGANIZATION_NAME, Tag::Utf8String, &organizer)?,
        rdn(COMMON_NAME, Tag::Utf8String, &organizer)?,
    ]))
}

/// The common name (else the whole name) of an X.509 name, for people.
pub(crate) fn display_name(name: &Name) -> String {
    for rdn in name.0.iter().rev() {
        for atv in rdn.0.iter() {
            if atv.oid == const_oid::db::rfc4519::COMMON_NAME {
                if let Ok(s) = std::str::from_utf8(atv.value.value()) {
                    return s.to_string();
                }
            }
        }
    }
    name.to_string()
}

impl Identity {
    /// A new P-256 key and a self-signed certificate in the organizer's name, valid for five
    /// years from now.
    pub fn self_signed(organizer: &str) -> Result<Identity> {
        let key = p256::ecdsa::SigningKey::random(&mut OsRng);
        let subject = organizer_name(organizer)?;
        let mut serial = [0u8; 16];
        OsRng.fill_bytes(&mut serial);
        serial[0] &= 0x7f;
        serial[0] |= 0x01;
        let serial = SerialNumber::new(&serial).map_err(err)?;
        let validity =
            Validity::from_now(std::time::Duration::from_secs(5 * 365 * 24 * 3600)).map_err(err)?;
        let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(err)?;
        let builder = CertificateBuilder::new(
            Profile::Leaf {
                issuer: subject.clone(),
                enable_key_agreement: false,
                enable_key_encipherment: false,
            },
            serial,
            validity,
            subject,
            spki,
            &key,
        )
        .map_err(err)?;
        let cert = builder.build::<p256::ecdsa::DerSignature>().map_err(err)?;
        Ok(Identity {
            key: Key::P256(key),
            chain: vec![cert],
        })
    }

    /// The signer's certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.chain[0]
    }

    /// The signer's name as the certificate states it (its common name).
    pub fn subject(&self) -> String {
        display_name(&self.certificate().tbs_certificate.subject)
    }

    /// The issuer's name; equal to the subject for a self-signed certificate.
    pub fn issuer(&self) -> String {
        display_name(&self.certificate().tbs_certificate.issuer)
    }

    /// Whether the certificate is self-signed (made by Panelis) rather than issued by an
    /// authority.
    pub fn is_self_signed(&self) -> bool {
        let tbs = &self.certificate().tbs_certificate;
        tbs.subject == tbs.issuer
    }

    /// SHA-256 of the certificate, hex: what a reader compares to trust a self-signed one.
    pub fn fingerprint(&self) -> String {
        certificate_fingerprint(self.certificate())
    }

    /// The signer's certificate alone as PEM (no key): what the organizer publishes.
    pub fn certificate_pem(&self) -> Result<String> {
        self.certificate().to_pem(LineEnding::LF).map_err(err)
    }

    /// The end of the certificate's validity.
    pub fn not_after(&self) -> Option<DateTime<Utc>> {
        let t = self
            .certificate()
            .tbs_certificate
            .validity
            .not_after
            .to_unix_duration();
        DateTime::from_timestamp(t.as_secs() as i64, 0)
    }

    /// The key as PKCS#8 PEM and the chain as PEM.
    pub fn to_pem(&self) -> Result<(String, String)> {
        let key = match &self.key {
            Key::P256(k) => k.to_pkcs8_pem(LineEnding::LF).map_err(err)?,
            Key::Rsa(k) => k.to_pkcs8_pem(LineEnding::LF).map_err(err)?,
        };
        let mut chain = String::new();
        for cert in &self.chain {
            chain.push_str(&cert.to_pem(LineEnding::LF).map_err(err)?);
        }
        Ok((key.to_string(), chain))
    }

    /// Reads a key (PKCS#8 PEM, P-256 or RSA) and a chain (PEM, signer first), checking that
    /// the key belongs to the first certificate.
    pub fn from_pem(key_pem: &str, chain_pem: &str) -> Result<Identity> {
        let key = if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_pem(key_pem) {
            Key::P256(k)
        } else {
            Key::Rsa(Box::new(
                rsa::RsaPrivateKey::from_pkcs8_pem(key_pem)
                    .map_err(|e| err(format!("the key file is not a P-256 or RSA key: {e}")))?,
            ))
        };
        let chain = Certificate::load_pem_chain(chain_pem.as_bytes()).map_err(err)?;
        Identity::new(key, chain)
    }

    pub(crate) fn new(key: Key, chain: Vec<Certificate>) -> Result<Identity> {
        let first = chain
            .first()
            .ok_or_else(|| err("there is no certificate"))?;
        let spki = match &key {
            Key::P256(k) => SubjectPublicKeyInfoOwned::from_key(*k.verifying_key()),
            Key::Rsa(k) => SubjectPublicKeyInfoOwned::from_key(k.to_public_key()),
        }
        .map_err(err)?;
        if spki != first.tbs_certificate.subject_public_key_info {
            return Err(err("the key does not belong to the certificate"));
        }
        Ok(Identity { key, chain })
    }

    /// Loads the identity stored in `dir`, or makes a self-signed one in the organizer's
    /// name and stores it there.
    pub fn load_or_create(dir: &Path, organizer: &str) -> Result<Identity> {
        if let Some(identity) = Identity::load(dir)? {
            return Ok(identity);
        }
        let identity = Identity::self_signed(organizer)?;
        identity.store(dir)?;
        Ok(identity)
    }

    /// Loads the identity stored in `dir`, if there is one.
    pub fn load(dir: &Path) -> Result<Option<Identity>> {
        let key_path = dir.join(KEY_FILE);
        let cert_path = dir.join(CERT_FILE);
        if !key_path.exists() && !cert_path.exists() {
            return Ok(None);
        }
        let key = std::fs::read_to_string(&key_path).map_err(|e| ReportError::io(&key_path, e))?;
        let cert =
            std::fs::read_to_string(&cert_path).map_err(|e| ReportError::io(&cert_path, e))?;
        Identity::from_pem(&key, &cert).map(Some)
    }

    /// Stores the identity in `dir` (replacing what was there); the key file is readable by
    /// the owner only.
    pub fn store(&self, dir: &Path) -> Result<()> {
        use panelis_core::atomic::{write, Access};
        let (key, chain) = self.to_pem()?;
        let key_path = dir.join(KEY_FILE);
        write(&key_path, key.as_bytes(), Access::Private)
            .map_err(|e| ReportError::io(&key_path, e))?;
        let cert_path = dir.join(CERT_FILE);
        write(&cert_path, chain.as_bytes(), Access::Shared)
            .map_err(|e| ReportError::io(&cert_path, e))?;
        Ok(())
    }

    /// Reads a PKCS#12 file (as exported by a certification authority, a browser, or
    /// `openssl pkcs12 -export`) and stores it in `dir` as the organizer's identity.
    pub fn import_p12(dir: &Path, p12: &[u8], password: &str) -> Result<Identity> {
        let identity = crate::pkcs12::parse(p12, password)?;
        identity.store(dir)?;
        Ok(identity)
    }
}

/// SHA-256 of the organizer's certificate stored in `dir` (the key is not needed, nor read:
/// a machine that checks may have the certificate alone); `None` when there is none.
pub fn certificate_sha256_in(dir: &Path) -> Result<Option<String>> {
    let cert_path = dir.join(CERT_FILE);
    if !cert_path.exists() {
        return Ok(None);
    }
    let pem = std::fs::read_to_string(&cert_path).map_err(|e| ReportError::io(&cert_path, e))?;
    let chain = Certificate::load_pem_chain(pem.as_bytes()).map_err(err)?;
    let first = chain
        .first()
        .ok_or_else(|| err("there is no certificate"))?;
    Ok(Some(certificate_fingerprint(first)))
}

/// SHA-256 of a certificate's DER, hex.
pub(crate) fn certificate_fingerprint(cert: &Certificate) -> String {
    let der = cert.to_der().unwrap_or_default();
    hex::encode(Sha256::digest(der))
}

/// Parses a certificate from DER (used by the PKCS#12 reader).
pub(crate) fn certificate_from_der(der: &[u8]) -> Result<Certificate> {
    Certificate::from_der(der).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_signed_round_trips_through_pem_and_disk() {
        let organizer = "Biro Organisasi, Sekretariat Daerah Provinsi Sulawesi Selatan \"Sulsel\"";
        let id = Identity::self_signed(organizer).expect("identity");
        assert!(id.is_self_signed());
        assert_eq!(id.subject(), bounded(organizer, 64));
        assert!(id.not_after().expect("date") > Utc::now());
        let dir = tempfile::tempdir().expect("dir");
        id.store(dir.path()).expect("store");
        let again = Identity::load_or_create(dir.path(), "ignored").expect("load");
        assert_eq!(again.fingerprint(), id.fingerprint());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0);
        }
    }

    #[test]
    fn a_key_that_does_not_match_the_certificate_is_refused() {
        let a = Identity::self_signed("A").expect("a");
        let b = Identity::self_signed("B").expect("b");
        let (key_a, _) = a.to_pem().expect("pem");
        let (_, chain_b) = b.to_pem().expect("pem");
        let e = Identity::from_pem(&key_a, &chain_b).expect_err("mismatch");
        assert!(e.to_string().contains("does not belong"), "{e}");
        assert!(Identity::self_signed("  ").is_err());
    }
}
