//! The file of an issued document, to open or print it: the one way from a document id of the
//! `issued_documents` register to a path. Only a PDF this competition file recorded as issued,
//! still where it was written and still the bytes that were signed, is given; anything else is
//! a [`DocumentRefusal`] with its code and words in both languages.

use crate::lang::Lang;
use crate::results::sha256_hex;
use crate::{Error, Result, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// Why the file of a document is not given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DocumentRefusal {
    /// This competition file issued no document with the id.
    Unknown { id: Uuid },
    /// The document was issued, but its PDF is not where it was written (moved or deleted).
    Missing {
        kind: String,
        version: u32,
        file: String,
    },
    /// A file is there, but it is not a PDF or not the bytes that were issued and signed.
    Changed {
        kind: String,
        version: u32,
        file: String,
    },
}

impl DocumentRefusal {
    /// Stable code for the page and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            DocumentRefusal::Unknown { .. } => "unknown_document",
            DocumentRefusal::Missing { .. } => "document_missing",
            DocumentRefusal::Changed { .. } => "document_changed",
        }
    }

    /// The refusal in words, naming the document and its file.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DocumentRefusal::Unknown { id } => match lang {
                Lang::Id => {
                    format!("dokumen {id} tidak tercatat diterbitkan oleh berkas kompetisi ini")
                }
                Lang::En => {
                    format!("document {id} is not on this competition file's record of issues")
                }
            },
            DocumentRefusal::Missing {
                kind,
                version,
                file,
            } => match lang {
                Lang::Id => format!(
                    "berkas dokumen {kind} versi {version} tidak ada lagi di {file}; ekspor \
                     ulang dokumennya"
                ),
                Lang::En => format!(
                    "the file of the {kind} document, version {version}, is no longer at \
                     {file}; export the document again"
                ),
            },
            DocumentRefusal::Changed {
                kind,
                version,
                file,
            } => match lang {
                Lang::Id => format!(
                    "berkas {file} bukan PDF dokumen {kind} versi {version} seperti \
                     diterbitkan (berkas lain, atau isinya berubah sejak itu); ekspor ulang \
                     dokumennya"
                ),
                Lang::En => format!(
                    "{file} is not the PDF of the {kind} document, version {version}, as \
                     issued (another file, or changed since); export the document again"
                ),
            },
        }
    }
}

impl std::fmt::Display for DocumentRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl Store {
    /// The PDF written for the issued document `id`, as recorded when it was issued; refused
    /// when the id is not on record, the file is gone, or it is not the PDF that was issued
    /// (another extension, or bytes other than the recorded SHA-256).
    pub fn issued_file(&self, id: Uuid) -> Result<PathBuf> {
        let doc = self
            .issued_document(id)?
            .ok_or(Error::Document(DocumentRefusal::Unknown { id }))?;
        let path = PathBuf::from(&doc.file);
        let (kind, version, file) = (doc.kind.clone(), doc.version, doc.file.clone());
        if doc.file.is_empty() || !path.is_file() {
            return Err(Error::Document(DocumentRefusal::Missing {
                kind,
                version,
                file,
            }));
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::Io {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if !is_pdf_name(&path) || sha256_hex(&bytes) != doc.file_sha256 {
            return Err(Error::Document(DocumentRefusal::Changed {
                kind,
                version,
                file,
            }));
        }
        Ok(path)
    }
}

fn is_pdf_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;
    use crate::store::NewDocument;

    /// Records `bytes` as the issued recap written at `file`.
    fn record(store: &mut Store, file: &Path, bytes: &[u8]) -> Uuid {
        let sha = store.result_sha256().unwrap();
        let plan = store.plan_document("recap", &sha).unwrap();
        std::fs::write(file, bytes).unwrap();
        let id = Uuid::new_v4();
        store
            .record_document(&NewDocument {
                id,
                kind: "recap".into(),
                version: plan.version,
                supersedes: plan.supersedes.map(|d| d.id),
                lang: "id".into(),
                issued_at: crate::time::now(),
                result_sha256: sha,
                file_sha256: sha256_hex(bytes),
                file: file.display().to_string(),
            })
            .unwrap();
        id
    }

    fn refusal(result: Result<PathBuf>) -> DocumentRefusal {
        match result {
            Err(Error::Document(refusal)) => refusal,
            other => panic!("expected a document refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_known_document_gives_the_file_written_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
        let pdf = dir.path().join("rekap.pdf");
        let id = record(&mut store, &pdf, b"%PDF-1.7 signed");
        assert_eq!(store.issued_file(id).unwrap(), pdf);
    }

    #[test]
    fn an_unknown_id_is_refused_with_its_code_in_both_languages() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
        let id = Uuid::new_v4();
        let err = store.issued_file(id).unwrap_err();
        assert_eq!(err.code(), "unknown_document");
        assert!(err.message(Lang::Id).contains("tidak tercatat"), "{err}");
        assert!(err.message(Lang::En).contains(&id.to_string()), "{err}");
        assert_eq!(refusal(Err(err)), DocumentRefusal::Unknown { id });
    }

    #[test]
    fn a_missing_or_changed_file_is_refused_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
        let pdf = dir.path().join("rekap.pdf");
        let id = record(&mut store, &pdf, b"%PDF-1.7 signed");

        std::fs::write(&pdf, b"%PDF-1.7 edited").unwrap();
        let err = store.issued_file(id).unwrap_err();
        assert_eq!(err.code(), "document_changed");
        assert!(matches!(refusal(Err(err)), DocumentRefusal::Changed { .. }));

        std::fs::remove_file(&pdf).unwrap();
        let err = store.issued_file(id).unwrap_err();
        assert_eq!(err.code(), "document_missing");
        let file = pdf.display().to_string();
        assert!(err.message(Lang::Id).contains(&file), "{err}");
        assert!(err.message(Lang::En).contains(&file), "{err}");
        assert_eq!(
            refusal(Err(err)),
            DocumentRefusal::Missing {
                kind: "recap".into(),
                version: 1,
                file,
            }
        );
    }

    #[test]
    fn a_recorded_file_that_is_not_a_pdf_is_not_given() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::demo::create(&dir.path().join("demo.panelis")).unwrap();
        // Recorded with its true hash, but not a .pdf: never handed to a viewer to open.
        let script = dir.path().join("rekap.sh");
        let id = record(&mut store, &script, b"#!/bin/sh");
        assert_eq!(
            store.issued_file(id).unwrap_err().code(),
            "document_changed"
        );
    }
}
