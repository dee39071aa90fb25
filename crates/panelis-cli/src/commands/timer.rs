//! `panelis timer ...`: the live phase timer of the slot on stage, from the command line.
//! Each command stores one transition through the core, which checks it first.

use super::{Db, Outcome};
use crate::failure::{Failure, Result};
use crate::output;
use chrono::{DateTime, Utc};
use panelis_core::model::Slot;
use panelis_core::timer::{Command as TimerCommand, TimerStatus, TimerView};
use panelis_core::{time, Store};

/// Which slot, and when.
#[derive(clap::Args)]
pub struct Target {
    /// The slot of entry No NO (default: the slot on stage).
    #[arg(long, value_name = "NO")]
    slot: Option<u32>,
    /// The instant of the transition instead of now (RFC 3339), for replaying a paper log.
    #[arg(long, value_parser = parse_instant, hide = true)]
    at: Option<DateTime<Utc>>,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Start the slot (default: the one called, else the next in the schedule).
    Start(Target),
    /// Pause the clock.
    Pause(Target),
    /// Continue after a pause.
    Resume(Target),
    /// Go to the next phase.
    Next(Target),
    /// Go back to the previous phase.
    Prev(Target),
    /// Give the current phase one more minute.
    Plus(Target),
    /// Take a minute from the current phase.
    Minus(Target),
    /// Run the current phase again from zero.
    Restart(Target),
    /// The slot is over.
    Finish(Target),
    /// Call a slot to the stage and record the innovator's check-in.
    Call {
        #[command(flatten)]
        target: Target,
        /// The innovator is here.
        #[arg(long, conflicts_with = "absent")]
        present: bool,
        /// The innovator is not here.
        #[arg(long)]
        absent: bool,
    },
    /// Show the slot on stage and its timer.
    Status {
        #[arg(long)]
        json: bool,
        /// Print what the projector shows (JSON) instead.
        #[arg(long)]
        projector: bool,
    },
}

fn parse_instant(text: &str) -> std::result::Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{text:?} is not an RFC 3339 instant"))
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    let mut store = db.open()?;
    let (command, target) = match cmd {
        Command::Status { json, projector } => return status(&store, json, projector),
        Command::Call {
            target,
            present,
            absent,
        } => {
            let slot = chosen_slot(&store, target.slot)?;
            let checked_in = (present || absent).then_some(present);
            store.call_slot(slot.id, checked_in, target.at.unwrap_or_else(time::now))?;
            return status(&store, false, false);
        }
        Command::Start(t) => (TimerCommand::Start, t),
        Command::Pause(t) => (TimerCommand::Pause, t),
        Command::Resume(t) => (TimerCommand::Resume, t),
        Command::Next(t) => (TimerCommand::Next, t),
        Command::Prev(t) => (TimerCommand::Prev, t),
        Command::Plus(t) => (TimerCommand::PLUS_MINUTE, t),
        Command::Minus(t) => (TimerCommand::MINUS_MINUTE, t),
        Command::Restart(t) => (TimerCommand::Restart, t),
        Command::Finish(t) => (TimerCommand::Finish, t),
    };
    let slot = match (target.slot, command) {
        (Some(no), _) => store.slot_of_entry_no(no)?,
        (None, TimerCommand::Start) => slot_to_start(&store)?,
        (None, _) => store
            .live_slot(None)?
            .ok_or_else(|| Failure::usage("--slot", "no slot is on stage; give --slot NO"))?,
    };
    let at = target.at.unwrap_or_else(time::now);
    let timer = store.timer_command(slot.id, command, at)?;
    let no = entry_no(&store, &slot)?;
    println!("No {no}: {}", line(&timer.view(at)));
    Ok(Outcome::Ok)
}

/// The slot named by `--slot`, else the next one to call.
fn chosen_slot(store: &Store, no: Option<u32>) -> Result<Slot> {
    match no {
        Some(no) => Ok(store.slot_of_entry_no(no)?),
        None => store
            .next_slot(None)?
            .ok_or_else(|| Failure::usage("--slot", "every slot has run; give --slot NO")),
    }
}

/// `start` without `--slot`: the slot called to the stage if it has not started, else the
/// next one in the schedule.
fn slot_to_start(store: &Store) -> Result<Slot> {
    if let Some(live) = store.live_slot(None)? {
        if store.slot_timer(live.id)?.status() == TimerStatus::Idle {
            return Ok(live);
        }
    }
    chosen_slot(store, None)
}

fn entry_no(store: &Store, slot: &Slot) -> Result<u32> {
    store
        .entries()?
        .iter()
        .find(|e| e.id == slot.entry_id)
        .map(|e| e.no)
        .ok_or_else(|| {
            panelis_core::error::Record::Entry
                .not_found(slot.entry_id)
                .into()
        })
}

/// "Presentasi 06:59 running (2/4)" in the user's language.
fn line(v: &TimerView) -> String {
    let lang = output::lang();
    let (state_id, state_en) = panelis_core::timer::state_words(true, v.status, v.urgency);
    format!(
        "{} {} {} ({}/{})",
        lang.pick(&v.phase_label_id, &v.phase_label_en),
        v.clock,
        lang.pick(state_id, state_en),
        v.phase_index + 1,
        v.phase_count
    )
}

fn status(store: &Store, json: bool, projector: bool) -> Result<Outcome> {
    let now = time::now();
    if projector {
        output::json(&store.projector_view(None, now)?)?;
        return Ok(Outcome::Ok);
    }
    let live = store.live_view(None, now)?;
    if json {
        output::json(&live)?;
        return Ok(Outcome::Ok);
    }
    match live {
        None => println!("no slot is on stage"),
        Some(l) => {
            println!("{} · No {} {}", l.room.name, l.entry.no, l.entry.title);
            println!("{}", line(&l.timer));
            if let Some(next) = l.next_up {
                let when = if next.projected_time == next.planned_time {
                    next.planned_time
                } else {
                    format!("{}, planned {}", next.projected_time, next.planned_time)
                };
                println!("next: No {} {} ({when})", next.entry_no, next.title);
            }
        }
    }
    Ok(Outcome::Ok)
}
