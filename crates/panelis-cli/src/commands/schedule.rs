//! `panelis schedule ...`: the presentation schedule (jadwal), listed in the venue's local
//! time with actual and projected times; generating it, reordering it, removing a room,
//! exporting it.

use super::{Db, Outcome};
use crate::failure::Result;
use crate::output;
use chrono::{NaiveDateTime, NaiveTime};
use panelis_core::lang::Lang;
use panelis_core::schedule::{xlsx, DayPlan, ScheduleOrder, ScheduleRow};
use panelis_core::time;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Print the schedule as JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

/// How `generate` orders the entries.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Order {
    /// By shortlist number.
    No,
    /// Grouped by category, by number within.
    Category,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Lay out a room's slots from the shortlist (the room is created if new).
    Generate {
        /// The room, e.g. "Ruang Sidang Utama".
        #[arg(long)]
        room: String,
        /// First slot, venue-local: YYYY-MM-DDTHH:MM.
        #[arg(long, value_parser = parse_local)]
        start: NaiveDateTime,
        #[arg(long, value_enum, default_value = "no")]
        order: Order,
        /// End of each day, HH:MM.
        #[arg(long, default_value = "17:00", value_parser = parse_hm)]
        end: NaiveTime,
        /// At most this many slots a day (spreads the shortlist over the days).
        #[arg(long)]
        per_day: Option<u32>,
    },
    /// Move the slot of entry NO to POSITION in its room.
    Move { no: u32, position: u32 },
    /// Swap the slots of two entries.
    Swap { a: u32, b: u32 },
    /// The innovator of entry NO did not come: absent, and last of the day.
    NoShow { no: u32 },
    /// Remove a room with its slots (none started); the entries it held become
    /// unscheduled. Refused for the only room, a live room, or one where entries presented,
    /// were scored or are final.
    RemoveRoom {
        /// The room, e.g. "Ruang Kenanga" (case and spacing do not matter).
        name: String,
    },
    /// Write the schedule with planned and actual times to an .xlsx file.
    Export {
        file: PathBuf,
        /// Language of the column names: id or en.
        #[arg(long, default_value = "id")]
        lang: String,
    },
}

fn parse_local(text: &str) -> std::result::Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .map_err(|_| format!("{text:?} is not YYYY-MM-DDTHH:MM"))
}

fn parse_hm(text: &str) -> std::result::Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| format!("{text:?} is not HH:MM"))
}

pub fn run(db: &Db, args: Args) -> Result<Outcome> {
    let mut store = db.open()?;
    match args.command {
        None => list(&store, args.json)?,
        Some(Command::Generate {
            room,
            start,
            order,
            end,
            per_day,
        }) => {
            let room = match store.room_by_name(&room)? {
                Some(r) => r,
                None => store.add_room(&room)?,
            };
            let mut days = DayPlan::typical(start.date(), store.utc_offset_minutes()?);
            days.day_start = start.time();
            days.day_end = end;
            days.max_slots_per_day = per_day;
            let order = match order {
                Order::No => ScheduleOrder::No,
                Order::Category => ScheduleOrder::Category,
            };
            let slots = store.generate_schedule(&[room.id], &order, &days)?;
            println!("{}: {} slots", room.name, slots.len());
        }
        Some(Command::Move { no, position }) => {
            store.move_slot(store.slot_of_entry_no(no)?.id, position)?;
            list(&store, false)?;
        }
        Some(Command::Swap { a, b }) => {
            let (a, b) = (store.slot_of_entry_no(a)?, store.slot_of_entry_no(b)?);
            store.swap_slots(a.id, b.id)?;
            list(&store, false)?;
        }
        Some(Command::NoShow { no }) => {
            store.mark_no_show(store.slot_of_entry_no(no)?.id)?;
            list(&store, false)?;
        }
        Some(Command::RemoveRoom { name }) => {
            let room = store
                .room_by_name(&name)?
                .ok_or_else(|| panelis_core::error::Record::Room.not_found(&name))?;
            let removal = store.remove_room(room.id)?;
            println!("{}", removal.summary(output::lang()));
        }
        Some(Command::Export { file, lang }) => {
            store.export_schedule_xlsx(&file, Lang::from_code(&lang), time::now())?;
            println!("wrote {}", file.display());
        }
    }
    Ok(Outcome::Ok)
}

/// One line per slot: local date and planned time, No, title, then what happened or is
/// expected: actual times, or the projected start when it differs from the plan.
fn list(store: &panelis_core::Store, json: bool) -> Result<()> {
    let view = store.schedule_view(time::now())?;
    if json {
        return output::json(&view);
    }
    if view.rooms.iter().all(|r| r.slots.is_empty()) {
        println!("no slots yet; use `panelis schedule generate`");
        return Ok(());
    }
    let hm = |t: NaiveDateTime| t.format("%H:%M").to_string();
    for room in &view.rooms {
        println!("{}", room.room.name);
        for r in &room.slots {
            let actual = match (r.actual_start_local, r.actual_end_local) {
                (Some(s), Some(e)) => format!("{}-{}", hm(s), hm(e)),
                (Some(s), None) => format!("{}-", hm(s)),
                _ if r.delay_seconds != 0 => format!("~{}", hm(r.projected_start_local)),
                _ => String::new(),
            };
            println!(
                "  {} {}\t{}\t{}\t{}\t{}\t{}",
                r.planned_start_local.format("%Y-%m-%d"),
                hm(r.planned_start_local),
                r.entry_no,
                r.title,
                xlsx::status_words(r.status, output::lang()),
                actual,
                delay_text(r),
            );
        }
        for day in room.days.iter().filter(|d| !d.overflowing_nos.is_empty()) {
            let nos: Vec<String> = day.overflowing_nos.iter().map(u32::to_string).collect();
            println!(
                "  {} runs past its end {} (expected to end {}): No {}",
                day.lag.date,
                hm(day.day_end_local),
                hm(day.projected_end_local),
                nos.join(", ")
            );
        }
    }
    Ok(())
}

/// "+12 min" behind, "-5 min" ahead, empty when on time or when the slot runs on another
/// date than planned (its delay is the calendar's, and the row's date already says the day).
fn delay_text(r: &ScheduleRow) -> String {
    if r.another_day {
        return String::new();
    }
    match r.delay_seconds / 60 {
        0 => String::new(),
        m => format!("{m:+} min"),
    }
}
