//! `panelis station ...`: a panelist's station without a window, for rehearsals and tests:
//! join a host with a code, score entries (saved in the station's own file first, then
//! sent), show where each ballot stands, and run the station (reconnecting and re-sending
//! by itself), optionally scoring each entry once its slot has finished on the host's
//! timer.

use super::lan::runtime;
use super::{Db, Outcome};
use crate::failure::{Failure, Result};
use crate::output;
use panelis_core::ballot::keystore::Keystore;
use panelis_core::ballot::BallotForm;
use panelis_core::lang::Lang;
use panelis_core::paths::AppDirs;
use panelis_lan::station::{LinkState, SendStatus, Station, StationConfig};
use panelis_lan::wire::Snapshot;
use panelis_lan::JoinTarget;
use panelis_lan::LanError;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Dir {
    /// The station's folder (default: station/ in the data folder).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

impl Dir {
    fn config(&self, dirs: &AppDirs) -> StationConfig {
        let dir = self.dir.clone().unwrap_or_else(|| dirs.station());
        StationConfig::new(dir, Keystore::of(dirs))
    }
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Join a host with a join code (or the link its QR code carries).
    Join {
        #[command(flatten)]
        dir: Dir,
        /// The join link (panelis://join?...).
        #[arg(long, conflicts_with_all = ["host", "fingerprint", "code"])]
        link: Option<String>,
        /// The host's address, fingerprint and code, typed by hand.
        #[arg(long, value_name = "ADDR", requires_all = ["fingerprint", "code"])]
        host: Option<SocketAddr>,
        /// The pin `panelis host` prints (the fingerprint's first 20 hex digits), or all 64.
        #[arg(long, value_name = "HEX")]
        fingerprint: Option<String>,
        #[arg(long)]
        code: Option<String>,
        /// This laptop's name on the secretariat's screen.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Score an entry: saved here first, then sent to the host. Exit 2 when the host
    /// refuses it, or when this station was revoked (the score stays here).
    Score {
        #[command(flatten)]
        dir: Dir,
        /// The entry's number.
        #[arg(long, value_name = "NO")]
        entry: u32,
        /// One whole number per criterion, in rubric order, separated by commas.
        #[arg(long, value_name = "S,S,...")]
        scores: String,
        /// A note on the whole entry.
        #[arg(long, default_value = "")]
        note: String,
        /// Wait this many seconds for the host's confirmation (0: do not wait).
        #[arg(long, default_value_t = 5)]
        wait: u64,
    },
    /// Where every entry's ballot stands: saved locally, sent, confirmed.
    Status {
        #[command(flatten)]
        dir: Dir,
        #[arg(long)]
        json: bool,
    },
    /// Run the station: keep in touch with the host, send what waits, re-send what a new
    /// host lacks.
    Run {
        #[command(flatten)]
        dir: Dir,
        /// The host moved: its new address.
        #[arg(long, value_name = "ADDR")]
        host: Option<SocketAddr>,
        /// Score each entry (with made-up scores) once its slot has finished on stage.
        #[arg(long)]
        auto_score: bool,
        /// Exit once every entry to score is confirmed by the host.
        #[arg(long)]
        until_done: bool,
        /// Give up after this many seconds (exit 1).
        #[arg(long, default_value_t = 600)]
        timeout: u64,
    },
}

pub fn run(db: &Db, cmd: Command) -> Result<Outcome> {
    let dirs = db.dirs();
    let rt = runtime()?;
    match cmd {
        Command::Join {
            dir,
            link,
            host,
            fingerprint,
            code,
            name,
        } => rt.block_on(async move {
            let target = match (link, host, fingerprint, code) {
                (Some(link), ..) => JoinTarget::parse_link(&link),
                (None, Some(host), Some(pin), Some(code)) => {
                    JoinTarget::from_typed(host, &pin, &code).await
                }
                _ => {
                    return Err(Failure::usage(
                        "--link",
                        "give the join link, or --host, --fingerprint and --code",
                    ))
                }
            }
            .map_err(Failure::from)?;
            let station = Station::join(dir.config(dirs), &target, &name)
                .await
                .map_err(Failure::from)?;
            let joined = station.joined();
            println!(
                "joined {} as {} ({} entries)",
                joined.competition_name,
                joined.panelist_name,
                station.snapshot().map_or(0, |s| s.entries.len())
            );
            station.close().await;
            Ok(Outcome::Ok)
        }),
        Command::Score {
            dir,
            entry,
            scores,
            note,
            wait,
        } => rt.block_on(async move {
            let station = Station::open(dir.config(dirs)).map_err(Failure::from)?;
            let snapshot = station.snapshot().ok_or(LanError::NoCompetitionYet)?;
            let form = form_of(&snapshot, &scores, &note)?;
            let id = entry_id(&snapshot, entry)?;
            let saved = station.submit(id, &form).map_err(Failure::from)?;
            let sent = wait > 0 && station.wait_until_sent(Duration::from_secs(wait)).await;
            let status = station
                .entries()
                .map_err(Failure::from)?
                .into_iter()
                .find(|e| e.entry_id == id)
                .and_then(|e| e.status);
            let revoked = station.link() == LinkState::Revoked;
            station.close().await;
            let _ = sent;
            // A station the secretariat revoked sends nothing: saved here is all it is.
            if revoked && !matches!(status, Some(SendStatus::Confirmed)) {
                return Err(Failure::Told(revoked_words(entry, saved.ballot.revision)));
            }
            // A ballot the host refused for good is not a success.
            if let Some(SendStatus::Rejected { code, message }) = &status {
                return Err(Failure::usage(
                    "ballot",
                    format!(
                        "No {entry} revision {} was refused by the host ({}): {message}",
                        saved.ballot.revision,
                        code.as_str()
                    ),
                ));
            }
            println!(
                "No {entry} revision {}: {}",
                saved.ballot.revision,
                status.as_ref().map_or("saved locally", status_word)
            );
            Ok(Outcome::Ok)
        }),
        Command::Status { dir, json } => {
            let station = rt
                .block_on(async { Station::open(dir.config(dirs)) })
                .map_err(Failure::from)?;
            let entries = station.entries().map_err(Failure::from)?;
            if !json && station.link() == LinkState::Revoked {
                println!("{}", revoked_line());
            }
            if json {
                output::json(&entries)?;
            } else {
                for e in &entries {
                    let state = match (&e.abstain, &e.status) {
                        (Some(_), _) => "abstain".to_string(),
                        (None, Some(s)) => {
                            format!("r{} {}", e.revision.unwrap_or(0), status_word(s))
                        }
                        (None, None) => "not scored".to_string(),
                    };
                    println!("No {}\t{}\t{}", e.no, state, e.title);
                }
            }
            rt.block_on(station.close());
            Ok(Outcome::Ok)
        }
        Command::Run {
            dir,
            host,
            auto_score,
            until_done,
            timeout,
        } => rt.block_on(run_station(
            dir.config(dirs),
            host,
            auto_score,
            until_done,
            timeout,
        )),
    }
}

/// That the secretariat revoked this station: one line, in the user's language.
fn revoked_line() -> &'static str {
    output::lang().pick(
        "dicabut: sekretariat mencabut stasiun ini; nilai tetap di laptop ini dan tidak \
         terkirim sampai stasiun bergabung lagi dengan kode baru (panelis station join)",
        "revoked: the secretariat revoked this station; scores stay on this laptop and are \
         not sent until it joins again with a new code (panelis station join)",
    )
}

/// A ballot saved here that a revoked station cannot send.
fn revoked_words(entry: u32, revision: u32) -> String {
    match output::lang() {
        Lang::Id => format!(
            "No {entry} revisi {revision} tersimpan di laptop ini tetapi tidak terkirim: \
             sekretariat mencabut stasiun ini. Minta kode baru ke sekretariat dan bergabung \
             lagi (panelis station join); nilai ini lalu terkirim."
        ),
        Lang::En => format!(
            "No {entry} revision {revision} is saved on this laptop but was not sent: the \
             secretariat revoked this station. Ask the secretariat for a new code and join \
             again (panelis station join); this score is sent then."
        ),
    }
}

fn status_word(s: &SendStatus) -> &'static str {
    match s {
        SendStatus::SavedLocally => "saved locally",
        SendStatus::Sent => "sent",
        SendStatus::Confirmed => "confirmed",
        SendStatus::Rejected { code, .. } => code.as_str(),
    }
}

fn entry_id(snapshot: &Snapshot, no: u32) -> Result<uuid::Uuid> {
    snapshot
        .entry_no(no)
        .map(|e| e.id)
        .ok_or_else(|| Failure::usage("--entry", format!("there is no entry No {no}")))
}

/// The form from `80,75,...` in rubric order.
fn form_of(snapshot: &Snapshot, scores: &str, note: &str) -> Result<BallotForm> {
    let typed: Vec<&str> = scores.split(',').map(str::trim).collect();
    let criteria = &snapshot.rubric.criteria;
    if typed.len() != criteria.len() {
        return Err(Failure::usage(
            "--scores",
            format!(
                "give {} scores ({}), got {}",
                criteria.len(),
                criteria
                    .iter()
                    .map(|c| c.code.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                typed.len()
            ),
        ));
    }
    let mut form = BallotForm {
        note: note.to_string(),
        ..Default::default()
    };
    for (c, score) in criteria.iter().zip(typed) {
        form.criteria.push(panelis_core::ballot::CriterionInput {
            criterion_id: c.id,
            score: score.to_string(),
            note: String::new(),
        });
    }
    Ok(form)
}

/// Made-up but steady scores for an entry: the same station scores the same entry the same.
fn made_up(snapshot: &Snapshot, entry_no: u32) -> BallotForm {
    let seed =
        snapshot.panelist.id.as_u128() as u64 ^ u64::from(entry_no).wrapping_mul(0x9E37_79B9);
    let scores: Vec<_> = snapshot
        .rubric
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let span = (c.scale_max - c.scale_min).max(0) as u64 + 1;
            let mix = seed.rotate_left(i as u32 * 7) % span.min(31);
            (c.id, c.scale_max - mix as i32)
        })
        .collect();
    BallotForm::with_scores(&scores)
}

async fn run_station(
    config: StationConfig,
    host: Option<SocketAddr>,
    auto_score: bool,
    until_done: bool,
    timeout: u64,
) -> Result<Outcome> {
    let station = Station::open(config).map_err(Failure::from)?;
    if let Some(addr) = host {
        station.set_host(addr).map_err(Failure::from)?;
    }
    let joined = station.joined();
    println!(
        "station of {} for {}",
        joined.panelist_name, joined.competition_name
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    let mut live = station.watch_live();
    let mut events = station.subscribe();
    let stop = super::lan::stop_signal();
    tokio::pin!(stop);
    let outcome = loop {
        if auto_score {
            score_presented(&station);
        }
        if station.link() == LinkState::Revoked {
            station.close().await;
            return Err(Failure::Told(revoked_line().to_string()));
        }
        if until_done && done(&station) {
            println!("done: every entry confirmed");
            break Outcome::Ok;
        }
        tokio::select! {
            _ = live.changed() => {}
            event = events.recv() => {
                if let Ok(panelis_lan::station::StationEvent::Ballot { entry_id, revision, status, .. }) = event {
                    let no = station.snapshot().and_then(|s| s.entry(entry_id).map(|e| e.no)).unwrap_or(0);
                    println!("No {no} r{revision}: {}", status_word(&status));
                }
            }
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
            _ = tokio::time::sleep_until(deadline) => {
                eprintln!("panelis station: not done after {timeout} s");
                break Outcome::CheckFailed;
            }
            _ = &mut stop => break Outcome::Ok,
        }
    };
    station.close().await;
    Ok(outcome)
}

/// Scores every entry whose slot has finished and that this station has not scored yet.
fn score_presented(station: &Station) {
    let (Some(snapshot), Ok(entries)) = (station.snapshot(), station.entries()) else {
        return;
    };
    for e in entries {
        if e.presented && e.to_score && e.status.is_none() {
            match station.submit(e.entry_id, &made_up(&snapshot, e.no)) {
                Ok(saved) => println!("scored No {} r{}", e.no, saved.ballot.revision),
                Err(err) => eprintln!("panelis station: No {}: {err}", e.no),
            }
        }
    }
}

/// Every entry to score has its latest revision confirmed by the host.
fn done(station: &Station) -> bool {
    let Ok(entries) = station.entries() else {
        return false;
    };
    !entries.is_empty()
        && entries
            .iter()
            .filter(|e| e.to_score)
            .all(|e| e.status == Some(SendStatus::Confirmed))
}
