//! Where Panelis keeps its files, shared by the app and the `panelis` command so both find
//! the same competitions: [`AppDirs`], and the file name a new competition gets.

use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The app identifier; also the name of the app-data folder.
pub const APP_ID: &str = "id.panelis.desktop";

/// The folders Panelis keeps its own files in: competition files by default, the recent
/// list, signing keys, this device's binding to a panelist, a station's file, the organizer's
/// certificates and the LAN host's identity. Made once by the program's `main` (the app's
/// setup, the `panelis` command) with [`AppDirs::from_env`] and handed to what needs it:
/// no library function looks the data folder up by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppDirs {
    data: PathBuf,
}

impl AppDirs {
    /// `$PANELIS_DATA_DIR` when set (tests, portable use), otherwise the OS app-data folder
    /// (on Linux `~/.local/share/id.panelis.desktop`). For the programs' `main` only.
    pub fn from_env() -> Self {
        if let Some(dir) = std::env::var_os("PANELIS_DATA_DIR").filter(|d| !d.is_empty()) {
            return AppDirs::new(dir);
        }
        AppDirs::new(
            directories::BaseDirs::new()
                .map(|b| b.data_dir().join(APP_ID))
                .unwrap_or_else(|| PathBuf::from(".panelis")),
        )
    }

    /// The folders under `data`.
    pub fn new(data: impl Into<PathBuf>) -> Self {
        AppDirs { data: data.into() }
    }

    /// The data folder itself: new competitions go here by default.
    pub fn data(&self) -> &Path {
        &self.data
    }

    /// The recent-files list.
    pub fn recent_list(&self) -> PathBuf {
        self.data.join("recent.json")
    }

    /// Where the demo competition is created on first launch.
    pub fn demo_file(&self) -> PathBuf {
        self.data.join("demo.panelis")
    }

    /// The ballot-signing keys made on this device.
    pub fn keys(&self) -> PathBuf {
        self.data.join("keys")
    }

    /// Which panelist this device scores for, per competition.
    pub fn device_binding(&self) -> PathBuf {
        self.data.join("scoring-station.json")
    }

    /// A panelist's station (joined to a host over the venue LAN).
    pub fn station(&self) -> PathBuf {
        self.data.join("station")
    }

    /// The organizer's key and certificate for a competition.
    pub fn certificates(&self, competition_id: Uuid) -> PathBuf {
        self.data
            .join("certificates")
            .join(competition_id.to_string())
    }

    /// The LAN host's identity (certificate, stations' keys, log) for a competition: copy it
    /// with a backup so another laptop can take over.
    pub fn lan(&self, competition_id: Uuid) -> PathBuf {
        self.data.join("lan").join(competition_id.to_string())
    }
}

/// The usual file extension of a competition file.
pub use crate::store::FILE_EXTENSION;

/// A name as a file name's part: lowercase letters and digits joined by `-`
/// ("KIPP Sulsel 2024" -> "kipp-sulsel-2024"); empty when nothing is left.
pub fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                '-'
            }
        })
        .collect();
    s.split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A file name for a new competition: "KIPP Sulsel 2024" -> "kipp-sulsel-2024.panelis".
pub fn file_name_for(competition_name: &str) -> String {
    let stem = slug(competition_name);
    let stem = if stem.is_empty() {
        "competition".to_string()
    } else {
        stem
    };
    format!("{stem}.{FILE_EXTENSION}")
}

/// The name a file exported from a competition is offered under: the competition, what the
/// file holds, and whom, if one person ("kipp-sulsel-2023-berita-acara.pdf",
/// "kipp-sulsel-2023-nilai-nurul-fadhilah-s-h-m-h.json"). The one rule for every export.
pub fn export_file_name(
    competition: &str,
    what: &str,
    whom: Option<&str>,
    extension: &str,
) -> String {
    let parts: Vec<String> = [Some(competition), Some(what), whom]
        .into_iter()
        .flatten()
        .map(slug)
        .filter(|p| !p.is_empty())
        .collect();
    let stem = if parts.is_empty() {
        "panelis".to_string()
    } else {
        parts.join("-")
    };
    format!("{stem}.{extension}")
}

/// What is exported from a competition besides its official documents, with its name in
/// each language (the part of [`export_file_name`] saying what the file holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Results,
    Entries,
    Schedule,
    Certificate,
    Ballots,
    BlankSheets,
}

impl Export {
    /// What the file holds, in `lang`, and its extension.
    pub fn name(self, lang: crate::lang::Lang) -> (&'static str, &'static str) {
        let pick = |id, en| lang.pick(id, en);
        match self {
            Export::Results => (pick("hasil penilaian", "results"), "xlsx"),
            Export::Entries => (pick("daftar inovasi", "entries"), "xlsx"),
            Export::Schedule => (pick("jadwal presentasi", "presentation schedule"), "xlsx"),
            Export::Certificate => (
                pick("sertifikat penyelenggara", "organizer certificate"),
                "pem",
            ),
            Export::Ballots => (pick("nilai", "ballots"), "json"),
            Export::BlankSheets => (pick("lembar kosong", "blank sheets"), "pdf"),
        }
    }

    /// The file name for this export of `competition`, for `whom` if one person.
    pub fn file_name(
        self,
        competition: &str,
        whom: Option<&str>,
        lang: crate::lang::Lang,
    ) -> String {
        let (what, extension) = self.name(lang);
        export_file_name(competition, what, whom, extension)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            super::file_name_for("KIPP Sulsel 2024"),
            "kipp-sulsel-2024.panelis"
        );
        assert_eq!(super::file_name_for(" / "), "competition.panelis");
    }

    #[test]
    fn exports_are_named_after_the_competition_what_and_whom() {
        use super::Export;
        use crate::lang::Lang;
        let kipp = "KIPP Sulawesi Selatan 2023";
        assert_eq!(
            Export::Ballots.file_name(kipp, Some("Nurul Fadhilah, S.H., M.H."), Lang::Id),
            "kipp-sulawesi-selatan-2023-nilai-nurul-fadhilah-s-h-m-h.json"
        );
        assert_eq!(
            Export::Results.file_name(kipp, None, Lang::En),
            "kipp-sulawesi-selatan-2023-results.xlsx"
        );
        assert_eq!(
            super::export_file_name("  ", "berita acara", None, "pdf"),
            "berita-acara.pdf"
        );
    }
}
