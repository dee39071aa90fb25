//! Signing a PDF the way readers check it: one incremental update appended to the file
//! holds the embedded result data (JSON, as an attached file), the document's identity in the
//! Info dictionary, an invisible signature field on the first page, a catalog with
//! /AcroForm /SigFlags 3, and a /Sig dictionary whose /ByteRange covers the whole file except
//! the /Contents value, which holds a detached CMS SignedData (SHA-256) made with the
//! organizer's key: a PAdES baseline B-B signature (SubFilter ETSI.CAdES.detached, the
//! signing time in /M). Nothing follows the final %%EOF.

use crate::documents::DocumentHeader;
use crate::error::{ReportError, Result};
use crate::identity::{Identity, Key};
use chrono::{DateTime, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::Encode;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use std::fmt::Write as _;

/// The name of the embedded result data file.
pub const RESULT_FILE_NAME: &str = "panelis-result-data.json";
/// Info dictionary keys the update writes.
pub(crate) const KEY_DOCUMENT_ID: &[u8] = b"PanelisDocumentId";
pub(crate) const KEY_VERSION: &[u8] = b"PanelisVersion";
pub(crate) const KEY_SUPERSEDES: &[u8] = b"PanelisSupersedes";
pub(crate) const KEY_RESULT_SHA256: &[u8] = b"PanelisResultSha256";
pub(crate) const KEY_AUDIT_HEAD: &[u8] = b"PanelisAuditHead";

/// What the update embeds besides the signature.
pub struct Embedding<'a> {
    pub header: &'a DocumentHeader,
    /// The canonical result data.
    pub result_json: &'a [u8],
    /// Its SHA-256 as printed on the document.
    pub result_sha256: &'a str,
    /// Why the document is signed, e.g. "Berita acara hasil penilaian".
    pub reason: &'a str,
    /// Where, e.g. the venue.
    pub location: &'a str,
}

fn structure(e: impl std::fmt::Display) -> ReportError {
    ReportError::PdfStructure(e.to_string())
}

fn signing(e: impl std::fmt::Display) -> ReportError {
    ReportError::Signing(e.to_string())
}

/// Appends the signed update to `pdf` and returns the signed file.
pub fn sign_pdf(
    pdf: &[u8],
    identity: &Identity,
    embed: &Embedding<'_>,
    signed_at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let doc = lopdf::Document::load_mem(pdf).map_err(structure)?;
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(structure)?;
    let mut catalog = doc.get_dictionary(root_id).map_err(structure)?.clone();
    let info_id = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    let mut info = info_id
        .and_then(|id| doc.get_dictionary(id).ok().cloned())
        .unwrap_or_default();
    let page_id = *doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| structure("the PDF has no pages"))?;
    let mut page = doc.get_dictionary(page_id).map_err(structure)?.clone();
    let prev = last_startxref(pdf).ok_or_else(|| structure("no startxref"))?;

    let mut next = doc.max_id + 1;
    let mut take = || {
        let id = (next, 0u16);
        next += 1;
        id
    };
    let sig_id = take();
    let field_id = take();
    let file_id = take();
    let spec_id = take();
    let info_id = info_id.unwrap_or_else(&mut take);
    let size = next;

    // The page gets the (invisible) signature widget.
    let mut annots = match page.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(r)) => doc
            .get_object(*r)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    annots.push(Object::Reference(field_id));
    page.set("Annots", Object::Array(annots));

    // The catalog gets the form and the embedded file.
    let mut acro = Dictionary::new();
    acro.set("Fields", Object::Array(vec![Object::Reference(field_id)]));
    acro.set("SigFlags", Object::Integer(3));
    catalog.set("AcroForm", Object::Dictionary(acro));
    let mut names = match catalog.get(b"Names") {
        Ok(Object::Dictionary(d)) => d.clone(),
        Ok(Object::Reference(r)) => doc.get_dictionary(*r).cloned().unwrap_or_default(),
        _ => Dictionary::new(),
    };
    let mut embedded = Dictionary::new();
    embedded.set(
        "Names",
        Object::Array(vec![
            Object::String(RESULT_FILE_NAME.as_bytes().to_vec(), StringFormat::Literal),
            Object::Reference(spec_id),
        ]),
    );
    names.set("EmbeddedFiles", Object::Dictionary(embedded));
    catalog.set("Names", Object::Dictionary(names));
    catalog.set("AF", Object::Array(vec![Object::Reference(spec_id)]));

    // The Info dictionary states the document's identity and the result data's digest.
    let header = embed.header;
    info.set(KEY_DOCUMENT_ID, text_string(&header.id.to_string()));
    info.set(KEY_VERSION, Object::Integer(i64::from(header.version)));
    if let Some(old) = header.supersedes {
        info.set(KEY_SUPERSEDES, text_string(&old.to_string()));
    }
    info.set(KEY_RESULT_SHA256, text_string(embed.result_sha256));
    if let Some(head) = &header.audit_head {
        info.set(KEY_AUDIT_HEAD, text_string(&head.to_text()));
    }
    info.set("ModDate", text_string(&pdf_date(signed_at)));

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(ObjectId, usize)> = Vec::new();

    // The embedded result data.
    let json = embed.result_json;
    offsets.push((file_id, out.len()));
    write!(
        Bytes(&mut out),
        "{} {} obj\n<</Type/EmbeddedFile/Subtype/application#2Fjson/Length {}/Params<</Size {}/ModDate{}>>>>\nstream\n",
        file_id.0,
        file_id.1,
        json.len(),
        json.len(),
        pdf_text(&pdf_date(signed_at))
    )
    .map_err(structure)?;
    out.extend_from_slice(json);
    out.extend_from_slice(b"\nendstream\nendobj\n");

    let mut spec = Dictionary::new();
    spec.set("Type", Object::Name(b"Filespec".to_vec()));
    spec.set("F", text_string(RESULT_FILE_NAME));
    spec.set("UF", text_string(RESULT_FILE_NAME));
    spec.set(
        "Desc",
        text_string(header.lang.pick(
            "Data hasil penilaian (JSON kanonik; SHA-256 tercetak pada dokumen)",
            "Result data (canonical JSON; its SHA-256 is printed on the document)",
        )),
    );
    spec.set("AFRelationship", Object::Name(b"Data".to_vec()));
    let mut ef = Dictionary::new();
    ef.set("F", Object::Reference(file_id));
    spec.set("EF", Object::Dictionary(ef));
    write_object(&mut out, &mut offsets, spec_id, &Object::Dictionary(spec));

    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", text_string("Tanda tangan penyelenggara"));
    field.set("V", Object::Reference(sig_id));
    field.set("F", Object::Integer(132));
    field.set("Rect", Object::Array(vec![Object::Integer(0); 4]));
    field.set("P", Object::Reference(page_id));
    write_object(&mut out, &mut offsets, field_id, &Object::Dictionary(field));
    write_object(&mut out, &mut offsets, page_id, &Object::Dictionary(page));
    write_object(
        &mut out,
        &mut offsets,
        root_id,
        &Object::Dictionary(catalog),
    );
    write_object(&mut out, &mut offsets, info_id, &Object::Dictionary(info));

    // The signature dictionary with placeholders.
    let reserve = identity
        .chain
        .iter()
        .map(|c| c.to_der().map(|d| d.len()).unwrap_or(4096))
        .sum::<usize>()
        + 6144;
    let byte_range_placeholder = format!("[0 {:<10} {:<10} {:<10}]", 0, 0, 0);
    offsets.push((sig_id, out.len()));
    let mut sig_head = format!(
        "{} {} obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/Name{}/Reason{}/Location{}/M{}/ByteRange ",
        sig_id.0,
        sig_id.1,
        pdf_text(&identity.subject()),
        pdf_text(embed.reason),
        pdf_text(embed.location),
        pdf_text(&pdf_date(signed_at)),
    );
    let byte_range_at = out.len() + sig_head.len();
    sig_head.push_str(&byte_range_placeholder);
    sig_head.push_str("/Contents ");
    out.extend_from_slice(sig_head.as_bytes());
    let contents_start = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', reserve * 2));
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b">>\nendobj\n");

    // Cross-reference section and trailer for the update.
    offsets.sort_by_key(|(id, _)| *id);
    let xref_at = out.len();
    let mut xref = String::from("xref\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i + 1;
        while j < offsets.len() && offsets[j].0 .0 == offsets[j - 1].0 .0 + 1 {
            j += 1;
        }
        let _ = writeln!(xref, "{} {}", offsets[i].0 .0, j - i);
        for (id, at) in &offsets[i..j] {
            let _ = write!(xref, "{:010} {:05} n\r\n", at, id.1);
        }
        i = j;
    }
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(size)));
    trailer.set("Root", Object::Reference(root_id));
    trailer.set("Info", Object::Reference(info_id));
    trailer.set("Prev", Object::Integer(prev as i64));
    if let Ok(id) = doc.trailer.get(b"ID") {
        trailer.set("ID", id.clone());
    }
    let _ = write!(
        xref,
        "trailer\n{}\nstartxref\n{}\n%%EOF\n",
        String::from_utf8_lossy(&serialize(&Object::Dictionary(trailer))),
        xref_at
    );
    out.extend_from_slice(xref.as_bytes());

    // Patch the byte range, digest the covered bytes, sign, fill in /Contents.
    let total = out.len();
    let range = format!(
        "[0 {:<10} {:<10} {:<10}]",
        contents_start,
        contents_end,
        total - contents_end
    );
    if range.len() != byte_range_placeholder.len() {
        return Err(signing("the file is too large for the byte range"));
    }
    out[byte_range_at..byte_range_at + range.len()].copy_from_slice(range.as_bytes());
    let mut h = Sha256::new();
    h.update(&out[..contents_start]);
    h.update(&out[contents_end..]);
    let digest = h.finalize();
    let cms = signed_data(identity, &digest)?;
    let hex = hex::encode(&cms);
    if hex.len() > reserve * 2 {
        return Err(signing(format!(
            "the signature ({} bytes) is larger than the space reserved ({reserve} bytes)",
            cms.len()
        )));
    }
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// A detached CMS SignedData over a SHA-256 `digest`, as PAdES baseline B-B wants it: content
/// type, message digest and signing-certificate-v2 as signed attributes, the whole chain
/// attached, and no signing-time attribute (PAdES takes the time from the signature
/// dictionary's /M, and a validator refuses a B-B signature that carries one).
pub(crate) fn signed_data(identity: &Identity, digest: &[u8]) -> Result<Vec<u8>> {
    let cert = identity.certificate();
    let content = EncapsulatedContentInfo {
        econtent_type: const_oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let sha256 = AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    };
    let mut builder = SignedDataBuilder::new(&content);
    builder
        .add_digest_algorithm(sha256.clone())
        .map_err(signing)?;
    for c in &identity.chain {
        builder
            .add_certificate(CertificateChoices::Certificate(c.clone()))
            .map_err(signing)?;
    }
    let signer_certificate = crate::ess::attribute(cert).map_err(signing)?;
    match &identity.key {
        Key::P256(key) => {
            let mut signer = SignerInfoBuilder::new(key, sid, sha256, &content, Some(digest))
                .map_err(signing)?;
            signer
                .add_signed_attribute(signer_certificate)
                .map_err(signing)?;
            builder
                .add_signer_info::<_, p256::ecdsa::DerSignature>(signer)
                .map_err(signing)?;
        }
        Key::Rsa(key) => {
            let key = rsa::pkcs1v15::SigningKey::<Sha256>::new((**key).clone());
            let mut signer = SignerInfoBuilder::new(&key, sid, sha256, &content, Some(digest))
                .map_err(signing)?;
            signer
                .add_signed_attribute(signer_certificate)
                .map_err(signing)?;
            builder
                .add_signer_info::<_, rsa::pkcs1v15::Signature>(signer)
                .map_err(signing)?;
        }
    }
    let info = builder.build().map_err(signing)?;
    info.to_der().map_err(signing)
}

/// The offset after the last `startxref`.
pub(crate) fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let needle = b"startxref";
    let at = pdf.windows(needle.len()).rposition(|w| w == needle)?;
    let rest = &pdf[at + needle.len()..];
    let digits: String = rest
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|b| *b as char)
        .collect();
    digits.parse().ok()
}

/// "D:20230307100000Z".
fn pdf_date(at: DateTime<Utc>) -> String {
    at.format("D:%Y%m%d%H%M%SZ").to_string()
}

/// A PDF text string: literal for plain ASCII, else UTF-16BE with a byte order mark.
pub(crate) fn text_string(text: &str) -> Object {
    if text.chars().all(|c| (' '..='~').contains(&c)) {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// A text string in PDF syntax, as text (it is ASCII either way).
fn pdf_text(text: &str) -> String {
    String::from_utf8_lossy(&serialize(&text_string(text))).into_owned()
}

/// Decodes a PDF text string (UTF-16BE with BOM, else bytes as Latin-1).
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|b| *b as char).collect()
    }
}

fn write_object(out: &mut Vec<u8>, offsets: &mut Vec<(ObjectId, usize)>, id: ObjectId, o: &Object) {
    offsets.push((id, out.len()));
    out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
    out.extend_from_slice(&serialize(o));
    out.extend_from_slice(b"\nendobj\n");
}

/// Writes a direct object in PDF syntax. Streams cannot be direct objects and are written
/// as null (the update never copies one).
pub(crate) fn serialize(o: &Object) -> Vec<u8> {
    let mut out = Vec::new();
    put(&mut out, o);
    out
}

fn put(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null | Object::Stream(_) => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => {
            let text = if r.fract() == 0.0 {
                format!("{}", *r as i64)
            } else {
                format!("{r}")
            };
            out.extend_from_slice(text.as_bytes());
        }
        Object::Name(name) => {
            out.push(b'/');
            for &b in name {
                if b.is_ascii_graphic() && !b"#/()<>[]{}%".contains(&b) {
                    out.push(b);
                } else {
                    out.extend_from_slice(format!("#{b:02X}").as_bytes());
                }
            }
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            out.extend_from_slice(hex::encode(bytes).as_bytes());
            out.push(b'>');
        }
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => {
                        out.push(b'\\');
                        out.push(b);
                    }
                    b' '..=b'~' => out.push(b),
                    _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
                }
            }
            out.push(b')');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                put(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => {
            out.extend_from_slice(b"<<");
            for (k, v) in d.iter() {
                put(out, &Object::Name(k.clone()));
                out.push(b' ');
                put(out, v);
            }
            out.extend_from_slice(b">>");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

/// `write!` into a byte vector.
struct Bytes<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_serialize_as_pdf_syntax() {
        let mut d = Dictionary::new();
        d.set(
            "A B",
            Object::String(b"x(y)\\\n".to_vec(), StringFormat::Literal),
        );
        d.set("R", Object::Reference((3, 0)));
        d.set(
            "N",
            Object::Array(vec![Object::Real(1.5), Object::Real(2.0), Object::Null]),
        );
        assert_eq!(
            String::from_utf8(serialize(&Object::Dictionary(d))).expect("utf8"),
            "<</A#20B (x\\(y\\)\\\\\\012)/R 3 0 R/N [1.5 2 null]>>"
        );
        assert_eq!(
            serialize(&text_string("Zoë")),
            b"<feff005a006f00eb>".to_vec()
        );
        assert_eq!(decode_text(&[0xfe, 0xff, 0, b'Z', 0, 0xeb]), "Zë");
    }

    #[test]
    fn startxref_is_found() {
        assert_eq!(
            last_startxref(b"...startxref\n12\n%%EOF\nstartxref\r\n345\n%%EOF"),
            Some(345)
        );
        assert_eq!(last_startxref(b"nothing"), None);
    }
}
