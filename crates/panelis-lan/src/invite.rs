//! What a panelist needs to join: the host's address and port, its certificate fingerprint
//! and their join code, as a link a QR code carries (the whole fingerprint) or three things
//! typed by hand (the address, the pin: the fingerprint's first digits, and the code).
//!
//! ```text
//! panelis://join?addr=192.168.1.10:7443&fp=<64 hex digits>&code=ABCD-EFGH
//! ```
//!
//! Also the join proof: the station signs, with its ballot-signing key, the code, the pinned
//! fingerprint and its public key, so the host learns that the station holds the key it
//! registers, for this host's certificate, and a relayed join is useless elsewhere.

use crate::error::{InviteProblem, LanError, Result};
use crate::identity::{Fingerprint, TypedPin};
use crate::joincode;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

/// The scheme and path of join links.
pub const LINK_PREFIX: &str = "panelis://join?";

/// Where and how to join a host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinTarget {
    pub addr: SocketAddr,
    pub fingerprint: Fingerprint,
    /// The join code, normalised (`ABCDEFGH`).
    pub code: String,
}

impl JoinTarget {
    /// A target from its parts; the code is normalised.
    pub fn new(addr: SocketAddr, fingerprint: Fingerprint, code: &str) -> Result<Self> {
        let code = joincode::normalize(code);
        if code.is_empty() || code.len() > 32 || !code.is_ascii() {
            return Err(LanError::BadInvite(InviteProblem::BadCode));
        }
        Ok(JoinTarget {
            addr,
            fingerprint,
            code,
        })
    }

    /// A join target from what a person typed: the host's address, the pin its screen shows
    /// (the first [`crate::identity::PIN_DIGITS`] hex digits of its fingerprint, or more)
    /// and the code. The certificate the host presents must be validly self-signed and its
    /// fingerprint begin with the pin; the target then pins all of it.
    pub async fn from_typed(addr: SocketAddr, pin: &str, code: &str) -> Result<Self> {
        let code = JoinTarget::new(addr, Fingerprint([0; 32]), code)?.code;
        // Read before the network: a typo is named at once.
        let typed = TypedPin::parse(pin)?;
        let found = crate::client::HostClient::presented_fingerprint(
            addr,
            std::time::Duration::from_secs(5),
        )
        .await?;
        if !found.begins_with(&typed) {
            return Err(LanError::FingerprintMismatch {
                typed: pin.trim().to_string(),
                found,
            });
        }
        JoinTarget::new(addr, found, &code)
    }

    /// The join link a QR code carries.
    pub fn link(&self) -> String {
        format!(
            "{LINK_PREFIX}addr={}&fp={}&code={}",
            self.addr,
            self.fingerprint.hex(),
            joincode::display(&self.code)
        )
    }

    /// Reads a join link (as scanned or pasted).
    pub fn parse_link(link: &str) -> Result<Self> {
        let query = link.trim().strip_prefix(LINK_PREFIX).ok_or_else(|| {
            LanError::BadInvite(InviteProblem::NotALink {
                link: link.to_string(),
            })
        })?;
        let (mut addr, mut fp, mut code) = (None, None, None);
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "addr" => addr = Some(value),
                "fp" => fp = Some(value),
                "code" => code = Some(value),
                _ => {} // later versions may add fields
            }
        }
        let missing = |what: &str| {
            LanError::BadInvite(InviteProblem::Missing {
                part: what.to_string(),
            })
        };
        let addr: SocketAddr = addr
            .ok_or_else(|| missing("address"))?
            .parse()
            .map_err(|_| LanError::BadInvite(InviteProblem::Address))?;
        let fingerprint = Fingerprint::parse(fp.ok_or_else(|| missing("fingerprint"))?)?;
        JoinTarget::new(addr, fingerprint, code.ok_or_else(|| missing("code"))?)
    }

    /// The link as an SVG QR code, at least `size` pixels square.
    pub fn qr_svg(&self, size: u32) -> Result<String> {
        let code = qrcode::QrCode::new(self.link().as_bytes()).map_err(|e| {
            LanError::BadInvite(InviteProblem::Qr {
                cause: e.to_string(),
            })
        })?;
        Ok(code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(size, size)
            .build())
    }

    /// The link as a QR code drawn with block characters, for a terminal.
    pub fn qr_text(&self) -> Result<String> {
        let code = qrcode::QrCode::new(self.link().as_bytes()).map_err(|e| {
            LanError::BadInvite(InviteProblem::Qr {
                cause: e.to_string(),
            })
        })?;
        Ok(code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .build())
    }
}

/// The bytes a station signs to prove it holds its key when joining.
pub fn proof_message(code: &str, fingerprint: &Fingerprint, key: &VerifyingKey) -> Vec<u8> {
    let mut out = b"panelis-join-v1\0".to_vec();
    out.extend_from_slice(joincode::normalize(code).as_bytes());
    out.push(0);
    out.extend_from_slice(fingerprint.hex().as_bytes());
    out.push(0);
    out.extend_from_slice(key.as_bytes());
    out
}

/// The station's proof (hex signature) for joining with `code` at the host `fingerprint`.
pub fn sign_proof(key: &SigningKey, code: &str, fingerprint: &Fingerprint) -> String {
    let message = proof_message(code, fingerprint, &key.verifying_key());
    hex::encode(key.sign(&message).to_bytes())
}

/// Checks a join proof.
pub fn verify_proof(
    key: &VerifyingKey,
    code: &str,
    fingerprint: &Fingerprint,
    proof_hex: &str,
) -> bool {
    panelis_core::ballot::signing::verify(key, &proof_message(code, fingerprint, key), proof_hex)
        .is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    fn target() -> JoinTarget {
        JoinTarget::new(
            "127.0.0.1:7443".parse().unwrap(),
            Fingerprint::of(b"cert"),
            "abcd-efgh",
        )
        .unwrap()
    }

    #[test]
    fn a_link_reads_back_and_carries_address_fingerprint_and_code() {
        let t = target();
        let link = t.link();
        assert!(link.starts_with("panelis://join?addr=127.0.0.1:7443&fp="));
        assert!(link.ends_with("&code=ABCD-EFGH"));
        assert_eq!(JoinTarget::parse_link(&link).unwrap(), t);
        let v6 = JoinTarget {
            addr: "[::1]:7443".parse().unwrap(),
            ..t
        };
        assert_eq!(JoinTarget::parse_link(&v6.link()).unwrap(), v6);
    }

    #[test]
    fn broken_links_are_refused_with_a_reason() {
        for bad in [
            "https://example.invalid/",
            "panelis://join?fp=00&code=A",
            "panelis://join?addr=nowhere&fp=00&code=A",
            "panelis://join?addr=127.0.0.1:1&fp=00&code=A",
            "panelis://join?addr=127.0.0.1:1",
        ] {
            let err = JoinTarget::parse_link(bad).unwrap_err();
            assert_eq!(err.code(), "bad_invite", "{bad}");
        }
    }

    #[test]
    fn the_qr_code_renders_as_svg_and_text() {
        let t = target();
        let svg = t.qr_svg(200).unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        let text = t.qr_text().unwrap();
        assert!(text.lines().count() > 10);
    }

    #[test]
    fn a_proof_binds_code_fingerprint_and_key() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let fp = Fingerprint::of(b"cert");
        let proof = sign_proof(&key, "abcd-efgh", &fp);
        let public = key.verifying_key();
        assert!(verify_proof(&public, "ABCDEFGH", &fp, &proof));
        assert!(!verify_proof(&public, "ABCDEFGX", &fp, &proof));
        assert!(!verify_proof(
            &public,
            "ABCDEFGH",
            &Fingerprint::of(b"x"),
            &proof
        ));
        let other = SigningKey::from_bytes(&[8; 32]).verifying_key();
        assert!(!verify_proof(&other, "ABCDEFGH", &fp, &proof));
        assert!(!verify_proof(&public, "ABCDEFGH", &fp, "not hex"));
    }
}
