//! TLS on both ends, with rustls and its `ring` provider. The host serves its self-signed
//! certificate; a station trusts exactly one certificate, the one whose SHA-256 fingerprint
//! came with its join code (certificate pinning), and no certificate authority at all. The
//! certificate must also carry a valid signature of its own key: without that check, a
//! certificate matching a typed pin could be searched for by varying its fields unsigned.

use crate::error::{LanError, Result};
use crate::identity::{Fingerprint, HostIdentity};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::sync::{Arc, Mutex};

/// The one crypto provider Panelis uses.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The host's TLS configuration: its certificate, HTTP/1.1 only.
pub fn server_config(identity: &HostIdentity) -> Result<Arc<rustls::ServerConfig>> {
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| LanError::Certificate(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(vec![identity.cert()], identity.key())
        .map_err(|e| LanError::Certificate(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Why a [`PinnedVerifier`] refused the certificate it was shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertRefusal {
    /// Validly self-signed, but not the pinned certificate.
    NotPinned(Fingerprint),
    /// Not validly signed by its own key (whatever its fingerprint); `reason` says how.
    NotSelfSigned { found: Fingerprint, reason: String },
}

/// Trusts the one certificate whose fingerprint is pinned and that is validly signed by its
/// own key; remembers what it was shown when it refused, so the caller can say which
/// fingerprint the other end had.
#[derive(Debug)]
pub struct PinnedVerifier {
    pin: Fingerprint,
    provider: Arc<CryptoProvider>,
    refused: Mutex<Option<CertRefusal>>,
}

/// Checks that `cert` is signed by its own key and valid at `now` (as X.509 path validation
/// with the certificate as its own trust anchor: signature, validity period, key usage).
pub fn check_self_signed(
    cert: &CertificateDer<'_>,
    now: UnixTime,
    provider: &CryptoProvider,
) -> std::result::Result<(), rustls::Error> {
    let mut itself = rustls::RootCertStore::empty();
    itself.add(cert.clone())?;
    let parsed = ParsedCertificate::try_from(cert)?;
    rustls::client::verify_server_cert_signed_by_trust_anchor(
        &parsed,
        &itself,
        &[],
        now,
        provider.signature_verification_algorithms.all,
    )
}

impl PinnedVerifier {
    /// A verifier trusting only the certificate with fingerprint `pin`.
    pub fn new(pin: Fingerprint) -> Self {
        PinnedVerifier {
            pin,
            provider: provider(),
            refused: Mutex::new(None),
        }
    }

    /// The pinned fingerprint.
    pub fn pin(&self) -> Fingerprint {
        self.pin
    }

    /// What the last certificate refused was and why, if any (taken: asked once).
    pub fn take_refused(&self) -> Option<CertRefusal> {
        self.refused
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let found = Fingerprint::of(end_entity.as_ref());
        let refusal = match check_self_signed(end_entity, now, &self.provider) {
            Err(e) => CertRefusal::NotSelfSigned {
                found,
                reason: e.to_string(),
            },
            Ok(()) if found == self.pin => return Ok(ServerCertVerified::assertion()),
            Ok(()) => CertRefusal::NotPinned(found),
        };
        *self.refused.lock().unwrap_or_else(|e| e.into_inner()) = Some(refusal);
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::ApplicationVerificationFailure,
        ))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A station's TLS configuration trusting only `verifier`'s pin.
pub fn client_config(verifier: Arc<PinnedVerifier>) -> Result<Arc<rustls::ClientConfig>> {
    let mut config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| LanError::Certificate(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    fn verify(verifier: &PinnedVerifier, der: &[u8]) -> bool {
        let name = ServerName::try_from("localhost").unwrap();
        verifier
            .verify_server_cert(&CertificateDer::from(der), &[], &name, &[], UnixTime::now())
            .is_ok()
    }

    /// The host's certificate with the last byte of its signature changed: still a
    /// well-formed certificate with the same key, but no longer signed by it.
    fn broken_signature(identity: &HostIdentity) -> Vec<u8> {
        let mut der = identity.cert().as_ref().to_vec();
        if let Some(last) = der.last_mut() {
            *last ^= 0x01;
        }
        der
    }

    #[test]
    fn the_pinned_self_signed_certificate_is_trusted_and_no_other() {
        let host = HostIdentity::generate().unwrap();
        let verifier = PinnedVerifier::new(host.fingerprint());
        assert!(verify(&verifier, host.cert().as_ref()));
        assert_eq!(verifier.take_refused(), None);
        let other = HostIdentity::generate().unwrap();
        assert!(!verify(&verifier, other.cert().as_ref()));
        assert_eq!(
            verifier.take_refused(),
            Some(CertRefusal::NotPinned(other.fingerprint()))
        );
    }

    #[test]
    fn a_certificate_with_a_broken_signature_is_refused_even_when_its_fingerprint_is_pinned() {
        let host = HostIdentity::generate().unwrap();
        let broken = broken_signature(&host);
        let pinned = Fingerprint::of(&broken); // computed over the altered bytes: it "matches"
        let verifier = PinnedVerifier::new(pinned);
        assert!(!verify(&verifier, &broken));
        match verifier.take_refused() {
            Some(CertRefusal::NotSelfSigned { found, reason }) => {
                assert_eq!(found, pinned);
                assert!(!reason.is_empty());
            }
            other => panic!("expected a signature refusal, got {other:?}"),
        }
        let name = ServerName::try_from("localhost").unwrap();
        let err = verifier
            .verify_server_cert(
                &CertificateDer::from(broken),
                &[],
                &name,
                &[],
                UnixTime::now(),
            )
            .unwrap_err();
        assert!(matches!(err, rustls::Error::InvalidCertificate(_)), "{err}");
    }

    #[test]
    fn bytes_that_are_no_certificate_are_refused_without_a_panic() {
        let verifier = PinnedVerifier::new(Fingerprint::of(b"junk"));
        assert!(!verify(&verifier, b"junk"));
        assert!(matches!(
            verifier.take_refused(),
            Some(CertRefusal::NotSelfSigned { .. })
        ));
    }
}
