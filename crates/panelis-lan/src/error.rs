//! The errors of the LAN crate: [`LanError`] for whoever calls the library (the app, the
//! `panelis` command), and [`RejectCode`], the machine-readable reason the host gives a
//! station (or anyone) whose request it refuses. Both carry stable codes for the UI catalogue.

use crate::identity::Fingerprint;
use panelis_core::ballot::judge::BallotRefusal;
use panelis_core::lang::Lang;
use panelis_core::text::excerpt;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Result with [`LanError`].
pub type Result<T, E = LanError> = std::result::Result<T, E>;

/// What went wrong on the host or station side. Each variant has a stable code, its words
/// in both languages ([`LanError::message`]) and, apart from them, what the system or the
/// host said ([`LanError::cause`]).
#[derive(Debug, thiserror::Error)]
pub enum LanError {
    /// The competition file refused or failed (see the core error's own code).
    #[error(transparent)]
    Core(#[from] panelis_core::Error),
    /// A file of the host's identity folder or of the station could not be read or written.
    #[error("cannot use {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    /// The station's own file is damaged or not a Panelis station file.
    #[error("station file {path}: {reason}")]
    StationFile { path: PathBuf, reason: String },
    /// The host's TLS certificate could not be made or loaded.
    #[error("host certificate: {0}")]
    Certificate(String),
    /// The server could not listen on the address (in use, not this machine's).
    #[error("cannot listen on {addr}: {reason}")]
    Bind { addr: String, reason: String },
    /// The host could not be reached or the connection dropped (offline, wrong address).
    #[error("host unreachable: {0}")]
    Unreachable(String),
    /// The host showed a certificate other than the one in the join code: not our host, or
    /// someone in between. Nothing was sent.
    #[error(
        "the host's certificate fingerprint is {found}, not {expected} as in the join code; \
         refusing to talk to it"
    )]
    WrongFingerprint {
        expected: Fingerprint,
        found: Fingerprint,
    },
    /// The host at a typed address presents a certificate whose fingerprint does not begin
    /// with the digits typed from the host's screen: not our host. Nothing was sent.
    #[error(
        "the host's certificate fingerprint is {found}, which does not begin with {typed} as \
         typed; refusing to talk to it"
    )]
    FingerprintMismatch { typed: String, found: Fingerprint },
    /// The host's certificate does not carry a valid signature of its own key (the host's
    /// is self-signed): made up to match a fingerprint, or damaged. Nothing was sent.
    #[error(
        "the host's certificate (fingerprint {found}) is not validly signed by its own key \
         ({reason}); refusing to talk to it"
    )]
    ForgedCertificate { found: Fingerprint, reason: String },
    /// The fingerprint field holds too few or too many digits (the count typed).
    #[error(
        "{0} hex digit(s) typed in the fingerprint field; type the first {pin} digits shown \
         on the host's screen (in groups of four), or all 64",
        pin = crate::identity::PIN_DIGITS
    )]
    PinLength(usize),
    /// The fingerprint field holds a character that is not a hex digit.
    #[error("the fingerprint field holds {0:?}, which is not a hex digit (0-9, a-f)")]
    PinNotHex(char),
    /// The host refused the request; `code` says why (see [`RejectCode`]), `message` is the
    /// host's own English words.
    #[error("host refused ({}): {message}", code.as_str())]
    Refused { code: RejectCode, message: String },
    /// The host answered with something that is not this protocol.
    #[error("unexpected answer from the host: {0}")]
    Protocol(String),
    /// A join link, QR payload or code could not be read.
    #[error("join code: {0}")]
    BadInvite(InviteProblem),
    /// The station has not joined a host yet (no station file in that folder).
    #[error("this station has not joined a host yet (no station file in {0})")]
    NotJoined(PathBuf),
    /// The secretariat revoked this station; it must join again with a new code.
    #[error("the secretariat revoked this station; ask for a new join code")]
    Revoked,
    /// The station has not received the competition from its host yet.
    #[error("the competition data has not come from the host yet")]
    NoCompetitionYet,
    /// A typed host address is not one; `None` when nothing was typed.
    #[error("{}", address_words(typed.as_deref(), Lang::En))]
    BadAddress { typed: Option<String> },
    /// The address to listen on, as typed, is not an IP and port.
    #[error("{}", bind_words(typed, Lang::En))]
    BadBind { typed: String },
    /// The station cannot be left: this many ballot revisions are not yet confirmed by the
    /// host (a score is never left behind).
    #[error("{0} ballot(s) are not yet confirmed by the host")]
    Unconfirmed(usize),
    /// A folder could not be moved (the station folder to its archive).
    #[error("cannot move {} to {}: {reason}", from.display(), to.display())]
    Move {
        from: PathBuf,
        to: PathBuf,
        reason: String,
    },
    /// The station folder holds another competition's ballots.
    #[error("station folder: it holds ballots of another competition; use another folder")]
    FolderOfOtherCompetition,
    /// A load test of no stations.
    #[error("stations: at least one")]
    NoStations,
    /// The host could not be announced on the network (mDNS).
    #[error("mdns: {0}")]
    Mdns(String),
    /// A task of the host or station stopped without an answer (a bug, never the input).
    #[error("internal error: {0}")]
    Internal(String),
}

/// What is wrong with a join link, code or fingerprint as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum InviteProblem {
    /// The code is empty, too long or not plain ASCII.
    BadCode,
    /// The text is not a `panelis://join?...` link.
    NotALink { link: String },
    /// The link lacks its address, fingerprint or code.
    Missing { part: String },
    /// The link's address is not IP:port.
    Address,
    /// The fingerprint is not hex.
    FingerprintNotHex,
    /// The fingerprint is not 64 hex digits.
    FingerprintLength,
    /// The QR code could not be made (a link too long for one).
    Qr { cause: String },
}

impl std::fmt::Display for InviteProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl InviteProblem {
    /// The problem in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (InviteProblem::BadCode, Lang::Id) => {
                "kode bergabung kosong atau terlalu panjang".into()
            }
            (InviteProblem::BadCode, Lang::En) => "the join code is empty or too long".into(),
            (InviteProblem::NotALink { link }, Lang::Id) => {
                format!("bukan tautan bergabung Panelis: {:?}", excerpt(link))
            }
            (InviteProblem::NotALink { link }, Lang::En) => {
                format!("not a Panelis join link: {:?}", excerpt(link))
            }
            (InviteProblem::Missing { part }, Lang::Id) => format!("tautan tanpa {part}"),
            (InviteProblem::Missing { part }, Lang::En) => format!("the link has no {part}"),
            (InviteProblem::Address, Lang::Id) => "alamat dalam tautan bukan IP:port".into(),
            (InviteProblem::Address, Lang::En) => "the link's address is not IP:port".into(),
            (InviteProblem::FingerprintNotHex, Lang::Id) => "sidik jari bukan heksadesimal".into(),
            (InviteProblem::FingerprintNotHex, Lang::En) => "the fingerprint is not hex".into(),
            (InviteProblem::FingerprintLength, Lang::Id) => {
                "sidik jari sertifikat terdiri atas 64 digit heksadesimal".into()
            }
            (InviteProblem::FingerprintLength, Lang::En) => {
                "a certificate fingerprint is 64 hex digits".into()
            }
            (InviteProblem::Qr { .. }, Lang::Id) => "kode QR tidak dapat dibuat".into(),
            (InviteProblem::Qr { .. }, Lang::En) => "cannot make a QR code".into(),
        }
    }
}

fn address_words(typed: Option<&str>, lang: Lang) -> String {
    match (typed, lang) {
        (None, Lang::Id) => "Ketik alamat tuan rumah.".into(),
        (None, Lang::En) => "Type the host's address.".into(),
        (Some(t), Lang::Id) => format!(
            "Alamat tuan rumah tidak valid (contoh: 192.168.1.10:7443): {:?}.",
            excerpt(t)
        ),
        (Some(t), Lang::En) => format!(
            "The host address is not valid (e.g. 192.168.1.10:7443): {:?} is not an address \
             like 192.168.1.10:7443.",
            excerpt(t)
        ),
    }
}

fn bind_words(typed: &str, lang: Lang) -> String {
    match lang {
        Lang::Id => format!(
            "Alamat harus berbentuk IP:port, misalnya 0.0.0.0:7443; {:?} bukan.",
            excerpt(typed)
        ),
        Lang::En => format!(
            "The address must be IP:port, e.g. 0.0.0.0:7443; {:?} is not an address and port \
             such as 0.0.0.0:7443.",
            excerpt(typed)
        ),
    }
}

impl LanError {
    /// Stable code for the UI catalogue and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            LanError::Core(e) => e.code(),
            LanError::Io { .. } => "io",
            LanError::StationFile { .. } => "station_file",
            LanError::Certificate(_) => "certificate",
            LanError::Bind { .. } => "bind",
            LanError::Unreachable(_) => "unreachable",
            LanError::WrongFingerprint { .. } => "wrong_fingerprint",
            LanError::FingerprintMismatch { .. } => "fingerprint_mismatch",
            LanError::ForgedCertificate { .. } => "forged_certificate",
            LanError::PinLength(_) => "pin_length",
            LanError::PinNotHex(_) => "pin_not_hex",
            LanError::Refused { code, .. } => code.as_str(),
            LanError::Protocol(_) => "protocol",
            LanError::BadInvite(_) => "bad_invite",
            LanError::NotJoined(_) => "not_joined",
            LanError::Revoked => "revoked",
            LanError::NoCompetitionYet => "no_competition_yet",
            LanError::BadAddress { .. } | LanError::BadBind { .. } => "bad_address",
            LanError::Unconfirmed(_) => "station_unconfirmed",
            LanError::Move { .. } => "io",
            LanError::FolderOfOtherCompetition => "folder_of_other_competition",
            LanError::NoStations => "no_stations",
            LanError::Mdns(_) => "mdns",
            LanError::Internal(_) => "internal",
        }
    }

    /// What happened and what to do, in `lang`; what the system or the host said is apart
    /// ([`LanError::cause`]).
    pub fn message(&self, lang: Lang) -> String {
        let pick = |id: &str, en: &str| lang.pick(id, en).to_string();
        match self {
            LanError::Core(e) => e.message(lang),
            LanError::Io { path, .. } => match lang {
                Lang::Id => format!("{} tidak dapat dibaca atau ditulis", path.display()),
                Lang::En => format!("cannot use {}", path.display()),
            },
            LanError::StationFile { path, .. } => match lang {
                Lang::Id => format!(
                    "berkas stasiun {} rusak atau bukan berkas stasiun Panelis",
                    path.display()
                ),
                Lang::En => format!(
                    "station file {} is damaged or not a Panelis station file",
                    path.display()
                ),
            },
            LanError::Certificate(_) => pick(
                "sertifikat tuan rumah tidak dapat dibuat atau dimuat",
                "the host's certificate could not be made or loaded",
            ),
            LanError::Bind { addr, .. } => match lang {
                Lang::Id => format!(
                    "Tidak bisa melayani di {addr}: port sudah dipakai program lain, atau alamat \
                     itu bukan milik laptop ini. Coba port lain."
                ),
                Lang::En => format!(
                    "Cannot serve on {addr}: the port is taken by another program, or the \
                     address is not this laptop's. Try another port."
                ),
            },
            LanError::Unreachable(_) => pick(
                "Tuan rumah tidak dapat dihubungi di alamat itu. Periksa alamatnya dan pastikan \
                 laptop ini di jaringan yang sama.",
                "The host cannot be reached at that address. Check the address and that this \
                 laptop is on the same network.",
            ),
            LanError::WrongFingerprint { .. } => pick(
                "Sertifikat di alamat itu bukan milik tuan rumah pada tautan: bukan tuan rumah \
                 kita. Tidak ada yang dikirim.",
                "The certificate at that address is not the host's in the link: not our host. \
                 Nothing was sent.",
            ),
            LanError::FingerprintMismatch { .. } => pick(
                "Sidik jari yang diketik tidak cocok dengan sertifikat tuan rumah di alamat itu. \
                 Periksa lagi di layar tuan rumah. Tidak ada yang dikirim.",
                "The fingerprint typed does not match the certificate of the host at that \
                 address. Check the host's screen again. Nothing was sent.",
            ),
            LanError::ForgedCertificate { .. } => pick(
                "Sertifikat di alamat itu tidak ditandatangani dengan sah oleh kuncinya sendiri \
                 (dipalsukan atau rusak): bukan tuan rumah kita. Tidak ada yang dikirim.",
                "The certificate at that address is not validly signed by its own key (forged \
                 or damaged): not our host. Nothing was sent.",
            ),
            LanError::PinLength(n) => match lang {
                Lang::Id => format!(
                    "Isian Sidik jari berisi {n} digit: ketik {pin} digit pertama sidik jari \
                     seperti di layar tuan rumah (lima kelompok empat digit).",
                    pin = crate::identity::PIN_DIGITS
                ),
                Lang::En => format!(
                    "The Fingerprint field holds {n} digit(s): type the first {pin} digits of \
                     the fingerprint as on the host's screen (five groups of four).",
                    pin = crate::identity::PIN_DIGITS
                ),
            },
            LanError::PinNotHex(_) => pick(
                "Isian Sidik jari hanya boleh berisi angka 0-9 dan huruf a-f (spasi dan tanda \
                 hubung boleh).",
                "The Fingerprint field may hold only the digits 0-9 and the letters a-f \
                 (spaces and dashes are fine).",
            ),
            LanError::Refused { code, .. } => code.message(lang),
            LanError::Protocol(_) => pick(
                "jawaban tuan rumah tidak dimengerti",
                "unexpected answer from the host",
            ),
            LanError::BadInvite(problem) => match lang {
                Lang::Id => format!(
                    "Tautan atau isian tidak dapat dibaca: {}.",
                    problem.message(lang)
                ),
                Lang::En => format!(
                    "The link or what was typed cannot be read: {}.",
                    problem.message(lang)
                ),
            },
            LanError::NotJoined(_) => pick(
                "Laptop ini belum bergabung ke tuan rumah.",
                "This laptop has not joined a host.",
            ),
            LanError::Revoked => pick(
                "Laptop ini dicabut oleh sekretariat. Minta kode baru.",
                "The secretariat revoked this laptop. Ask for a new code.",
            ),
            LanError::NoCompetitionYet => pick(
                "data kompetisi belum datang dari tuan rumah",
                "the competition data has not come from the host yet",
            ),
            LanError::BadAddress { typed } => address_words(typed.as_deref(), lang),
            LanError::BadBind { typed } => bind_words(typed, lang),
            LanError::Unconfirmed(n) => match lang {
                Lang::Id => format!(
                    "Belum bisa keluar: {n} nilai belum dikonfirmasi tuan rumah. Tunggu sampai \
                     terhubung dan semuanya dikonfirmasi."
                ),
                Lang::En => format!(
                    "Cannot leave yet: {n} score(s) not yet confirmed by the host. Wait until \
                     connected and everything is confirmed."
                ),
            },
            LanError::Move { from, to, .. } => match lang {
                Lang::Id => format!(
                    "{} tidak dapat dipindah ke {}",
                    from.display(),
                    to.display()
                ),
                Lang::En => format!("cannot move {} to {}", from.display(), to.display()),
            },
            LanError::FolderOfOtherCompetition => pick(
                "folder stasiun berisi lembar nilai kompetisi lain; pakai folder lain",
                "station folder: it holds ballots of another competition; use another folder",
            ),
            LanError::NoStations => pick("sedikitnya satu stasiun", "stations: at least one"),
            LanError::Mdns(_) => pick(
                "tuan rumah tidak dapat diumumkan di jaringan (mDNS)",
                "the host could not be announced on the network (mDNS)",
            ),
            LanError::Internal(_) => pick(
                "kesalahan di dalam Panelis; mohon laporkan",
                "an internal error in Panelis; please report it",
            ),
        }
    }

    /// What the system, a library or the host said, for a details disclosure.
    pub fn cause(&self) -> Option<String> {
        match self {
            LanError::Core(e) => e.cause().map(str::to_string),
            LanError::Io { reason, .. }
            | LanError::StationFile { reason, .. }
            | LanError::Bind { reason, .. }
            | LanError::Move { reason, .. } => Some(reason.clone()),
            LanError::Certificate(c)
            | LanError::Unreachable(c)
            | LanError::Protocol(c)
            | LanError::Mdns(c)
            | LanError::Internal(c) => Some(c.clone()),
            LanError::Refused { message, .. } => Some(message.clone()),
            LanError::WrongFingerprint { expected, found } => {
                Some(format!("expected {expected}, found {found}"))
            }
            LanError::FingerprintMismatch { typed, found } => {
                Some(format!("typed {typed}, found {found}"))
            }
            LanError::ForgedCertificate { found, reason } => Some(format!("{found}: {reason}")),
            LanError::BadInvite(InviteProblem::Qr { cause }) => Some(cause.clone()),
            _ => None,
        }
    }

    /// The message and what was said after it: for the command line and logs.
    pub fn describe(&self, lang: Lang) -> String {
        match self.cause() {
            Some(cause) => format!("{}: {}", self.message(lang), excerpt(&cause)),
            None => self.message(lang),
        }
    }

    /// The error's own fields for a page (counts, the refusal's fields), tagged with its
    /// code; `null` when there is none.
    pub fn detail(&self) -> serde_json::Value {
        match self {
            LanError::Core(e) => e.detail(),
            LanError::PinLength(n) | LanError::Unconfirmed(n) => serde_json::json!({ "n": n }),
            LanError::BadInvite(problem) => serde_json::to_value(problem).unwrap_or_default(),
            _ => serde_json::Value::Null,
        }
    }

    /// Whether trying again later can succeed (the network, not the request, failed).
    pub fn is_transient(&self) -> bool {
        match self {
            LanError::Unreachable(_) | LanError::Protocol(_) => true,
            LanError::Refused { code, .. } => code.is_transient(),
            _ => false,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, e: impl std::fmt::Display) -> Self {
        LanError::Io {
            path: path.into(),
            reason: e.to_string(),
        }
    }
}

/// Why the host refused a request. Sent as `{"code": "...", "message": "..."}` with the HTTP
/// status of [`RejectCode::status`]; the code is stable, the message is for people and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// The request carried no station token.
    NoToken,
    /// The token is not one this host issued (or the host was reset).
    BadToken,
    /// The station's token was revoked by the secretariat.
    Revoked,
    /// The ballot names another panelist than the one the token belongs to.
    WrongPanelist,
    /// The ballot's signature does not verify with the key the station joined with.
    BadSignature,
    /// The station's key is not the one registered for this panelist.
    KeyMismatch,
    /// No key to check the ballot with (not sent by a station, which always has one).
    NoKey,
    /// The same revision twice in one batch.
    RepeatedInBatch,
    /// A revision older than the latest on record: a replayed or out-of-date ballot.
    StaleRevision,
    /// This revision is on record with other content.
    RevisionConflict,
    /// The panelist abstains on this entry (conflict of interest).
    Conflicted,
    /// The entry's results are final: no more ballots.
    Finalized,
    /// The panelist retired from the panel: no more ballots from them.
    PanelistRetired,
    /// The ballot is of another competition.
    WrongCompetition,
    /// The entry is not in this competition.
    UnknownEntry,
    /// The scores do not fit the competition's rubric.
    RubricMismatch,
    /// The ballot's submission time is well after the host's clock.
    FromTheFuture,
    /// The body is not the JSON this request expects.
    Malformed,
    /// The body is larger than the host accepts.
    TooLarge,
    /// The join code is unknown, used or expired.
    BadCode,
    /// Too many failed attempts from this address (or overall): wait a minute.
    RateLimited,
    /// Load-test requests need the load-test token printed by `panelis host --loadtest-token`.
    LoadtestDisabled,
    /// No such request path.
    NotFound,
    /// The host failed while handling the request; try again.
    Internal,
    /// A code this build does not know (a newer host).
    #[serde(other)]
    Unknown,
}

impl From<&BallotRefusal> for RejectCode {
    /// The wire code of the core's ballot verdict: one to one, so a ballot refused over the
    /// LAN carries the same code as in a ballot file's import report.
    fn from(refusal: &BallotRefusal) -> Self {
        match refusal {
            BallotRefusal::WrongCompetition { .. } => RejectCode::WrongCompetition,
            BallotRefusal::WrongPanelist => RejectCode::WrongPanelist,
            BallotRefusal::NoKey => RejectCode::NoKey,
            BallotRefusal::KeyMismatch | BallotRefusal::DeviceKeyMismatch { .. } => {
                RejectCode::KeyMismatch
            }
            // Only a ballot file announces a key; a station's key comes with its join, so
            // this cannot come back over the LAN. Should it, no key is registered.
            BallotRefusal::UnregisteredKey { .. } => RejectCode::NoKey,
            BallotRefusal::BadSignature => RejectCode::BadSignature,
            BallotRefusal::RubricMismatch => RejectCode::RubricMismatch,
            BallotRefusal::UnknownEntry => RejectCode::UnknownEntry,
            BallotRefusal::Conflicted { .. } => RejectCode::Conflicted,
            BallotRefusal::Finalized { .. } => RejectCode::Finalized,
            BallotRefusal::PanelistRetired => RejectCode::PanelistRetired,
            BallotRefusal::RevisionConflict { .. } | BallotRefusal::SignedOnDevice { .. } => {
                RejectCode::RevisionConflict
            }
            BallotRefusal::RepeatedInBatch { .. } => RejectCode::RepeatedInBatch,
            BallotRefusal::StaleRevision { .. } => RejectCode::StaleRevision,
            BallotRefusal::FromTheFuture { .. } => RejectCode::FromTheFuture,
        }
    }
}

impl RejectCode {
    /// The code as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::NoToken => "no_token",
            RejectCode::BadToken => "bad_token",
            RejectCode::Revoked => "revoked",
            RejectCode::WrongPanelist => "wrong_panelist",
            RejectCode::BadSignature => "bad_signature",
            RejectCode::KeyMismatch => "key_mismatch",
            RejectCode::NoKey => "no_key",
            RejectCode::RepeatedInBatch => "repeated_in_batch",
            RejectCode::StaleRevision => "stale_revision",
            RejectCode::RevisionConflict => "revision_conflict",
            RejectCode::Conflicted => "conflicted",
            RejectCode::Finalized => "finalized",
            RejectCode::PanelistRetired => "panelist_retired",
            RejectCode::WrongCompetition => "wrong_competition",
            RejectCode::UnknownEntry => "unknown_entry",
            RejectCode::RubricMismatch => "rubric_mismatch",
            RejectCode::FromTheFuture => "from_the_future",
            RejectCode::Malformed => "malformed",
            RejectCode::TooLarge => "too_large",
            RejectCode::BadCode => "bad_code",
            RejectCode::RateLimited => "rate_limited",
            RejectCode::LoadtestDisabled => "loadtest_disabled",
            RejectCode::NotFound => "not_found",
            RejectCode::Internal => "internal",
            RejectCode::Unknown => "unknown",
        }
    }

    /// The HTTP status the host answers with.
    pub fn status(self) -> u16 {
        match self {
            RejectCode::NoToken | RejectCode::BadToken => 401,
            RejectCode::Revoked
            | RejectCode::WrongPanelist
            | RejectCode::BadSignature
            | RejectCode::BadCode
            | RejectCode::LoadtestDisabled => 403,
            RejectCode::NotFound => 404,
            RejectCode::KeyMismatch
            | RejectCode::NoKey
            | RejectCode::RepeatedInBatch
            | RejectCode::StaleRevision
            | RejectCode::RevisionConflict
            | RejectCode::Conflicted
            | RejectCode::Finalized
            | RejectCode::PanelistRetired
            | RejectCode::WrongCompetition => 409,
            RejectCode::TooLarge => 413,
            RejectCode::UnknownEntry | RejectCode::RubricMismatch | RejectCode::FromTheFuture => {
                422
            }
            RejectCode::Malformed => 400,
            RejectCode::RateLimited => 429,
            RejectCode::Internal | RejectCode::Unknown => 500,
        }
    }

    /// What the refusal means for whoever reads it, in `lang` (the host's own English words
    /// are the cause).
    pub fn message(self, lang: Lang) -> String {
        let (id, en) = match self {
            RejectCode::NoToken | RejectCode::BadToken => (
                "Tuan rumah tidak mengenali laptop ini. Bergabung lagi dengan kode baru.",
                "The host does not know this laptop. Join again with a new code.",
            ),
            RejectCode::Revoked => (
                "Laptop ini dicabut oleh sekretariat. Minta kode baru.",
                "The secretariat revoked this laptop. Ask for a new code.",
            ),
            RejectCode::WrongPanelist => (
                "Lembar nilai atas nama panelis lain.",
                "The ballot names another panelist.",
            ),
            RejectCode::BadSignature => (
                "Tanda tangan lembar nilai tidak cocok dengan isinya.",
                "The ballot's signature does not verify.",
            ),
            RejectCode::KeyMismatch => (
                "Kunci laptop ini bukan kunci yang terdaftar untuk panelis ini.",
                "This laptop's key is not the one registered for this panelist.",
            ),
            RejectCode::NoKey => (
                "Tuan rumah tidak punya kunci untuk memeriksa lembar nilai ini.",
                "The host holds no key to check this ballot with.",
            ),
            RejectCode::RepeatedInBatch => (
                "Revisi yang sama dikirim dua kali.",
                "The same revision was sent twice.",
            ),
            RejectCode::StaleRevision => (
                "Revisi ini lebih lama dari yang sudah tercatat; revisi terbaru tetap berlaku.",
                "This revision is older than the one on record; the newest stands.",
            ),
            RejectCode::RevisionConflict => (
                "Revisi ini sudah tercatat dengan isi lain.",
                "This revision is on record with other content.",
            ),
            RejectCode::Conflicted => (
                "Anda abstain pada inovasi ini (konflik kepentingan); tidak dinilai.",
                "You abstain on this entry (conflict of interest); it is not scored.",
            ),
            RejectCode::Finalized => (
                "Hasil inovasi ini sudah final; penilaian tidak diterima lagi.",
                "The results of this entry are final; no more scoring.",
            ),
            RejectCode::PanelistRetired => (
                "Anda sudah mundur dari panel; penilaian Anda yang sudah masuk tetap dihitung, \
                 yang baru tidak diterima.",
                "You have left the panel; the scores you gave still count, new ones are not \
                 accepted.",
            ),
            RejectCode::WrongCompetition => (
                "Lembar nilai milik kompetisi lain.",
                "The ballot is of another competition.",
            ),
            RejectCode::UnknownEntry => (
                "Inovasi ini tidak ada dalam kompetisi.",
                "This entry is not in the competition.",
            ),
            RejectCode::RubricMismatch => (
                "Nilai tidak sesuai dengan rubrik kompetisi.",
                "The scores do not fit the competition's rubric.",
            ),
            RejectCode::FromTheFuture => (
                "Waktu kirim lembar nilai jauh setelah jam tuan rumah; periksa jam laptop ini.",
                "The ballot's time is well after the host's clock; check this laptop's clock.",
            ),
            RejectCode::Malformed => (
                "Tuan rumah tidak dapat membaca permintaan ini.",
                "The host cannot read this request.",
            ),
            RejectCode::TooLarge => (
                "Permintaan terlalu besar untuk tuan rumah.",
                "The request is too large for the host.",
            ),
            RejectCode::BadCode => (
                "Kode tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru ke \
                 sekretariat.",
                "The code is unknown, used or expired. Ask the secretariat for a new one.",
            ),
            RejectCode::RateLimited => (
                "Terlalu banyak percobaan yang salah. Tunggu satu menit, lalu coba lagi.",
                "Too many wrong attempts. Wait a minute, then try again.",
            ),
            RejectCode::LoadtestDisabled => (
                "Uji beban memerlukan token uji beban dari tuan rumah.",
                "Load tests need the host's load-test token.",
            ),
            RejectCode::NotFound => (
                "Tuan rumah tidak mengenal permintaan ini.",
                "The host does not know this request.",
            ),
            RejectCode::Internal => (
                "Tuan rumah gagal menangani permintaan ini; dicoba lagi.",
                "The host failed while handling this request; it is tried again.",
            ),
            RejectCode::Unknown => (
                "Tuan rumah menolak dengan alasan yang tidak dikenal versi ini.",
                "The host refused for a reason this version does not know.",
            ),
        };
        lang.pick(id, en).to_string()
    }

    /// Whether sending the same request later may succeed.
    pub fn is_transient(self) -> bool {
        matches!(self, RejectCode::RateLimited | RejectCode::Internal)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn a_ballot_from_the_future_has_its_own_wire_code_and_is_final() {
        let now = chrono::Utc::now();
        let refusal = BallotRefusal::FromTheFuture {
            submitted_at: now + chrono::Duration::days(365),
            host_now: now,
        };
        let code = RejectCode::from(&refusal);
        assert_eq!(code, RejectCode::FromTheFuture);
        assert_eq!(code.as_str(), refusal.code(), "the core's code on the wire");
        assert_eq!(
            serde_json::to_value(code).unwrap(),
            serde_json::json!("from_the_future")
        );
        assert_eq!(code.status(), 422);
        assert!(!code.is_transient(), "sending it again cannot help");
    }

    #[test]
    fn every_ballot_verdict_goes_on_the_wire_with_the_cores_code() {
        let now = chrono::Utc::now();
        let all = [
            BallotRefusal::WrongCompetition { competition: None },
            BallotRefusal::WrongPanelist,
            BallotRefusal::NoKey,
            BallotRefusal::KeyMismatch,
            BallotRefusal::BadSignature,
            BallotRefusal::RubricMismatch,
            BallotRefusal::UnknownEntry,
            BallotRefusal::Conflicted {
                entry_no: 1,
                reason: String::new(),
            },
            BallotRefusal::Finalized { entry_no: 1 },
            BallotRefusal::RevisionConflict { revision: 1 },
            BallotRefusal::RepeatedInBatch { revision: 1 },
            BallotRefusal::StaleRevision {
                revision: 1,
                latest: 2,
            },
            BallotRefusal::FromTheFuture {
                submitted_at: now,
                host_now: now,
            },
        ];
        for refusal in &all {
            assert_eq!(
                RejectCode::from(refusal).as_str(),
                refusal.code(),
                "{refusal:?}"
            );
        }
        // Three verdicts only a laptop's own file, scoring or paper reaches have no wire code
        // of their own: the key the host holds is the registered one either way, and a
        // station never sends paper.
        let unregistered = BallotRefusal::UnregisteredKey {
            fingerprint: "x".into(),
        };
        assert_eq!(RejectCode::from(&unregistered), RejectCode::NoKey);
        let device = BallotRefusal::DeviceKeyMismatch {
            panelist: "A".into(),
            paper: false,
        };
        assert_eq!(RejectCode::from(&device), RejectCode::KeyMismatch);
        let paper = BallotRefusal::SignedOnDevice {
            entry_no: 1,
            revision: 1,
        };
        assert_eq!(RejectCode::from(&paper), RejectCode::RevisionConflict);
    }

    #[test]
    fn every_reject_code_is_worded_in_both_languages() {
        for code in [
            RejectCode::NoToken,
            RejectCode::Revoked,
            RejectCode::Finalized,
            RejectCode::PanelistRetired,
            RejectCode::BadCode,
            RejectCode::Unknown,
        ] {
            let (id, en) = (code.message(Lang::Id), code.message(Lang::En));
            assert!(!id.is_empty() && !en.is_empty() && id != en, "{code:?}");
        }
    }
}
