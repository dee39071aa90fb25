//! Reading a PKCS#12 (.p12 / .pfx) file into an [`Identity`]: the integrity MAC
//! (HMAC-SHA-256 or HMAC-SHA-1 with the PKCS#12 key derivation) is checked with the password,
//! PBES2-encrypted bags (PBKDF2 with AES, the format of current OpenSSL, browsers and CAs) are
//! decrypted, and the key is matched with its certificate. Files protected with the legacy
//! PKCS#12 schemes (RC2, 3DES with SHA-1 key derivation) are refused with a clear reason.

use crate::error::{Pkcs12Refusal, ReportError, Result};
use crate::identity::{certificate_from_der, Identity, Key};
use cms::content_info::ContentInfo;
use cms::encrypted_data::EncryptedData;
use der::asn1::{ContextSpecific, OctetString};
use der::{Decode, Encode};
use hmac::{Hmac, Mac};
use pkcs12::cert_type::CertBag;
use pkcs12::kdf::{derive_key_utf8, Pkcs12KeyType};
use pkcs12::pfx::Pfx;
use pkcs12::safe_bag::SafeContents;
use pkcs8::{DecodePrivateKey, EncryptedPrivateKeyInfo, PrivateKeyInfo};
use x509_cert::Certificate;

/// A structure in the file that does not decode: a damaged file.
fn err(e: impl std::fmt::Display) -> ReportError {
    ReportError::Pkcs12(Pkcs12Refusal::Damaged {
        cause: e.to_string(),
    })
}

fn refuse(refusal: Pkcs12Refusal) -> ReportError {
    ReportError::Pkcs12(refusal)
}

fn unsupported(what: impl Into<String>) -> ReportError {
    refuse(Pkcs12Refusal::UnsupportedProtection { what: what.into() })
}

/// Reads `bytes` with `password`.
pub(crate) fn parse(bytes: &[u8], password: &str) -> Result<Identity> {
    let pfx = Pfx::from_der(bytes).map_err(|e| {
        refuse(Pkcs12Refusal::NotPkcs12 {
            cause: e.to_string(),
        })
    })?;
    let data_oid = const_oid::db::rfc5911::ID_DATA;
    if pfx.auth_safe.content_type != data_oid {
        return Err(unsupported("public-key integrity mode"));
    }
    let auth_safe = octets(&pfx.auth_safe)?;
    match &pfx.mac_data {
        Some(mac) => check_mac(mac, &auth_safe, password)?,
        None => return Err(unsupported("no integrity check (MAC)")),
    }
    let contents = Vec::<ContentInfo>::from_der(&auth_safe).map_err(err)?;
    let mut keys: Vec<Vec<u8>> = Vec::new();
    let mut certs: Vec<Certificate> = Vec::new();
    for info in contents {
        let bags = if info.content_type == data_oid {
            octets(&info)?
        } else if info.content_type == const_oid::db::rfc5911::ID_ENCRYPTED_DATA {
            let der = info.content.to_der().map_err(err)?;
            let encrypted = EncryptedData::from_der(&der).map_err(err)?;
            decrypt(&encrypted, password)?
        } else {
            continue;
        };
        for bag in SafeContents::from_der(&bags).map_err(err)? {
            match bag.bag_id {
                pkcs12::PKCS_12_PKCS8_KEY_BAG_OID => {
                    let cs: ContextSpecific<EncryptedPrivateKeyInfo<'_>> =
                        ContextSpecific::from_der(&bag.bag_value).map_err(err)?;
                    let plain = cs.value.decrypt(password.as_bytes()).map_err(|e| {
                        unsupported(format!("the key's encryption: {e}; legacy RC2/3DES"))
                    })?;
                    keys.push(plain.as_bytes().to_vec());
                }
                pkcs12::PKCS_12_KEY_BAG_OID => {
                    let cs: ContextSpecific<PrivateKeyInfo<'_>> =
                        ContextSpecific::from_der(&bag.bag_value).map_err(err)?;
                    keys.push(cs.value.to_der().map_err(err)?);
                }
                pkcs12::PKCS_12_CERT_BAG_OID => {
                    let cs: ContextSpecific<CertBag> =
                        ContextSpecific::from_der(&bag.bag_value).map_err(err)?;
                    if cs.value.cert_id == pkcs12::PKCS_12_X509_CERT_OID {
                        certs.push(certificate_from_der(cs.value.cert_value.as_bytes())?);
                    }
                }
                _ => {}
            }
        }
    }
    let key_der = keys.first().ok_or_else(|| refuse(Pkcs12Refusal::NoKey))?;
    let key = if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(key_der) {
        Key::P256(k)
    } else {
        Key::Rsa(Box::new(
            rsa::RsaPrivateKey::from_pkcs8_der(key_der).map_err(|e| {
                refuse(Pkcs12Refusal::UnsupportedKey {
                    cause: e.to_string(),
                })
            })?,
        ))
    };
    // Signer first: the certificate whose public key matches the key, then the others.
    let spki = match &key {
        Key::P256(k) => spki::SubjectPublicKeyInfoOwned::from_key(*k.verifying_key()),
        Key::Rsa(k) => spki::SubjectPublicKeyInfoOwned::from_key(k.to_public_key()),
    }
    .map_err(err)?;
    let position = certs
        .iter()
        .position(|c| c.tbs_certificate.subject_public_key_info == spki)
        .ok_or_else(|| refuse(Pkcs12Refusal::NoMatchingCertificate))?;
    let signer = certs.remove(position);
    certs.insert(0, signer);
    Identity::new(key, certs)
}

/// The octets of a `data` content.
fn octets(info: &ContentInfo) -> Result<Vec<u8>> {
    let der = info.content.to_der().map_err(err)?;
    Ok(OctetString::from_der(&der).map_err(err)?.into_bytes())
}

/// Checks the password-based MAC over the authenticated safe.
fn check_mac(mac: &pkcs12::mac_data::MacData, data: &[u8], password: &str) -> Result<()> {
    let salt = mac.mac_salt.as_bytes();
    let expected = mac.mac.digest.as_bytes();
    let ok = if mac.mac.algorithm.oid == const_oid::db::rfc5912::ID_SHA_256 {
        let key =
            derive_key_utf8::<sha2::Sha256>(password, salt, Pkcs12KeyType::Mac, mac.iterations, 32)
                .map_err(err)?;
        let mut h = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&key).map_err(err)?;
        h.update(data);
        h.verify_slice(expected).is_ok()
    } else if mac.mac.algorithm.oid == const_oid::db::rfc5912::ID_SHA_1 {
        let key =
            derive_key_utf8::<sha1::Sha1>(password, salt, Pkcs12KeyType::Mac, mac.iterations, 20)
                .map_err(err)?;
        let mut h = <Hmac<sha1::Sha1> as Mac>::new_from_slice(&key).map_err(err)?;
        h.update(data);
        h.verify_slice(expected).is_ok()
    } else {
        return Err(unsupported(format!(
            "an integrity check with the digest {}",
            mac.mac.algorithm.oid
        )));
    };
    if ok {
        Ok(())
    } else {
        Err(refuse(Pkcs12Refusal::WrongPassword))
    }
}

/// Decrypts an `encryptedData` bag set (PBES2 only).
fn decrypt(encrypted: &EncryptedData, password: &str) -> Result<Vec<u8>> {
    let info = &encrypted.enc_content_info;
    let alg = &info.content_enc_alg;
    if alg.oid != pkcs5::pbes2::PBES2_OID {
        return Err(unsupported(format!(
            "certificates encrypted with the legacy scheme {}",
            alg.oid
        )));
    }
    let params_der = alg
        .parameters
        .as_ref()
        .ok_or_else(|| err("missing PBES2 parameters"))?
        .to_der()
        .map_err(err)?;
    let params = pkcs5::pbes2::Parameters::from_der(&params_der).map_err(err)?;
    let scheme = pkcs5::EncryptionScheme::from(params);
    let mut ciphertext = info
        .encrypted_content
        .as_ref()
        .ok_or_else(|| err("no encrypted content"))?
        .as_bytes()
        .to_vec();
    let plain = scheme
        .decrypt_in_place(password.as_bytes(), &mut ciphertext)
        .map_err(|_| refuse(Pkcs12Refusal::WrongPassword))?;
    Ok(plain.to_vec())
}
