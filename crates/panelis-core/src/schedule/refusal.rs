//! Why a change to the schedule, a phase plan, a day plan or the live timer is refused: one
//! variant per rule, each with a stable code for the page and the scripts, its fields, and
//! its words in both languages, here and nowhere else.

use crate::lang::Lang;
use crate::text::{excerpt, number_runs};
use crate::timer::MAX_ADJUST_SECONDS;
use serde::Serialize;

/// A refused change to the schedule or the timer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ScheduleRefusal {
    /// A given running order names an entry twice.
    EntryListedTwice { no: Option<u32> },
    /// A phase plan without phases.
    PlanWithoutPhases,
    /// Two phases of a plan share a code, or one has none (`phase` is 1-based).
    PhaseCodeRepeated { phase: usize },
    /// A phase without its name in both languages.
    PhaseNameMissing { phase: usize },
    /// A phase shorter than a second or longer than four hours.
    PhaseLength { phase: usize },
    /// A changeover over two hours.
    ChangeoverTooLong,
    /// A warning more than an hour before the end.
    WarningTooEarly,
    /// A day plan whose day ends before it starts.
    DayEndsBeforeStart,
    /// A break in the day that ends before it starts.
    PauseEndsBeforeStart { label: String },
    /// A day plan that allows no slot a day.
    NoSlotsPerDay,
    /// Generating a schedule for no room.
    NoRooms,
    /// A local time that the venue's clock never shows.
    TimeDoesNotExist,
    /// A slot longer than the day.
    SlotLongerThanDay,
    /// A slot that fits in no gap between the day's breaks.
    SlotBetweenPauses,
    /// Days beyond the calendar.
    DateOverflow,
    /// A position outside 1..=`slots`.
    PositionOutOfRange { slots: usize },
    /// A swap of a slot with itself.
    SameSlotTwice,
    /// Generating again over an entry that has presented in the room.
    AlreadyPresented { no: u32 },
    /// A slot given for a room holds another room's slot.
    SlotInOtherRoom,
    /// A room listed twice.
    RoomListedTwice,
    /// An entry scheduled in another room than the ones being planned.
    EntryInOtherRoom { no: u32 },
    /// A no-show for a slot that has started.
    StartedNotNoShow,
    /// A new plan for a slot that has started.
    StartedPlanFixed,
    /// Calling an entry while another is still presenting in the room.
    StillPresenting { no: u32 },
    /// A timer command after the slot finished.
    TimerFinished,
    /// A timer command before the slot started.
    TimerNotStarted,
    /// Starting a slot that has started.
    TimerAlreadyStarted,
    /// Resuming a timer that runs.
    TimerNotPaused,
    /// Pausing a paused timer.
    TimerAlreadyPaused,
    /// Next phase from the last one.
    LastPhase,
    /// Previous phase from the first one.
    FirstPhase,
    /// Adding or taking no time, or more than an hour.
    AdjustOutOfRange,
    /// Removing the competition's only room: the schedule would have nowhere to be.
    OnlyRoom { room: String },
    /// Removing a room whose called slot has not finished: entry `no` is on stage there.
    RoomLive { room: String, no: u32 },
    /// Removing a room where entries have presented (a slot started or finished) or been
    /// scored: their actual times would be lost.
    RoomPresented { room: String, nos: Vec<u32> },
    /// Removing a room that holds entries whose results are final.
    RoomFinalized { room: String, nos: Vec<u32> },
}

impl ScheduleRefusal {
    /// Stable code for the page and the scripts.
    pub fn code(&self) -> &'static str {
        match self {
            ScheduleRefusal::EntryListedTwice { .. } => "entry_listed_twice",
            ScheduleRefusal::PlanWithoutPhases => "plan_without_phases",
            ScheduleRefusal::PhaseCodeRepeated { .. } => "phase_code_repeated",
            ScheduleRefusal::PhaseNameMissing { .. } => "phase_name_missing",
            ScheduleRefusal::PhaseLength { .. } => "phase_length",
            ScheduleRefusal::ChangeoverTooLong => "changeover_too_long",
            ScheduleRefusal::WarningTooEarly => "warning_too_early",
            ScheduleRefusal::DayEndsBeforeStart => "day_ends_before_start",
            ScheduleRefusal::PauseEndsBeforeStart { .. } => "pause_ends_before_start",
            ScheduleRefusal::NoSlotsPerDay => "no_slots_per_day",
            ScheduleRefusal::NoRooms => "no_rooms",
            ScheduleRefusal::TimeDoesNotExist => "time_does_not_exist",
            ScheduleRefusal::SlotLongerThanDay => "slot_longer_than_day",
            ScheduleRefusal::SlotBetweenPauses => "slot_between_pauses",
            ScheduleRefusal::DateOverflow => "date_overflow",
            ScheduleRefusal::PositionOutOfRange { .. } => "position_out_of_range",
            ScheduleRefusal::SameSlotTwice => "same_slot_twice",
            ScheduleRefusal::AlreadyPresented { .. } => "already_presented",
            ScheduleRefusal::SlotInOtherRoom => "slot_in_other_room",
            ScheduleRefusal::RoomListedTwice => "room_listed_twice",
            ScheduleRefusal::EntryInOtherRoom { .. } => "entry_in_other_room",
            ScheduleRefusal::StartedNotNoShow => "started_not_no_show",
            ScheduleRefusal::StartedPlanFixed => "started_plan_fixed",
            ScheduleRefusal::StillPresenting { .. } => "still_presenting",
            ScheduleRefusal::TimerFinished => "timer_finished",
            ScheduleRefusal::TimerNotStarted => "timer_not_started",
            ScheduleRefusal::TimerAlreadyStarted => "timer_already_started",
            ScheduleRefusal::TimerNotPaused => "timer_not_paused",
            ScheduleRefusal::TimerAlreadyPaused => "timer_already_paused",
            ScheduleRefusal::LastPhase => "last_phase",
            ScheduleRefusal::FirstPhase => "first_phase",
            ScheduleRefusal::AdjustOutOfRange => "adjust_out_of_range",
            ScheduleRefusal::OnlyRoom { .. } => "only_room",
            ScheduleRefusal::RoomLive { .. } => "room_live",
            ScheduleRefusal::RoomPresented { .. } => "room_presented",
            ScheduleRefusal::RoomFinalized { .. } => "room_finalized",
        }
    }

    /// The refusal in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let pick = |id: &str, en: &str| lang.pick(id, en).to_string();
        match self {
            ScheduleRefusal::EntryListedTwice { no } => match (no, lang) {
                (Some(no), Lang::Id) => format!("inovasi No {no} tercantum dua kali dalam urutan"),
                (Some(no), Lang::En) => format!("order: entry No {no} is listed twice"),
                (None, Lang::Id) => "satu inovasi tercantum dua kali dalam urutan".into(),
                (None, Lang::En) => "order: an entry is listed twice".into(),
            },
            ScheduleRefusal::PlanWithoutPhases => pick(
                "rencana sesi perlu sedikitnya satu fase",
                "phase plan: the plan needs at least one phase",
            ),
            ScheduleRefusal::PhaseCodeRepeated { phase } => match lang {
                Lang::Id => format!("fase {phase}: setiap fase perlu kodenya sendiri"),
                Lang::En => format!("phase {phase}: each phase needs its own code"),
            },
            ScheduleRefusal::PhaseNameMissing { phase } => match lang {
                Lang::Id => format!("fase {phase}: fase perlu nama dalam dua bahasa"),
                Lang::En => format!("phase {phase}: the phase needs a name in both languages"),
            },
            ScheduleRefusal::PhaseLength { phase } => match lang {
                Lang::Id => format!("fase {phase}: lama fase antara 1 detik dan 4 jam"),
                Lang::En => format!("phase {phase}: a phase lasts between 1 second and 4 hours"),
            },
            ScheduleRefusal::ChangeoverTooLong => pick(
                "pergantian antarslot paling lama 2 jam",
                "changeover: at most 2 hours",
            ),
            ScheduleRefusal::WarningTooEarly => pick(
                "peringatan paling awal 1 jam sebelum selesai",
                "warning: at most 1 hour before the end",
            ),
            ScheduleRefusal::DayEndsBeforeStart => pick(
                "hari berakhir sebelum dimulai",
                "day plan: the day ends before it starts",
            ),
            ScheduleRefusal::PauseEndsBeforeStart { label } => match lang {
                Lang::Id => format!("istirahat {}: berakhir sebelum dimulai", excerpt(label)),
                Lang::En => format!("break {}: the break ends before it starts", excerpt(label)),
            },
            ScheduleRefusal::NoSlotsPerDay => pick(
                "sedikitnya satu sesi sehari",
                "slots per day: at least one slot a day",
            ),
            ScheduleRefusal::NoRooms => pick(
                "pilih sedikitnya satu ruang",
                "rooms: choose at least one room",
            ),
            ScheduleRefusal::TimeDoesNotExist => pick(
                "waktu itu tidak ada pada jam tempat acara",
                "day plan: a time does not exist",
            ),
            ScheduleRefusal::SlotLongerThanDay => pick(
                "satu sesi tidak muat dalam sehari",
                "day plan: a slot does not fit into a day",
            ),
            ScheduleRefusal::SlotBetweenPauses => pick(
                "satu sesi tidak muat di antara istirahat dalam sehari",
                "day plan: a slot does not fit between the breaks of a day",
            ),
            ScheduleRefusal::DateOverflow => {
                pick("tanggal melampaui kalender", "day plan: date overflow")
            }
            ScheduleRefusal::PositionOutOfRange { slots } => match lang {
                Lang::Id => format!("pilih urutan 1 sampai {slots}"),
                Lang::En => format!("position: choose a position from 1 to {slots}"),
            },
            ScheduleRefusal::SameSlotTwice => pick(
                "pilih dua sesi yang berbeda",
                "swap: choose two different slots",
            ),
            ScheduleRefusal::AlreadyPresented { no } => match lang {
                Lang::Id => format!(
                    "inovasi No {no} sudah presentasi di ruang ini; ubah urutan jadwal alih-alih \
                     membuatnya ulang"
                ),
                Lang::En => format!(
                    "entry No {no} has already presented in this room; reorder the schedule \
                     instead of generating it again"
                ),
            },
            ScheduleRefusal::SlotInOtherRoom => pick(
                "sesi itu milik ruang lain",
                "slot: the slot belongs to another room",
            ),
            ScheduleRefusal::RoomListedTwice => pick(
                "satu ruang tercantum dua kali",
                "rooms: a room is listed twice",
            ),
            ScheduleRefusal::EntryInOtherRoom { no } => match lang {
                Lang::Id => format!("inovasi No {no} dijadwalkan di ruang lain"),
                Lang::En => format!("order: entry No {no} is scheduled in another room"),
            },
            ScheduleRefusal::StartedNotNoShow => pick(
                "sesi ini sudah dimulai; ini bukan ketidakhadiran",
                "this slot has already started; it is not a no-show",
            ),
            ScheduleRefusal::StartedPlanFixed => pick(
                "sesi ini sudah dimulai; tambah atau kurangi menit pada pengatur waktu",
                "this slot has already started; add or take minutes on the timer instead",
            ),
            ScheduleRefusal::StillPresenting { no } => match lang {
                Lang::Id => format!(
                    "inovasi No {no} masih presentasi di ruang ini; selesaikan sesi itu dulu"
                ),
                Lang::En => format!(
                    "entry No {no} is still presenting in this room; finish that slot first"
                ),
            },
            ScheduleRefusal::TimerFinished => {
                pick("sesi ini sudah selesai", "the slot is finished")
            }
            ScheduleRefusal::TimerNotStarted => {
                pick("sesi ini belum dimulai", "the slot has not started")
            }
            ScheduleRefusal::TimerAlreadyStarted => {
                pick("sesi ini sudah dimulai", "the slot has already started")
            }
            ScheduleRefusal::TimerNotPaused => pick(
                "pengatur waktu tidak sedang dihentikan sementara",
                "the timer is not paused",
            ),
            ScheduleRefusal::TimerAlreadyPaused => pick(
                "pengatur waktu sudah dihentikan sementara",
                "the timer is already paused",
            ),
            ScheduleRefusal::LastPhase => pick(
                "ini fase terakhir; selesaikan sesinya",
                "this is the last phase; finish the slot instead",
            ),
            ScheduleRefusal::FirstPhase => pick("ini fase pertama", "this is the first phase"),
            ScheduleRefusal::AdjustOutOfRange => match lang {
                Lang::Id => format!("antara 1 dan {MAX_ADJUST_SECONDS} detik, maju atau mundur"),
                Lang::En => {
                    format!("adjust: between 1 and {MAX_ADJUST_SECONDS} seconds either way")
                }
            },
            ScheduleRefusal::OnlyRoom { room } => match lang {
                Lang::Id => format!(
                    "{} adalah satu-satunya ruang; tambah ruang lain sebelum menghapusnya",
                    excerpt(room)
                ),
                Lang::En => format!(
                    "{} is the only room; add another room before removing it",
                    excerpt(room)
                ),
            },
            ScheduleRefusal::RoomLive { room, no } => match lang {
                Lang::Id => format!(
                    "{} sedang berlangsung: inovasi No {no} dipanggil ke panggung; selesaikan \
                     sesi itu dulu",
                    excerpt(room)
                ),
                Lang::En => format!(
                    "{} is live: entry No {no} is called to the stage; finish that slot first",
                    excerpt(room)
                ),
            },
            ScheduleRefusal::RoomPresented { room, nos } => match lang {
                Lang::Id => format!(
                    "{} tidak dapat dihapus: inovasi No {} sudah presentasi atau dinilai di sana, \
                     dan catatannya akan hilang",
                    excerpt(room),
                    number_runs(nos)
                ),
                Lang::En => format!(
                    "{} cannot be removed: {} presented or been scored there, and the record \
                     would be lost",
                    excerpt(room),
                    entries_have(nos)
                ),
            },
            ScheduleRefusal::RoomFinalized { room, nos } => match lang {
                Lang::Id => format!(
                    "{} tidak dapat dihapus: hasil inovasi No {} sudah difinalisasi",
                    excerpt(room),
                    number_runs(nos)
                ),
                Lang::En => format!(
                    "{} cannot be removed: {} final",
                    excerpt(room),
                    results_are(nos)
                ),
            },
        }
    }
}

/// "entry No 4 has" / "entries No 1-3 have".
fn entries_have(nos: &[u32]) -> String {
    match nos {
        [one] => format!("entry No {one} has"),
        _ => format!("entries No {} have", number_runs(nos)),
    }
}

/// "the result of entry No 4 is" / "the results of entries No 1-3 are".
fn results_are(nos: &[u32]) -> String {
    match nos {
        [one] => format!("the result of entry No {one} is"),
        _ => format!("the results of entries No {} are", number_runs(nos)),
    }
}

impl std::fmt::Display for ScheduleRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
