//! The host's TLS identity: a self-signed certificate (ECDSA P-256, made with rcgen) and its
//! key, kept in the host's identity folder beside the station registry, and the SHA-256
//! fingerprint of the certificate that join codes carry and stations pin.
//!
//! Files: `host-cert.der` (the certificate, DER) and `host-key.der` (PKCS#8, owner-only on
//! Unix). A host restarted on the same folder keeps its fingerprint, so joined stations
//! reconnect without a new code; a laptop taking over with a copy of the folder does too.

use crate::error::{LanError, Result};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// File name of the certificate in the identity folder.
pub const CERT_FILE: &str = "host-cert.der";
/// File name of the private key in the identity folder.
pub const KEY_FILE: &str = "host-key.der";

/// The SHA-256 of a certificate's DER bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER certificate.
    pub fn of(der: &[u8]) -> Self {
        Fingerprint(Sha256::digest(der).into())
    }

    /// 64 lowercase hex digits, as join links carry it.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Grouped for reading aloud and comparing by eye: `ab12 cd34 ...` (16 groups).
    pub fn grouped(&self) -> String {
        let hex = self.hex();
        hex.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Reads 64 hex digits; spaces, colons and case are ignored.
    pub fn parse(text: &str) -> Result<Self> {
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | ':' | '-'))
            .collect();
        let raw = hex::decode(digits.to_ascii_lowercase())
            .map_err(|_| LanError::BadInvite("the fingerprint is not hex".into()))?;
        let raw: [u8; 32] = raw.try_into().map_err(|_| {
            LanError::BadInvite("a certificate fingerprint is 64 hex digits".into())
        })?;
        Ok(Fingerprint(raw))
    }
}

/// The fewest hex digits of a fingerprint a person may type instead of all 64 (the short
/// form the host's screen shows): 48 bits, out of reach of a certificate forged to match.
pub const SHORT_MIN_DIGITS: usize = 12;

impl Fingerprint {
    /// Whether the fingerprint begins with the digits a person typed (spaces, colons, dashes
    /// and case ignored). Fewer than [`SHORT_MIN_DIGITS`] digits, or anything not hex, is
    /// refused rather than matched.
    pub fn matches_short(&self, typed: &str) -> Result<bool> {
        let digits: String = typed
            .chars()
            .filter(|c| !matches!(c, ' ' | ':' | '-'))
            .collect::<String>()
            .to_ascii_lowercase();
        if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(LanError::BadInvite(
                "the fingerprint may hold only the digits 0-9 and letters a-f".into(),
            ));
        }
        if digits.len() < SHORT_MIN_DIGITS || digits.len() > 64 {
            return Err(LanError::BadInvite(format!(
                "type at least the first {SHORT_MIN_DIGITS} digits of the fingerprint shown on \
                 the host's screen (at most 64)"
            )));
        }
        Ok(self.hex().starts_with(&digits))
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.hex())
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fingerprint({})", self.hex())
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Fingerprint::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The certificate and key the host serves TLS with.
#[derive(Clone)]
pub struct HostIdentity {
    cert: CertificateDer<'static>,
    key: Vec<u8>,
    fingerprint: Fingerprint,
}

impl std::fmt::Debug for HostIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostIdentity")
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl HostIdentity {
    /// The identity kept in `dir`, made on first use.
    pub fn load_or_create(dir: &Path) -> Result<Self> {
        let (cert_path, key_path) = (dir.join(CERT_FILE), dir.join(KEY_FILE));
        if cert_path.exists() || key_path.exists() {
            let cert = std::fs::read(&cert_path).map_err(|e| LanError::io(&cert_path, e))?;
            let key = std::fs::read(&key_path).map_err(|e| LanError::io(&key_path, e))?;
            return Self::from_der(cert, key);
        }
        let identity = Self::generate()?;
        std::fs::create_dir_all(dir).map_err(|e| LanError::io(dir, e))?;
        crate::fsutil::write_private(&key_path, &identity.key)?;
        crate::fsutil::write_atomic(&cert_path, identity.cert.as_ref())?;
        Ok(identity)
    }

    /// A fresh self-signed certificate, not stored anywhere (tests, benchmarks).
    pub fn generate() -> Result<Self> {
        let names = vec!["panelis-host".to_string(), "localhost".to_string()];
        let made = rcgen::generate_simple_self_signed(names)
            .map_err(|e| LanError::Certificate(e.to_string()))?;
        Self::from_der(made.cert.der().to_vec(), made.signing_key.serialize_der())
    }

    fn from_der(cert: Vec<u8>, key: Vec<u8>) -> Result<Self> {
        if cert.is_empty() || key.is_empty() {
            return Err(LanError::Certificate(
                "empty certificate or key file".into(),
            ));
        }
        let fingerprint = Fingerprint::of(&cert);
        Ok(HostIdentity {
            cert: CertificateDer::from(cert),
            key,
            fingerprint,
        })
    }

    /// What stations pin.
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// The certificate (DER).
    pub fn cert(&self) -> CertificateDer<'static> {
        self.cert.clone()
    }

    /// The private key (PKCS#8 DER).
    pub(crate) fn key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.clone()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn an_identity_is_made_once_and_keeps_its_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let a = HostIdentity::load_or_create(dir.path()).unwrap();
        let b = HostIdentity::load_or_create(dir.path()).unwrap();
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_ne!(
            a.fingerprint(),
            HostIdentity::generate().unwrap().fingerprint()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn fingerprints_read_back_in_any_common_spelling() {
        let fp = Fingerprint::of(b"certificate");
        assert_eq!(Fingerprint::parse(&fp.hex()).unwrap(), fp);
        assert_eq!(Fingerprint::parse(&fp.grouped()).unwrap(), fp);
        assert_eq!(Fingerprint::parse(&fp.hex().to_uppercase()).unwrap(), fp);
        assert!(Fingerprint::parse("abcd").is_err());
        assert!(Fingerprint::parse("zz").is_err());
    }

    #[test]
    fn a_typed_short_fingerprint_matches_only_the_beginning_with_enough_digits() {
        let fp = Fingerprint::of(b"certificate");
        let grouped = fp.grouped();
        assert!(fp.matches_short(&grouped[..14]).unwrap()); // "abcd ef01 2345"
        assert!(fp.matches_short(&fp.hex().to_uppercase()).unwrap());
        assert!(fp.matches_short(&fp.hex()[..12]).unwrap());
        let other = Fingerprint::of(b"another certificate");
        assert!(!other.matches_short(&fp.hex()[..16]).unwrap());
        assert!(!fp.matches_short(&fp.hex()[1..13]).unwrap()); // not from the start
        for bad in [&fp.hex()[..11], "", "xyz123456789abc"] {
            assert_eq!(
                fp.matches_short(bad).unwrap_err().code(),
                "bad_invite",
                "{bad}"
            );
        }
    }
}
