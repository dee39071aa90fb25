//! The `organizer_logo` table: the optional logo the official minutes print in their
//! letterhead, kept in the competition file so the documents of a competition are
//! reproducible from that file alone. Only PNG and JPEG, at most [`MAX_LOGO_BYTES`]; the
//! report crate decodes the image before it is stored, so a stored logo always prints.

use super::audit::Event;
use crate::store::Cached;
use crate::{Error, Result};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub(super) const SCHEMA_V2: &str = "
CREATE TABLE organizer_logo (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    media_type  TEXT NOT NULL,
    bytes       BLOB NOT NULL,
    sha256      TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
";

/// The largest logo accepted: a letterhead logo is a few centimetres wide, and every PDF of
/// the competition carries it.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// The organizer's logo as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerLogo {
    /// `image/png` or `image/jpeg`.
    pub media_type: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub size: usize,
}

/// The media type of an image from its first bytes: PNG or JPEG, else a clear refusal.
pub fn logo_media_type(bytes: &[u8]) -> Result<&'static str> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(Error::Setup(crate::setup::SetupRefusal::LogoTooLarge {
            kb: bytes.len().div_ceil(1024),
            max_kb: MAX_LOGO_BYTES / 1024,
        }));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok("image/jpeg")
    } else {
        Err(Error::Setup(crate::setup::SetupRefusal::LogoNotImage))
    }
}

impl super::Store {
    /// The organizer's logo, if one was set.
    pub fn organizer_logo(&self) -> Result<Option<OrganizerLogo>> {
        Ok(self
            .conn()
            .row(
                "SELECT media_type, bytes, sha256 FROM organizer_logo WHERE id = 1",
                [],
                |r| {
                    let bytes: Vec<u8> = r.get(1)?;
                    Ok(OrganizerLogo {
                        media_type: r.get(0)?,
                        size: bytes.len(),
                        bytes,
                        sha256: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Sets the organizer's logo (replacing any). Check that it decodes first
    /// (`panelis_report::check_logo`): this only checks the kind and the size.
    pub fn set_organizer_logo(&mut self, bytes: &[u8]) -> Result<OrganizerLogo> {
        let media_type = logo_media_type(bytes)?;
        let sha256 = hex::encode(Sha256::digest(bytes));
        let logo = OrganizerLogo {
            media_type: media_type.into(),
            bytes: bytes.to_vec(),
            sha256,
            size: bytes.len(),
        };
        self.write(super::Actor::Secretariat, |tx| {
            tx.run(
                "INSERT INTO organizer_logo (id, media_type, bytes, sha256, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET media_type = ?1, bytes = ?2, sha256 = ?3,
                     updated_at = ?4",
                params![
                    logo.media_type,
                    logo.bytes,
                    logo.sha256,
                    crate::time::to_db(chrono::Utc::now())
                ],
            )?;
            Ok((logo.clone(), Some(Event::new("organizer_logo.set", &logo))))
        })
    }

    /// Removes the organizer's logo; the letterhead is text only again.
    pub fn clear_organizer_logo(&mut self) -> Result<bool> {
        self.write(super::Actor::Secretariat, |tx| {
            let removed = tx.run("DELETE FROM organizer_logo", [])? > 0;
            let event = removed.then(|| Event::new("organizer_logo.cleared", ()));
            Ok((removed, event))
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test fails loudly on purpose

    use super::*;
    use crate::Store;

    const PNG_HEAD: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    use crate::testing::store;

    #[test]
    fn a_logo_is_stored_replaced_cleared_and_audited() {
        let (dir, mut store) = store();
        assert_eq!(store.organizer_logo().unwrap(), None);
        let set = store.set_organizer_logo(PNG_HEAD).unwrap();
        assert_eq!(set.media_type, "image/png");
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        store.set_organizer_logo(&jpeg).unwrap();
        let read = store.organizer_logo().unwrap().unwrap();
        assert_eq!(read.bytes, jpeg);
        assert_eq!(read.media_type, "image/jpeg");
        assert_eq!(read.sha256, hex::encode(Sha256::digest(jpeg)));
        // The file reopens with it.
        let path = dir.path().join("c.panelis");
        drop(store);
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.organizer_logo().unwrap().unwrap().bytes, jpeg);
        assert!(store.clear_organizer_logo().unwrap());
        assert!(!store.clear_organizer_logo().unwrap());
        assert_eq!(store.organizer_logo().unwrap(), None);
        let actions: Vec<String> = store
            .audit_events()
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions
                .iter()
                .filter(|a| a.starts_with("organizer_logo"))
                .count(),
            3,
            "{actions:?}"
        );
        assert_eq!(store.verify_audit().unwrap(), None);
    }

    #[test]
    fn a_format_1_file_with_data_is_upgraded_on_open_and_takes_a_logo() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.panelis");
        drop(crate::demo::create(&path).unwrap());
        // As a file written before the logo existed: no table, format 1.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "DROP TABLE organizer_logo; {} PRAGMA user_version = 1;",
            crate::store::UNDO_FORMAT_3
        ))
        .unwrap();
        drop(conn);
        let mut store = Store::open(&path).unwrap();
        let v: i64 = store
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, crate::store::SCHEMA_VERSION);
        assert_eq!(store.entries().unwrap().len(), 50, "the data is untouched");
        assert_eq!(store.organizer_logo().unwrap(), None);
        store.set_organizer_logo(PNG_HEAD).unwrap();
        assert_eq!(store.verify_audit().unwrap(), None);
    }

    #[test]
    fn other_files_and_oversized_images_are_refused_with_what_is_wrong() {
        let (_dir, mut store) = store();
        let err = store.set_organizer_logo(b"GIF89a....").unwrap_err();
        assert!(err.to_string().contains("not a PNG or JPEG"), "{err}");
        let mut big = PNG_HEAD.to_vec();
        big.resize(MAX_LOGO_BYTES + 1, 0);
        let err = store.set_organizer_logo(&big).unwrap_err();
        assert!(err.to_string().contains("at most 1024 KB"), "{err}");
        assert_eq!(
            store.organizer_logo().unwrap(),
            None,
            "nothing half written"
        );
    }
}
