//! Why a value the secretariat sets up is refused: the competition's own fields, the panel,
//! rooms, entries, the letterhead logo and the backup settings. One variant per rule, each
//! with a stable code for the page and the scripts, its fields for the page to show, and its
//! words in both languages, here and nowhere else.

use crate::lang::Lang;
use crate::text::excerpt;
use serde::Serialize;

/// A refused value of the competition's setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SetupRefusal {
    /// The competition has no name.
    CompetitionNameEmpty,
    /// A year outside 2000-2100.
    ImplausibleYear { year: i32 },
    /// The competition's last day is before its first.
    LastDayBeforeFirst,
    /// A venue offset from UTC that no clock has (more than a day either way).
    UtcOffsetOutOfRange { minutes: i32 },
    /// A panelist without a name.
    PanelistNameEmpty,
    /// The chair is not taken off the panel: the role passes to another panelist first.
    ChairLeavingPanel { name: String },
    /// A room without a name.
    RoomNameEmpty,
    /// A room of this name exists already.
    RoomExists { name: String },
    /// An entry numbered 0; `position` is its place in the list given (1-based), if any.
    EntryNumberZero { position: Option<usize> },
    /// An entry without a title.
    EntryTitleEmpty { no: u32, position: Option<usize> },
    /// The same number twice in the entries given.
    EntryNumberRepeated { no: u32, position: Option<usize> },
    /// The number is held by another entry already.
    EntryNumberTaken {
        no: u32,
        title: Option<String>,
        position: Option<usize>,
    },
    /// The entries changed after an import was previewed: the preview no longer describes
    /// what the import would do.
    StalePreview,
    /// A logo file over the size a letterhead takes.
    LogoTooLarge { kb: usize, max_kb: usize },
    /// A logo file that is neither PNG nor JPEG.
    LogoNotImage,
    /// Backup settings that keep no backup.
    BackupKeepZero,
    /// Backup settings with an interval under a minute.
    BackupIntervalZero,
}

impl SetupRefusal {
    /// Stable code for the page and the scripts.
    pub fn code(&self) -> &'static str {
        match self {
            SetupRefusal::CompetitionNameEmpty => "competition_name_empty",
            SetupRefusal::ImplausibleYear { .. } => "implausible_year",
            SetupRefusal::LastDayBeforeFirst => "last_day_before_first",
            SetupRefusal::UtcOffsetOutOfRange { .. } => "utc_offset_out_of_range",
            SetupRefusal::PanelistNameEmpty => "panelist_name_empty",
            SetupRefusal::ChairLeavingPanel { .. } => "chair_leaving_panel",
            SetupRefusal::RoomNameEmpty => "room_name_empty",
            SetupRefusal::RoomExists { .. } => "room_exists",
            SetupRefusal::EntryNumberZero { .. } => "entry_number_zero",
            SetupRefusal::EntryTitleEmpty { .. } => "entry_title_empty",
            SetupRefusal::EntryNumberRepeated { .. } => "entry_number_repeated",
            SetupRefusal::EntryNumberTaken { .. } => "entry_number_taken",
            SetupRefusal::StalePreview => "stale_preview",
            SetupRefusal::LogoTooLarge { .. } => "logo_too_large",
            SetupRefusal::LogoNotImage => "logo_not_image",
            SetupRefusal::BackupKeepZero => "backup_keep_zero",
            SetupRefusal::BackupIntervalZero => "backup_interval_zero",
        }
    }

    /// The refusal in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let pick = |id: &str, en: &str| lang.pick(id, en).to_string();
        let at = |position: &Option<usize>| match (position, lang) {
            (Some(p), Lang::Id) => format!("inovasi ke-{p}: "),
            (Some(p), Lang::En) => format!("entry {p}: "),
            (None, _) => String::new(),
        };
        match self {
            SetupRefusal::CompetitionNameEmpty => {
                pick("kompetisi perlu nama", "name: the competition needs a name")
            }
            SetupRefusal::ImplausibleYear { year } => match lang {
                Lang::Id => format!("{year} bukan tahun yang masuk akal"),
                Lang::En => format!("year: {year} is not a plausible year"),
            },
            SetupRefusal::LastDayBeforeFirst => pick(
                "hari terakhir sebelum hari pertama",
                "end_date: the last day is before the first day",
            ),
            SetupRefusal::UtcOffsetOutOfRange { minutes } => match lang {
                Lang::Id => format!("selisih waktu dari UTC {minutes} menit tidak mungkin"),
                Lang::En => format!("utc offset: {minutes} minutes is out of range"),
            },
            SetupRefusal::PanelistNameEmpty => {
                pick("nama panelis kosong", "name: the panelist's name is empty")
            }
            SetupRefusal::ChairLeavingPanel { name } => match lang {
                Lang::Id => format!(
                    "{} adalah ketua panel; jadikan panelis lain ketua dahulu",
                    excerpt(name)
                ),
                Lang::En => format!(
                    "{} chairs the panel; make another panelist the chair first",
                    excerpt(name)
                ),
            },
            SetupRefusal::RoomNameEmpty => {
                pick("ruang perlu nama", "room name: the room needs a name")
            }
            SetupRefusal::RoomExists { name } => match lang {
                Lang::Id => format!("ruang bernama \"{}\" sudah ada", excerpt(name)),
                Lang::En => format!(
                    "room name: a room named \"{}\" already exists",
                    excerpt(name)
                ),
            },
            SetupRefusal::EntryNumberZero { position } => match lang {
                Lang::Id => format!("{}nomor harus 1 atau lebih", at(position)),
                Lang::En => format!("{}No: the number must be 1 or more", at(position)),
            },
            SetupRefusal::EntryTitleEmpty { no, position } => match lang {
                Lang::Id => format!("{}judul No {no} kosong", at(position)),
                Lang::En => format!("{}title: the title of No {no} is empty", at(position)),
            },
            SetupRefusal::EntryNumberRepeated { no, position } => match lang {
                Lang::Id => format!("{}nomor {no} dipakai dua kali", at(position)),
                Lang::En => format!("{}No: number {no} is used twice", at(position)),
            },
            SetupRefusal::EntryNumberTaken {
                no,
                title,
                position,
            } => match (title, lang) {
                (Some(title), Lang::Id) => format!(
                    "{}nomor {no} sudah dipakai oleh \"{}\"",
                    at(position),
                    excerpt(title)
                ),
                (Some(title), Lang::En) => format!(
                    "{}No: number {no} is already used by \"{}\"",
                    at(position),
                    excerpt(title)
                ),
                (None, Lang::Id) => format!("{}nomor {no} sudah dipakai", at(position)),
                (None, Lang::En) => format!("{}No: number {no} is already used", at(position)),
            },
            SetupRefusal::StalePreview => pick(
                "daftar inovasi berubah setelah pratinjau impor ini; buat pratinjau lagi",
                "the entries changed after this import was previewed; preview it again",
            ),
            SetupRefusal::LogoTooLarge { kb, max_kb } => match lang {
                Lang::Id => format!("gambarnya {kb} KB; logo kop surat paling besar {max_kb} KB"),
                Lang::En => format!(
                    "logo: the image is {kb} KB; a letterhead logo may be at most {max_kb} KB"
                ),
            },
            SetupRefusal::LogoNotImage => pick(
                "berkas ini bukan gambar PNG atau JPEG",
                "logo: the file is not a PNG or JPEG image",
            ),
            SetupRefusal::BackupKeepZero => pick(
                "simpan sedikitnya satu cadangan",
                "keep: keep at least one backup",
            ),
            SetupRefusal::BackupIntervalZero => pick(
                "selang cadangan sedikitnya satu menit",
                "every_minutes: the interval must be at least one minute",
            ),
        }
    }
}

impl std::fmt::Display for SetupRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
