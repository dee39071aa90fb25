//! `panelis host` and `panelis loadtest`: the venue LAN without a window. `host` runs the
//! same server the app starts (panelis-lan) on the competition file and prints what the
//! secretariat hands out: address, certificate fingerprint, a join code and link per
//! panelist; it takes a few commands on standard input (`codes`, `code N`, `revoke N`,
//! `progress`) and logs events on standard error, until Ctrl-C or SIGTERM.
//!
//! With `--loadtest-token` it also prints a load-test token: `panelis loadtest` uses it to
//! make throwaway test panelists in a scratch copy of the competition (never in the file
//! itself), send ballots like real stations, and remove them afterwards.

use super::{Db, Outcome};
use crate::failure::{Failure, Result};
use crate::output;

use panelis_lan::host::{Host, HostConfig, HostEvent, JoinInvite};
use panelis_lan::loadgen::{self, LoadOptions};
use panelis_lan::{Fingerprint, LanError};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;
use uuid::Uuid;

/// The runtime the LAN commands run on: two worker threads are plenty.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| LanError::Internal(format!("cannot start the network runtime: {e}")).into())
}

#[derive(clap::Args)]
pub struct HostArgs {
    /// Where to listen, e.g. 0.0.0.0:7443 (every network) or 127.0.0.1:0 (this machine
    /// only, any free port).
    #[arg(long, value_name = "ADDR")]
    bind: SocketAddr,
    /// The host's identity folder (certificate, joined stations, log); default:
    /// lan/<competition id>/ in the data folder.
    #[arg(long, value_name = "DIR")]
    identity: Option<PathBuf>,
    /// The address to put in join codes (default: the bind address, or this machine's
    /// LAN address when binding to 0.0.0.0).
    #[arg(long, value_name = "IP")]
    public_ip: Option<IpAddr>,
    /// Do not advertise the host with mDNS.
    #[arg(long)]
    no_mdns: bool,
    /// Print a load-test token for `panelis loadtest`.
    #[arg(long)]
    loadtest_token: bool,
    /// How long a join code stays valid, in minutes.
    #[arg(long, default_value_t = 15, value_name = "MIN")]
    code_minutes: u64,
    /// Also draw each join link as a QR code in the terminal.
    #[arg(long)]
    qr: bool,
}

fn print_invite(invite: &JoinInvite, qr: bool) {
    println!(
        "join: {} {} {}",
        invite.code,
        invite.target.link(),
        invite.panelist_name
    );
    if qr {
        if let Ok(text) = invite.target.qr_text() {
            println!("{text}");
        }
    }
}

/// One line on standard error for an event worth seeing; `names` has the panel's names.
fn event_line(event: &HostEvent, names: &HashMap<Uuid, String>) -> Option<String> {
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    Some(match event {
        HostEvent::StationJoined {
            panelist_name,
            station_name,
            ..
        } => format!("joined: {panelist_name} ({station_name})"),
        HostEvent::StationConnected { panelist_id } => format!("connected: {}", name(panelist_id)),
        HostEvent::StationDisconnected { panelist_id } => {
            format!("disconnected: {}", name(panelist_id))
        }
        HostEvent::StationRevoked { panelist_id } => format!("revoked: {}", name(panelist_id)),
        HostEvent::BallotStored {
            panelist_id,
            entry_id,
            revision,
        } => format!("ballot: {} {entry_id} r{revision}", name(panelist_id)),
        HostEvent::Rejected {
            code,
            message,
            path,
            peer,
            ..
        } => format!(
            "rejected {} from {} ({path}): {}",
            code.as_str(),
            peer.as_deref().unwrap_or("?"),
            output::one_line(message)
        ),
        HostEvent::ConnectionRefused { code, peer, reason } => {
            format!("connection refused {} from {peer}: {reason}", code.code())
        }
        HostEvent::BallotRepeated { .. } | HostEvent::LiveChanged { .. } => return None,
    })
}

/// Standard input, line by line, on a thread of its own (it blocks).
fn stdin_lines() -> tokio::sync::mpsc::UnboundedReceiver<String> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The panelist a stdin command names: by position in the panel (1-based) or by name.
/// Only looks them up: the codes already handed out to the others stay valid.
async fn named(host: &Host, which: &str) -> Option<(uuid::Uuid, String)> {
    let panel = host.panel().await.ok()?;
    let which = which.trim();
    match which.parse::<usize>() {
        Ok(n) => panel.into_iter().nth(n.checked_sub(1)?),
        Err(_) => panel
            .into_iter()
            .find(|(_, name)| name.to_lowercase().contains(&which.to_lowercase())),
    }
}

async fn command(host: &Host, line: &str, qr: bool) {
    let (verb, rest) = line.trim().split_once(' ').unwrap_or((line.trim(), ""));
    match verb {
        "" => {}
        "codes" => match host.invite_all().await {
            Ok(all) => all.iter().for_each(|i| print_invite(i, qr)),
            Err(e) => eprintln!("panelis host: {e}"),
        },
        "code" => match named(host, rest).await {
            Some((id, _)) => match host.invite(id).await {
                Ok(invite) => print_invite(&invite, qr),
                Err(e) => eprintln!("panelis host: {e}"),
            },
            None => eprintln!("panelis host: no panelist {rest:?}"),
        },
        "revoke" => match named(host, rest).await {
            Some((id, name)) => match host.revoke(id) {
                Ok(true) => println!("revoked: {name} (their join code no longer works)"),
                Ok(false) => {
                    println!("no station to revoke for {name}; their join code no longer works")
                }
                Err(e) => eprintln!("panelis host: {e}"),
            },
            None => eprintln!("panelis host: no panelist {rest:?}"),
        },
        "progress" => match host.progress().await {
            Ok(m) => {
                for row in &m.rows {
                    let station = match &row.station {
                        Some(s) if s.revoked => "revoked".to_string(),
                        Some(s) if s.connected => format!("online ({})", s.station_name),
                        Some(s) => format!("offline ({})", s.station_name),
                        None => "no station".to_string(),
                    };
                    println!(
                        "progress: {} {}/{} {station}",
                        row.name, row.submitted, row.to_score
                    );
                }
            }
            Err(e) => eprintln!("panelis host: {e}"),
        },
        other => {
            eprintln!("panelis host: unknown command {other:?} (codes, code N, revoke N, progress)")
        }
    }
}

pub fn host(db: &Db, args: HostArgs) -> Result<Outcome> {
    let store = db.open()?;
    let competition = store.competition()?;
    let path = store.path().to_owned();
    drop(store);
    let mut config = HostConfig::new(
        path,
        args.identity
            .unwrap_or_else(|| db.dirs().lan(competition.id)),
        args.bind,
    );
    config.public_ip = args.public_ip;
    config.advertise = !args.no_mdns;
    config.loadtest = args.loadtest_token;
    config.limits.join_code_ttl = Duration::from_secs(args.code_minutes.max(1) * 60);
    runtime()?.block_on(async move {
        let host = Host::start(config).await.map_err(Failure::from)?;
        let mut events = host.subscribe();
        println!("Panelis host: {}", competition.name);
        println!("address: {}", host.local_addr());
        println!("join address: {}", host.public_addr());
        println!("fingerprint: {}", host.fingerprint());
        println!("pin: {}", host.fingerprint().pin());
        println!(
            "mdns: {}",
            if host.advertised() {
                "advertised"
            } else {
                "off"
            }
        );
        println!(
            "join codes: single use, valid {} min (type `codes` for new ones)",
            args.code_minutes.max(1)
        );
        let invites = host.invite_all().await.map_err(Failure::from)?;
        let names: HashMap<Uuid, String> = invites
            .iter()
            .map(|i| (i.panelist_id, i.panelist_name.clone()))
            .collect();
        for invite in &invites {
            print_invite(invite, args.qr);
        }
        if let Some(token) = host.loadtest_token() {
            println!("loadtest-token: {token}");
        }
        println!("ready");
        let mut lines = stdin_lines();
        let mut stdin_open = true;
        let stop = stop_signal();
        tokio::pin!(stop);
        loop {
            tokio::select! {
                _ = &mut stop => break,
                event = events.recv() => match event {
                    Ok(e) => if let Some(line) = event_line(&e, &names) {
                        eprintln!("panelis host: {line}");
                    },
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                        eprintln!("panelis host: ({n} events not shown)");
                    }
                    Err(_) => break,
                },
                line = lines.recv(), if stdin_open => match line {
                    Some(line) => command(&host, &line, args.qr).await,
                    None => stdin_open = false,
                },
            }
        }
        println!("stopping");
        host.stop().await;
        Ok(Outcome::Ok)
    })
}

/// Resolves on Ctrl-C or SIGTERM.
pub(crate) async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[derive(clap::Args)]
pub struct LoadtestArgs {
    /// The host's address, as `panelis host` printed it.
    #[arg(long, value_name = "ADDR")]
    host: SocketAddr,
    /// The host's certificate fingerprint, as `panelis host` printed it.
    #[arg(long, value_name = "HEX")]
    fingerprint: String,
    /// The load-test token `panelis host --loadtest-token` printed (default:
    /// $PANELIS_LOADTEST_TOKEN).
    #[arg(long, value_name = "T")]
    token: Option<String>,
    /// Simulated stations, each on its own connection.
    #[arg(long, default_value_t = 10)]
    stations: usize,
    /// Ballots each station sends.
    #[arg(long, default_value_t = 20)]
    ballots: usize,
    /// Give up after this many seconds (what is unconfirmed by then counts as lost).
    #[arg(long, default_value_t = 120)]
    timeout: u64,
    #[arg(long)]
    json: bool,
}

pub fn loadtest(args: LoadtestArgs) -> Result<Outcome> {
    let token = args
        .token
        .or_else(|| std::env::var("PANELIS_LOADTEST_TOKEN").ok())
        .ok_or_else(|| {
            Failure::usage(
                "--token",
                "give the load-test token printed by `panelis host --loadtest-token`",
            )
        })?;
    if !(1..=2000).contains(&args.stations) || !(1..=100_000).contains(&args.ballots) {
        return Err(Failure::usage(
            "--stations/--ballots",
            "1 to 2000 stations, 1 to 100000 ballots each",
        ));
    }
    let options = LoadOptions {
        addr: args.host,
        fingerprint: Fingerprint::parse(&args.fingerprint).map_err(Failure::from)?,
        token,
        stations: args.stations,
        ballots: args.ballots,
        timeout: Duration::from_secs(args.timeout.max(1)),
    };
    let report = runtime()?
        .block_on(loadgen::run(&options))
        .map_err(Failure::from)?;
    if args.json {
        output::json(&report)?;
    } else {
        println!("stations: {}", report.stations);
        println!("ballots sent: {}", report.sent);
        println!("confirmed: {}", report.confirmed);
        println!("lost: {}", report.lost);
        println!("refused: {}", report.refused);
        println!("retries: {}", report.retries);
        println!(
            "throughput: {:.0} ballots/s over {:.1} s",
            report.throughput,
            report.elapsed_ms / 1000.0
        );
        println!(
            "round trip: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            report.p50_ms, report.p99_ms, report.max_ms
        );
    }
    Ok(if report.lost == 0 && report.refused == 0 {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use panelis_lan::host::ConnectionRefusal;

    #[test]
    fn a_dropped_connection_prints_its_code_and_peer() {
        let event = HostEvent::ConnectionRefused {
            code: ConnectionRefusal::HeadersTooSlow,
            peer: "192.168.1.23:50123".into(),
            reason: "request headers not complete within 10000 ms".into(),
        };
        assert_eq!(
            event_line(&event, &HashMap::new()).as_deref(),
            Some(
                "connection refused headers_too_slow from 192.168.1.23:50123: request headers \
                 not complete within 10000 ms"
            )
        );
    }
}
