//! The host's TLS identity: a self-signed certificate (ECDSA P-256, made with rcgen) and its
//! key, kept in the host's identity folder beside the station registry, and the SHA-256
//! fingerprint of the certificate that join codes carry and stations pin.
//!
//! Files: `host-cert.der` (the certificate, DER) and `host-key.der` (PKCS#8, owner-only on
//! Unix). A host restarted on the same folder keeps its fingerprint, so joined stations
//! reconnect without a new code; a laptop taking over with a copy of the folder does too.

use crate::error::{InviteProblem, LanError, Result};
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
            .map_err(|_| LanError::BadInvite(InviteProblem::FingerprintNotHex))?;
        let raw: [u8; 32] = raw
            .try_into()
            .map_err(|_| LanError::BadInvite(InviteProblem::FingerprintLength))?;
        Ok(Fingerprint(raw))
    }
}

/// How many leading hex digits of the fingerprint the host's screen shows to type when
/// joining by address, and the fewest accepted: 20 digits, 80 bits. A certificate forged to
/// begin with them needs about 2^80 signed tries (the station checks each certificate's own
/// signature, [`crate::tls::PinnedVerifier`]), out of reach on a venue's day.
pub const PIN_DIGITS: usize = 20;

/// The leading digits of a host's fingerprint as a person typed them, checked: only hex
/// digits (spaces, colons and dashes between them and case ignored), at least
/// [`PIN_DIGITS`] of them and at most all 64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedPin(String);

impl TypedPin {
    /// Reads what was typed in the fingerprint field; the wrong length is
    /// [`LanError::PinLength`], anything not hex [`LanError::PinNotHex`].
    pub fn parse(typed: &str) -> Result<Self> {
        let digits: String = typed
            .chars()
            .filter(|c| !matches!(c, ' ' | ':' | '-'))
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(bad) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(LanError::PinNotHex(bad));
        }
        if digits.len() < PIN_DIGITS || digits.len() > 64 {
            return Err(LanError::PinLength(digits.len()));
        }
        Ok(TypedPin(digits))
    }

    /// The digits, lowercase, without separators.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl Fingerprint {
    /// The pin a person types to join by address, as the host's screen and `panelis host`
    /// show it: the first [`PIN_DIGITS`] digits in groups of 4 (`ab12 cd34 ef56 7890 1a2b`).
    pub fn pin(&self) -> String {
        self.grouped()
            .split(' ')
            .take(PIN_DIGITS / 4)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether the fingerprint begins with the typed pin.
    pub fn begins_with(&self, pin: &TypedPin) -> bool {
        self.hex().starts_with(pin.digits())
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
    fn the_pin_is_the_first_twenty_digits_in_five_groups() {
        let fp = Fingerprint::of(b"certificate");
        let pin = fp.pin();
        assert_eq!(pin.split(' ').count(), 5, "{pin}");
        assert!(pin.split(' ').all(|g| g.len() == 4));
        assert_eq!(pin.replace(' ', ""), fp.hex()[..PIN_DIGITS]);
    }

    #[test]
    fn a_typed_pin_is_read_in_any_common_spelling() {
        let fp = Fingerprint::of(b"certificate");
        let hex = fp.hex();
        let dashed = fp.pin().replace(' ', "-");
        for typed in [
            fp.pin(),
            fp.pin().to_uppercase(),
            hex[..20].to_string(),
            dashed,
            format!("  {}  ", fp.pin()),
            hex.clone(),
            fp.grouped(),
        ] {
            let pin = TypedPin::parse(&typed).unwrap();
            assert!(fp.begins_with(&pin), "{typed}");
        }
        assert!(!fp.begins_with(&TypedPin::parse(&hex[1..21]).unwrap())); // not from the start
    }

    #[test]
    fn a_pin_of_the_wrong_length_or_not_hex_is_named_as_such() {
        let fp = Fingerprint::of(b"certificate");
        let hex = fp.hex();
        // The old short form, 12 digits (48 bits), is too short now.
        for (typed, digits) in [(&hex[..12], 12), (&hex[..19], 19), ("", 0)] {
            let err = TypedPin::parse(typed).unwrap_err();
            assert_eq!(err.code(), "pin_length", "{typed}");
            assert!(err.to_string().starts_with(&format!("{digits} ")), "{err}");
        }
        let too_long = format!("{hex}0");
        assert_eq!(TypedPin::parse(&too_long).unwrap_err().code(), "pin_length");
        let err = TypedPin::parse("ab12 cd34 ef56 7890 xy12").unwrap_err();
        assert_eq!(err.code(), "pin_not_hex");
        assert!(err.to_string().contains("'x'"), "{err}");
    }

    #[test]
    fn a_fingerprint_sharing_only_the_first_twelve_digits_is_not_matched() {
        let host = Fingerprint::of(b"the host's certificate");
        // Another certificate's fingerprint, made to share the host's first 12 hex digits
        // (6 bytes) as a 48-bit search would find, and no more.
        let mut raw = host.0;
        raw[6] ^= 0xff;
        let forged = Fingerprint(raw);
        assert_eq!(forged.hex()[..12], host.hex()[..12]);
        assert!(forged.begins_with(&TypedPin::parse(&forged.pin()).unwrap()));
        assert!(!forged.begins_with(&TypedPin::parse(&host.pin()).unwrap()));
        assert!(host.begins_with(&TypedPin::parse(&host.pin()).unwrap()));
    }
}
