//! The live phase timer of one slot: a pure state machine over the slot's phases. Every
//! transition takes the wall-clock instant as an argument (the timer never reads a clock),
//! and the whole state is rebuilt from the list of transitions, so a stored history resumes
//! the running phase with the right remaining time after a quit or a crash.

mod display;
mod view;

#[cfg(test)]
mod tests;

pub use display::{LiveView, NextUp, ProjectorView};
pub use view::{clock_text, state_words, PhaseActual, TimerView, Urgency, UrgencyChange};

use crate::model::PhasePlan;
use crate::schedule::refusal::ScheduleRefusal;
use crate::{Error, Result};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The most a single add/take may change a phase's allowance, so that a typo (or a stuck key
/// repeated by a script) cannot turn a phase into a day.
pub const MAX_ADJUST_SECONDS: i32 = 3600;

/// A phase never gets more than this much time, whatever the adjustments.
const MAX_ALLOWED_MS: i64 = 24 * 3600 * 1000;

/// What the secretariat asks the timer to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Command {
    /// Start the slot's first phase.
    Start,
    /// Stop the clock; nothing accumulates until resumed.
    Pause,
    /// Continue the current phase from where it was paused.
    Resume,
    /// Close the current phase and open the next one.
    Next,
    /// Go back to the previous phase; its clock continues where it stopped.
    Prev,
    /// Give the current phase more (positive) or less (negative) time.
    Adjust { seconds: i32 },
    /// Run the current phase again from zero (e.g. the video failed).
    Restart,
    /// The slot is over.
    Finish,
}

impl Command {
    /// "+1 minute" on the live control.
    pub const PLUS_MINUTE: Command = Command::Adjust { seconds: 60 };
    /// "-1 minute" on the live control.
    pub const MINUS_MINUTE: Command = Command::Adjust { seconds: -60 };

    /// The stored name of the command (the `kind` column).
    pub fn kind(self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::Pause => "pause",
            Command::Resume => "resume",
            Command::Next => "next",
            Command::Prev => "prev",
            Command::Adjust { .. } => "adjust",
            Command::Restart => "restart",
            Command::Finish => "finish",
        }
    }

    /// Rebuilds a command from its stored kind and payload; `None` for anything unknown.
    pub fn from_stored(kind: &str, payload: &serde_json::Value) -> Option<Command> {
        Some(match kind {
            "start" => Command::Start,
            "pause" => Command::Pause,
            "resume" => Command::Resume,
            "next" => Command::Next,
            "prev" => Command::Prev,
            "adjust" => Command::Adjust {
                seconds: i32::try_from(payload.get("seconds")?.as_i64()?).ok()?,
            },
            "restart" => Command::Restart,
            "finish" => Command::Finish,
            _ => return None,
        })
    }
}

/// One accepted transition: what was done and when (UTC, never earlier than the one before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    /// 1, 2, 3 ... within the slot.
    pub seq: u32,
    pub at: DateTime<Utc>,
    pub command: Command,
}

/// Where the slot is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerStatus {
    /// Not started yet.
    Idle,
    Running,
    /// The timer is stopped for a while (a microphone fails); not a break in the schedule.
    Paused,
    Finished,
}

impl TimerStatus {
    /// Whether the slot called to the stage (its room's live slot) with a timer in this
    /// state is presenting now: called and not finished. The one rule behind "Sedang
    /// presentasi" on the panelist's sheet, the station and what the venue host sends.
    pub fn presenting(self) -> bool {
        self != TimerStatus::Finished
    }
}

/// The book-keeping of one phase.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PhaseClock {
    /// Time this phase may take: planned, plus or minus the adjustments.
    allowed_ms: i64,
    /// Running time accumulated up to the last transition that touched this phase.
    done_ms: i64,
    /// First instant the phase ran (since its last restart); `None` if it never ran.
    started_at: Option<DateTime<Utc>>,
    /// Last instant the phase was left; `None` while it is current or if it never ran.
    ended_at: Option<DateTime<Utc>>,
}

/// The live timer of one slot.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseTimer {
    plan: PhasePlan,
    status: TimerStatus,
    current: usize,
    phases: Vec<PhaseClock>,
    /// Start of the current running stretch; `Some` exactly while running.
    running_since: Option<DateTime<Utc>>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    /// Time the timer stood paused before the current pause (if any), in milliseconds.
    paused_ms: i64,
    /// Start of the current pause; `Some` exactly while paused.
    paused_since: Option<DateTime<Utc>>,
    transitions: Vec<Transition>,
}

impl PhaseTimer {
    /// A timer that has not started, for a slot run on `plan`.
    pub fn new(plan: PhasePlan) -> Result<PhaseTimer> {
        if plan.phases.is_empty() {
            return Err(Error::Schedule(ScheduleRefusal::PlanWithoutPhases));
        }
        let phases = plan
            .phases
            .iter()
            .map(|p| PhaseClock {
                allowed_ms: i64::from(p.seconds) * 1000,
                done_ms: 0,
                started_at: None,
                ended_at: None,
            })
            .collect();
        Ok(PhaseTimer {
            plan,
            status: TimerStatus::Idle,
            current: 0,
            phases,
            running_since: None,
            started_at: None,
            finished_at: None,
            paused_ms: 0,
            paused_since: None,
            transitions: Vec::new(),
        })
    }

    /// Rebuilds a timer from its stored transitions, in order. A history the state machine
    /// would not have accepted (an edited file) is a database error, never a guess.
    pub fn replay(plan: PhasePlan, transitions: &[Transition]) -> Result<PhaseTimer> {
        let mut timer = PhaseTimer::new(plan)?;
        for t in transitions {
            timer.apply(t.command, t.at).map_err(|e| {
                Error::Database(format!(
                    "timer history: transition {} ({}) cannot follow: {e}",
                    t.seq,
                    t.command.kind()
                ))
            })?;
        }
        Ok(timer)
    }

    /// Applies `command` at `at` and returns the transition to store. An instant earlier than
    /// the last transition (the clock went backwards) is clamped to it, so time never runs
    /// backwards inside a slot. Nothing changes when the command is refused.
    pub fn apply(&mut self, command: Command, at: DateTime<Utc>) -> Result<Transition> {
        self.check(command)?;
        let at = self.clamp(at);
        match command {
            Command::Start => {
                self.status = TimerStatus::Running;
                self.started_at = Some(at);
                self.current = 0;
                self.enter_running(at);
            }
            Command::Pause => {
                self.settle(at);
                self.running_since = None;
                self.paused_since = Some(at);
                self.status = TimerStatus::Paused;
            }
            Command::Resume => {
                self.end_pause(at);
                self.status = TimerStatus::Running;
                self.enter_running(at);
            }
            Command::Next | Command::Prev => {
                self.settle(at);
                let phase = &mut self.phases[self.current];
                if phase.started_at.is_some() {
                    phase.ended_at = Some(at);
                }
                self.current = if command == Command::Next {
                    self.current + 1
                } else {
                    self.current - 1
                };
                self.phases[self.current].ended_at = None;
                if self.status == TimerStatus::Running {
                    self.enter_running(at);
                }
            }
            Command::Adjust { seconds } => {
                let phase = &mut self.phases[self.current];
                phase.allowed_ms =
                    (phase.allowed_ms + i64::from(seconds) * 1000).clamp(0, MAX_ALLOWED_MS);
            }
            Command::Restart => {
                let phase = &mut self.phases[self.current];
                phase.done_ms = 0;
                phase.started_at = None;
                phase.ended_at = None;
                self.end_pause(at);
                self.status = TimerStatus::Running;
                self.enter_running(at);
            }
            Command::Finish => {
                self.settle(at);
                self.end_pause(at);
                self.running_since = None;
                let phase = &mut self.phases[self.current];
                if phase.started_at.is_some() {
                    phase.ended_at = Some(at);
                }
                self.status = TimerStatus::Finished;
                self.finished_at = Some(at);
            }
        }
        let transition = Transition {
            seq: self.transitions.len() as u32 + 1,
            at,
            command,
        };
        self.transitions.push(transition);
        Ok(transition)
    }

    /// Whether `command` is allowed now, with the reason when not.
    pub fn check(&self, command: Command) -> Result<()> {
        use TimerStatus::*;
        let refuse = |why: ScheduleRefusal| Err(Error::Schedule(why));
        match (self.status, command) {
            (Finished, _) => refuse(ScheduleRefusal::TimerFinished),
            (Idle, Command::Start) => Ok(()),
            (Idle, _) => refuse(ScheduleRefusal::TimerNotStarted),
            (_, Command::Start) => refuse(ScheduleRefusal::TimerAlreadyStarted),
            (Running, Command::Resume) => refuse(ScheduleRefusal::TimerNotPaused),
            (Paused, Command::Pause) => refuse(ScheduleRefusal::TimerAlreadyPaused),
            (_, Command::Next) if self.current + 1 >= self.phases.len() => {
                refuse(ScheduleRefusal::LastPhase)
            }
            (_, Command::Prev) if self.current == 0 => refuse(ScheduleRefusal::FirstPhase),
            (_, Command::Adjust { seconds })
                if seconds == 0 || seconds.unsigned_abs() > MAX_ADJUST_SECONDS as u32 =>
            {
                refuse(ScheduleRefusal::AdjustOutOfRange)
            }
            _ => Ok(()),
        }
    }

    /// The plan the slot runs on (as it was when the slot started).
    pub fn plan(&self) -> &PhasePlan {
        &self.plan
    }

    pub fn status(&self) -> TimerStatus {
        self.status
    }

    /// Index of the current phase (0-based).
    pub fn current_phase(&self) -> usize {
        self.current
    }

    /// Every accepted transition so far, in order.
    pub fn transitions(&self) -> &[Transition] {
        &self.transitions
    }

    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        self.started_at
    }

    pub fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.finished_at
    }

    /// Since when the timer stands paused; `None` unless paused.
    pub fn paused_since(&self) -> Option<DateTime<Utc>> {
        self.paused_since
    }

    /// How long the slot has run at `now`: from its start to its finish (or `now`), the
    /// time it stood paused left out. Zero before it starts.
    pub fn running_ms(&self, now: DateTime<Utc>) -> i64 {
        let Some(started) = self.started_at else {
            return 0;
        };
        let now = self.clamp(now);
        let end = self.finished_at.unwrap_or(now);
        let pausing = self
            .paused_since
            .map_or(0, |since| (now - since).num_milliseconds().max(0));
        ((end - started).num_milliseconds() - self.paused_ms - pausing).max(0)
    }

    /// The instant of the last transition: no view or transition goes earlier than this.
    pub fn last_at(&self) -> Option<DateTime<Utc>> {
        self.transitions.last().map(|t| t.at)
    }

    /// When the slot will end if every remaining phase takes its allowance from `now` on (an
    /// overrun phase counts as ending now). The finish instant once finished, `None` if idle.
    pub fn projected_end(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.status {
            TimerStatus::Idle => None,
            TimerStatus::Finished => self.finished_at,
            TimerStatus::Running | TimerStatus::Paused => {
                let now = self.clamp(now);
                let current =
                    self.phases[self.current].allowed_ms - self.elapsed_ms(self.current, now);
                let later: i64 = self.phases[self.current + 1..]
                    .iter()
                    .map(|p| p.allowed_ms)
                    .sum();
                let left = Duration::milliseconds(current.max(0).saturating_add(later));
                // Saturate rather than panic at the far end of the calendar.
                Some(
                    now.checked_add_signed(left)
                        .unwrap_or(DateTime::<Utc>::MAX_UTC),
                )
            }
        }
    }

    /// `at`, but never before the last transition.
    fn clamp(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        match self.last_at() {
            Some(last) if at < last => last,
            _ => at,
        }
    }

    /// Running time of phase `i` at `now` (already clamped).
    fn elapsed_ms(&self, i: usize, now: DateTime<Utc>) -> i64 {
        let phase = &self.phases[i];
        let running = match self.running_since {
            Some(since) if i == self.current => (now - since).num_milliseconds().max(0),
            _ => 0,
        };
        phase.done_ms.saturating_add(running)
    }

    /// Books the current running stretch onto the current phase.
    fn settle(&mut self, at: DateTime<Utc>) {
        let done = self.elapsed_ms(self.current, at);
        self.phases[self.current].done_ms = done;
        if self.running_since.is_some() {
            self.running_since = Some(at);
        }
    }

    /// Books the pause that ends at `at` (if the timer was paused).
    fn end_pause(&mut self, at: DateTime<Utc>) {
        if let Some(since) = self.paused_since.take() {
            self.paused_ms += (at - since).num_milliseconds().max(0);
        }
    }

    /// The current phase runs from `at`; its actual start is the first time it ran.
    fn enter_running(&mut self, at: DateTime<Utc>) {
        self.running_since = Some(at);
        let phase = &mut self.phases[self.current];
        phase.started_at.get_or_insert(at);
    }
}
