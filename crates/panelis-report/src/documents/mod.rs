//! The four official documents and what they are made from. [`render`] lays out one document
//! (or all four in one file) as an unsigned PDF; `crate::export` also embeds the result data
//! and signs it. Each document is its own section: its own title, page numbering and QR code.
//! [`blank`] lays out the blank paper score sheets, which are forms, not official documents.

mod announcement;
pub mod blank;
mod minutes;
mod recap;
mod schedule;
mod sheets;

use crate::error::{ContentRefusal, ReportError, Result};
use crate::layout::{Align, Running, Writer, MARGIN};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use panelis_core::lang::Lang;
use panelis_core::model::Competition;
use panelis_core::results::{DocumentScope, EntryResult, ResultData, ResultTable, Standing};
use panelis_core::store::DecisionView;
use panelis_core::time;
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use uuid::Uuid;

/// Which document to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// Berita acara hasil penilaian: the official minutes.
    Minutes,
    /// Rekapitulasi nilai: entries x panelists (landscape).
    Recap,
    /// Lembar penilaian: one score sheet per panelist.
    Sheets,
    /// Jadwal presentasi: planned and actual times.
    Schedule,
    /// All four, in one file.
    All,
    /// Pengumuman hasil: the outcomes the panel gave, for publishing (one page).
    Announcement,
}

impl DocumentKind {
    /// The document's title as printed.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            DocumentKind::Minutes => lang.pick(
                "Berita Acara Hasil Penilaian Presentasi dan Wawancara",
                "Official Minutes of the Presentation and Interview Assessment",
            ),
            DocumentKind::Recap => lang.pick("Rekapitulasi Nilai", "Score Recapitulation"),
            DocumentKind::Sheets => lang.pick("Lembar Penilaian", "Score Sheet"),
            DocumentKind::Schedule => lang.pick("Jadwal Presentasi", "Presentation Schedule"),
            DocumentKind::All => {
                lang.pick("Dokumen Hasil Penilaian", "Assessment Result Documents")
            }
            DocumentKind::Announcement => {
                lang.pick("Pengumuman Hasil Penilaian", "Announcement of the Results")
            }
        }
    }

    /// The file a document of this kind is offered under: the competition and the
    /// document's name ([`panelis_core::paths::export_file_name`], the one rule).
    pub fn file_name(self, competition: &str, lang: Lang) -> String {
        let what = match self {
            DocumentKind::Recap => lang.pick("rekapitulasi nilai", "score recap"),
            DocumentKind::Minutes => lang.pick("berita acara", "official minutes"),
            DocumentKind::Sheets => lang.pick("lembar penilaian", "score sheets"),
            DocumentKind::Schedule => lang.pick("jadwal presentasi", "schedule"),
            DocumentKind::All => lang.pick("dokumen hasil penilaian", "result documents"),
            DocumentKind::Announcement => lang.pick("pengumuman hasil", "results announcement"),
        };
        panelis_core::paths::export_file_name(competition, what, None, "pdf")
    }

    /// The documents a kind stands for, in print order.
    fn parts(self) -> &'static [DocumentKind] {
        match self {
            DocumentKind::All => &[
                DocumentKind::Minutes,
                DocumentKind::Recap,
                DocumentKind::Sheets,
                DocumentKind::Schedule,
            ],
            DocumentKind::Minutes => &[DocumentKind::Minutes],
            DocumentKind::Recap => &[DocumentKind::Recap],
            DocumentKind::Sheets => &[DocumentKind::Sheets],
            DocumentKind::Schedule => &[DocumentKind::Schedule],
            DocumentKind::Announcement => &[DocumentKind::Announcement],
        }
    }
}

impl FromStr for DocumentKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "minutes" => Ok(DocumentKind::Minutes),
            "recap" => Ok(DocumentKind::Recap),
            "sheets" => Ok(DocumentKind::Sheets),
            "schedule" => Ok(DocumentKind::Schedule),
            "all" => Ok(DocumentKind::All),
            "announcement" | "pengumuman" => Ok(DocumentKind::Announcement),
            other => Err(format!(
                "unknown document {other:?}: use recap, minutes, sheets, schedule, all or \
                 announcement"
            )),
        }
    }
}

/// What identifies one issued document: printed on every page, carried by the QR code and
/// the signature. Finalization decides the version and what it supersedes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentHeader {
    pub id: Uuid,
    /// 1 for the first issue; higher after results were reopened.
    pub version: u32,
    /// The id of the document this one replaces.
    pub supersedes: Option<Uuid>,
    /// The version of the document this one replaces, printed with its id.
    #[serde(default)]
    pub supersedes_version: Option<u32>,
    pub issued_at: DateTime<Utc>,
    pub lang: Lang,
    /// SHA-256 of the organizer's signing certificate, printed in every footer so a reader
    /// can compare it with the one the organizer published; set by [`crate::export`].
    #[serde(default)]
    pub organizer_sha256: Option<String>,
    /// The competition's audit head when the document was issued, signed with it so the
    /// document anchors the audit log outside the file (`panelis audit verify --against`).
    #[serde(default)]
    pub audit_head: Option<panelis_core::store::AuditHead>,
}

impl DocumentHeader {
    /// A first issue, now, with a fresh id.
    pub fn new(lang: Lang) -> Self {
        DocumentHeader {
            id: Uuid::new_v4(),
            version: 1,
            supersedes: None,
            supersedes_version: None,
            issued_at: Utc::now(),
            lang,
            organizer_sha256: None,
            audit_head: None,
        }
    }
}

/// A person who signs the minutes besides the panel (the secretariat).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    pub name: String,
    /// E.g. "Sekretariat" or "Kepala Biro Organisasi".
    pub role: String,
}

/// What the minutes say beyond the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesDetails {
    /// The day of the assessment, written in words.
    pub date: NaiveDate,
    /// The town above the signatures ("Makassar, 7 Maret 2023").
    pub place: String,
    /// The secretariat's signatories; an empty list prints one unnamed secretariat block.
    pub secretariat: Vec<Signatory>,
}

/// One row of the presentation schedule, in venue-local times. A plain input so the schedule
/// can come from the timer, a plan, or a test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleRow {
    pub day: NaiveDate,
    pub room: String,
    /// Order within the room and day.
    pub position: u32,
    pub entry_no: u32,
    pub title: String,
    pub agency: String,
    pub planned_start: NaiveTime,
    pub planned_end: NaiveTime,
    pub actual_start: Option<NaiveTime>,
    pub actual_end: Option<NaiveTime>,
    /// The venue's date it started on, when that is not the planned day (the core's
    /// `another_day`): its delay is then no number of minutes.
    pub started_on_another_day: Option<NaiveDate>,
    pub note: String,
}

/// Everything a document is made from.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    pub competition: &'a Competition,
    pub results: &'a ResultTable,
    pub schedule: &'a [ScheduleRow],
    pub minutes: &'a MinutesDetails,
    /// The organizer's logo for the minutes' letterhead (PNG or JPEG bytes), if any.
    pub logo: Option<&'a [u8]>,
    /// The panel's decision: the minutes state it, the announcement lists its outcomes and
    /// the result data embeds it. `None`: a document without one (as before it existed).
    pub decision: Option<&'a DecisionView>,
    /// Print the final scores on the announcement.
    pub announce_scores: bool,
    /// The venue's offset east of UTC in minutes: the issue time is printed at the venue.
    pub utc_offset_minutes: i32,
    /// What the minutes, recap, score sheets and announcement cover
    /// ([`panelis_core::Store::document_scope`]); `None`: every entry, finality unsaid.
    pub scope: Option<&'a DocumentScope>,
}

impl<'a> ReportInput<'a> {
    /// Whether the entry numbered `no` is covered.
    pub(crate) fn covers(&self, no: u32) -> bool {
        self.scope.is_none_or(|s| s.covers(no))
    }

    /// The results rows covered, in rank order.
    pub(crate) fn covered(&self) -> Vec<&'a EntryResult> {
        let scope = self.scope;
        self.results
            .rows
            .iter()
            .filter(|r| scope.is_none_or(|s| s.covers(r.entry.no)))
            .collect()
    }

    /// The scope when it is partial.
    pub(crate) fn partial_scope(&self) -> Option<&'a DocumentScope> {
        self.scope.filter(|s| s.partial())
    }

    /// "Mencakup: 5 dari 50 inovasi ..., yang hasilnya telah difinalisasi.": the line a
    /// partial recap or score sheet opens with; `None` when it covers every entry.
    pub(crate) fn covers_line(&self, lang: Lang) -> Option<String> {
        self.partial_scope().map(|scope| {
            format!(
                "{}: {}{}.",
                lang.pick("Mencakup", "Covers"),
                scope_words(scope, lang),
                lang.pick(
                    ", yang hasilnya telah difinalisasi",
                    ", whose results are final"
                )
            )
        })
    }
}

/// "5 dari 50 inovasi pelayanan publik, yaitu yang dijadwalkan di Ruang Kenanga (No 2, 4,
/// 6-10)": which entries a partial scope covers, for the sentence that says so.
pub(crate) fn scope_words(scope: &DocumentScope, lang: Lang) -> String {
    let n = scope.entries.len();
    let runs = panelis_core::text::number_runs(&scope.entries);
    let rooms = scope.rooms.join(lang.pick(" dan ", " and "));
    match (lang, scope.rooms.is_empty()) {
        (Lang::Id, true) => format!(
            "{n} dari {} inovasi pelayanan publik, yaitu No {runs}",
            scope.of
        ),
        (Lang::Id, false) => format!(
            "{n} dari {} inovasi pelayanan publik, yaitu yang dijadwalkan di {rooms} (No {runs})",
            scope.of
        ),
        (Lang::En, true) => format!(
            "{n} of the {} public service innovations, No {runs}",
            scope.of
        ),
        (Lang::En, false) => format!(
            "{n} of the {} public service innovations, those scheduled in {rooms} (No {runs})",
            scope.of
        ),
    }
}

/// The words for an entry without a score: absent, or not (yet) scored.
pub(crate) fn unscored_words(standing: Standing, lang: Lang) -> &'static str {
    match standing {
        Standing::Absent => lang.pick("Tidak hadir", "Absent"),
        _ => lang.pick("Belum dinilai", "Not scored"),
    }
}

/// An unsigned PDF with the result data it states.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    /// The canonical result data ([`ResultData::canonical_json`]).
    pub result_json: Vec<u8>,
    /// Its SHA-256, printed in the footer and carried by the QR code.
    pub result_sha256: String,
}

/// What the QR code on each document carries: the document id, its version and the SHA-256
/// of the result data.
pub fn qr_payload(header: &DocumentHeader, result_sha256: &str) -> String {
    format!(
        "PANELIS;doc={};v={};sha256={}",
        header.id, header.version, result_sha256
    )
}

/// Lays out `kind` as an unsigned PDF.
pub fn render(
    kind: DocumentKind,
    input: &ReportInput<'_>,
    header: &DocumentHeader,
) -> Result<Rendered> {
    let data: ResultData = input
        .results
        .data_with(
            input.competition,
            input.decision.and_then(|d| d.data.clone()),
        )
        .covering(input.scope);
    let result_json = data.canonical_json();
    let result_sha256 = panelis_core::results::sha256_hex(&result_json);
    let lang = header.lang;

    let (mut doc, mut w) = start(kind.title(lang))?;
    // Only the minutes have a letterhead; the other documents stay without the image.
    let letterhead = kind
        .parts()
        .iter()
        .any(|k| matches!(k, DocumentKind::Minutes | DocumentKind::Announcement));
    if let Some(bytes) = input.logo.filter(|_| letterhead) {
        let image = crate::logo::decode(bytes)?;
        let (width, height) = (image.width as f32, image.height as f32);
        w.logo = Some(crate::layout::Logo {
            id: doc.add_image(&image),
            width_px: width,
            height_px: height,
        });
    }
    for part in kind.parts() {
        match part {
            DocumentKind::Minutes => minutes::write(&mut w, input, lang),
            DocumentKind::Recap => recap::write(&mut w, input, lang),
            DocumentKind::Sheets => sheets::write(&mut w, input, lang),
            DocumentKind::Schedule => schedule::write(&mut w, input, lang),
            DocumentKind::Announcement => announcement::write(&mut w, input, lang)?,
            DocumentKind::All => {}
        }
    }
    let mut footer_left = format!(
        "{} {} · {} {}",
        lang.pick("ID dokumen", "Document ID"),
        header.id,
        lang.pick("versi", "version"),
        header.version
    );
    // The issue instant as the venue's clock read it, its zone named: a reader elsewhere
    // (or a laptop left on UTC) must not take it for another hour.
    footer_left.push_str(&format!(
        " · {} {}",
        lang.pick("terbit", "issued"),
        venue_when(header.issued_at, input.utc_offset_minutes, lang)?
    ));
    if let Some(old) = header.supersedes {
        let replaced = match header.supersedes_version {
            Some(v) => format!("{} {v} ({old})", lang.pick("versi", "version")),
            None => old.to_string(),
        };
        footer_left.push_str(&format!(
            " · {} {replaced}",
            lang.pick("menggantikan", "supersedes")
        ));
    }
    let running = Running {
        competition: input.competition.name.clone(),
        footer_left,
        footer_hash: format!(
            "{}: {result_sha256}",
            lang.pick("SHA-256 data hasil", "SHA-256 of the result data")
        ),
        footer_organizer: header.organizer_sha256.as_deref().map(|fp| {
            format!(
                "{}: {}",
                lang.pick(
                    "SHA-256 sertifikat penyelenggara",
                    "SHA-256 of the organizer's certificate"
                ),
                crate::anchor::grouped(fp)
            )
        }),
        page_of: lang.pick("Halaman {x} dari {y}", "Page {x} of {y}").into(),
        qr_payload: Some(qr_payload(header, &result_sha256)),
    };
    let pages = w.finish(&running);
    let pdf = save(
        doc,
        pages,
        input.competition,
        &header.id.to_string(),
        header.issued_at,
    )?;
    Ok(Rendered {
        pdf,
        result_json,
        result_sha256,
    })
}

/// "2 Desember 2026, 10.46 WITA": an instant as the venue's clock reads it, for documents.
pub(crate) fn venue_when(at: DateTime<Utc>, offset_minutes: i32, lang: Lang) -> Result<String> {
    let local = time::to_local(at, time::venue_offset(offset_minutes)?);
    Ok(format!(
        "{}, {}",
        crate::words::date_short(local.date(), lang),
        time::clock(at, offset_minutes, lang)?
    ))
}

/// A new PDF titled `title` with the embedded fonts, and the writer that lays out its pages.
fn start(title: &str) -> Result<(PdfDocument, Writer)> {
    let fonts = crate::layout::fonts()?;
    let mut doc = PdfDocument::new(title);
    let regular = doc.add_font(&fonts.regular);
    let bold = doc.add_font(&fonts.bold);
    let writer = Writer::new(regular, bold)?;
    Ok((doc, writer))
}

/// The finished file: the pages, and the metadata every Panelis PDF carries (organizer,
/// competition, an identifier, the instant it was made).
fn save(
    mut doc: PdfDocument,
    pages: Vec<PdfPage>,
    competition: &Competition,
    identifier: &str,
    at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    if pages.is_empty() {
        return Err(ReportError::Content(ContentRefusal::NoPages));
    }
    let info = &mut doc.metadata.info;
    info.author = competition.organizer.clone();
    info.creator = format!("Panelis {}", panelis_core::VERSION);
    info.producer = format!("Panelis {}", panelis_core::VERSION);
    info.subject = competition.name.clone();
    info.identifier = identifier.to_string();
    let when = pdf_date(at);
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}

/// An instant as printpdf's date (UTC).
fn pdf_date(at: DateTime<Utc>) -> printpdf::DateTime {
    use chrono::{Datelike, Timelike};
    printpdf::DateTime::new_in_offset(
        printpdf::Date {
            year: at.year(),
            month: at.month() as u8,
            day: at.day() as u8,
        },
        printpdf::Time {
            hour: at.hour() as u8,
            minute: at.minute() as u8,
            second: at.second() as u8,
            millisecond: 0,
        },
        printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    )
}

/// Short role word for a panelist.
pub(crate) fn role(is_chair: bool, lang: Lang) -> &'static str {
    if is_chair {
        lang.pick("Ketua", "Chair")
    } else {
        lang.pick("Anggota", "Member")
    }
}

/// "Title" or "Title\nAgency" for table cells.
pub(crate) fn title_and_agency(title: &str, agency: &str) -> String {
    if agency.trim().is_empty() {
        title.to_string()
    } else {
        format!("{title}\n{agency}")
    }
}

/// The box the letterhead logo is fitted into (mm).
const LOGO_MAX_W: f32 = 28.0;
const LOGO_MAX_H: f32 = 20.0;

/// The organizer's letterhead (kop surat) of the minutes and the announcement: the logo (if
/// any) at the left, the organizer, the competition and the venue centred, a double rule.
/// Returns the organizer's name as printed (the competition's name when none is set).
pub(crate) fn letterhead(w: &mut Writer, c: &Competition) -> String {
    let organizer = if c.organizer.trim().is_empty() {
        c.name.clone()
    } else {
        c.organizer.clone()
    };
    // The logo (if any) sits at the left; the text stays centred on the page, kept clear
    // of the logo on both sides so it looks centred and never runs over it.
    let top = w.y;
    let logo = w.logo(MARGIN, top, LOGO_MAX_W, LOGO_MAX_H);
    let inset = logo.map_or(0.0, |(lw, _)| lw + 4.0);
    let (x, width) = (MARGIN + inset, w.content_width() - 2.0 * inset);
    w.paragraph_at(
        x,
        width,
        &organizer.to_uppercase(),
        12.0,
        true,
        Align::Center,
    );
    w.paragraph_at(x, width, &c.name, 9.5, false, Align::Center);
    if !c.venue.trim().is_empty() {
        w.paragraph_at(x, width, &c.venue, 8.5, false, Align::Center);
    }
    if let Some((_, lh)) = logo {
        w.y = w.y.max(top + lh);
    }
    w.gap(1.5);
    let right = w.page_width() - MARGIN;
    w.line(MARGIN, w.y, right, w.y, 1.6);
    w.line(MARGIN, w.y + 0.9, right, w.y + 0.9, 0.5);
    w.gap(5.0);
    organizer
}
