//! The ESS signing-certificate-v2 signed attribute (RFC 5035) that PAdES baseline B-B
//! requires: it binds the signature to the signer's certificate by its SHA-256 and its issuer
//! and serial number, so a validator can tell that the certificate in the CMS is the one the
//! signer meant. Built by signing, checked by verification.

use der::asn1::{Any, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::Certificate;

/// id-aa-signingCertificateV2, 1.2.840.113549.1.9.16.2.47.
pub const OID: const_oid::ObjectIdentifier = const_oid::db::rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2;

/// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

/// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial OPTIONAL }.
/// The hash is SHA-256, the default, which DER leaves out.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: Option<IssuerSerial>,
}

/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies OPTIONAL }.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn id_of(cert: &Certificate) -> der::Result<EssCertIdV2> {
    let hash = Sha256::digest(cert.to_der()?);
    Ok(EssCertIdV2 {
        cert_hash: OctetString::new(hash.to_vec())?,
        issuer_serial: Some(IssuerSerial {
            issuer: vec![GeneralName::DirectoryName(
                cert.tbs_certificate.issuer.clone(),
            )],
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
    })
}

/// The signed attribute naming `cert` as the signer's certificate.
pub fn attribute(cert: &Certificate) -> der::Result<Attribute> {
    let value = SigningCertificateV2 {
        certs: vec![id_of(cert)?],
    };
    let any = Any::from_der(&value.to_der()?)?;
    Ok(Attribute {
        oid: OID,
        values: SetOfVec::try_from(vec![any])?,
    })
}

/// Whether an attribute's value names `cert` first, as RFC 5035 requires of the signer's
/// own certificate. `Err` when the value cannot be read.
pub fn names(attribute: &Attribute, cert: &Certificate) -> der::Result<bool> {
    let Some(value) = attribute.values.iter().next() else {
        return Ok(false);
    };
    let parsed = SigningCertificateV2::from_der(&value.to_der()?)?;
    let expected = id_of(cert)?;
    Ok(parsed.certs.first().is_some_and(|first| {
        // The hash is what binds; an issuer and serial, when given, must agree too.
        first.cert_hash == expected.cert_hash
            && first
                .issuer_serial
                .as_ref()
                .is_none_or(|given| Some(given) == expected.issuer_serial.as_ref())
    }))
}
