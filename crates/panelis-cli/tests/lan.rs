//! Venue rehearsals with real processes on loopback only: `panelis host` and several
//! `panelis station run` processes, a short schedule driven with `panelis timer`, every
//! station scoring every entry it may. Then the same with faults: the host killed and
//! restarted mid-session, a station whose connection is cut again and again, a station
//! killed and restarted, a ballot scored while the host is down. Each run ends with every
//! ballot a station saw acknowledged present exactly once on the host. And what a station
//! says when refused (finalized, revoked), and its receipts as the anchor that catches a
//! host's audit log cut back (`panelis audit verify --against station.sqlite`).

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

mod common;

use chrono::NaiveDate;
use common::Sandbox;
use panelis_core::model::{NewCompetition, NewEntry, Phase, PhasePlan};
use panelis_core::schedule::{DayPlan, ScheduleOrder};
use panelis_core::Store;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

const ENTRIES: u32 = 4;

/// A competition of `panelists` panelists and four entries, one room, phases of a second;
/// the last panelist abstains on entry No 1.
fn venue(s: &Sandbox, panelists: usize) -> PathBuf {
    let db = s.path("venue.panelis");
    let mut store = Store::create(
        &db,
        &NewCompetition {
            name: "Gladi LAN".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let entries: Vec<NewEntry> = (1..=ENTRIES)
        .map(|no| NewEntry {
            no,
            title: format!("Inovasi {no}"),
            ..Default::default()
        })
        .collect();
    store.add_entries(&entries).unwrap();
    let mut last = None;
    for i in 1..=panelists {
        last = Some(
            store
                .add_panelist(&format!("Panelis {i}"), "", i == 1)
                .unwrap(),
        );
    }
    let first_entry = store.entries().unwrap()[0].id;
    store
        .add_conflict(last.unwrap().id, first_entry, "satu daerah")
        .unwrap();
    let phase = |code: &str| Phase {
        code: code.into(),
        label_id: code.into(),
        label_en: code.into(),
        seconds: 1,
    };
    store
        .set_phase_plan(&PhasePlan {
            phases: vec![phase("presentasi"), phase("tanya_jawab")],
            changeover_seconds: 0,
            warning_seconds: 0,
        })
        .unwrap();
    let room = store.add_room("Ruang 1").unwrap();
    store
        .generate_schedule(
            &[room.id],
            &ScheduleOrder::No,
            &DayPlan::typical(NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(), 480),
        )
        .unwrap();
    db
}

fn panelis() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_panelis"));
    c.env("PANELIS_LANG", "en").env_remove("PANELIS_DB");
    c
}

/// Children killed when the test ends, whatever happens.
#[derive(Default)]
struct Reaper(Mutex<Vec<Child>>);

impl Reaper {
    fn keep(&self, child: Child) -> u32 {
        let id = child.id();
        self.0.lock().unwrap().push(child);
        id
    }

    /// Waits for the child `id` to exit, at most `limit`; its exit code.
    fn wait(&self, id: u32, limit: Duration) -> Option<i32> {
        let deadline = Instant::now() + limit;
        loop {
            {
                let mut children = self.0.lock().unwrap();
                let child = children.iter_mut().find(|c| c.id() == id)?;
                if let Ok(Some(status)) = child.try_wait() {
                    return Some(status.code().unwrap_or(-1));
                }
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn kill(&self, id: u32) {
        let mut children = self.0.lock().unwrap();
        if let Some(child) = children.iter_mut().find(|c| c.id() == id) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Reaper {
    fn drop(&mut self) {
        for child in self.0.lock().unwrap().iter_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A running `panelis host`: its printed address, pin and join links.
struct HostRun {
    pid: u32,
    addr: SocketAddr,
    /// What a panelist types to join by address: the fingerprint's first 20 digits.
    pin: String,
    /// Panelist name -> join link.
    links: Vec<(String, String)>,
}

fn start_host(s: &Sandbox, reaper: &Reaper, db: &Path, bind: &str) -> HostRun {
    start_host_with(s, reaper, db, bind, false).0
}

/// [`start_host`], keeping its standard input (for `code N`, `revoke N`) and the lines it
/// prints after `ready` when `stdin` is true.
fn start_host_with(
    s: &Sandbox,
    reaper: &Reaper,
    db: &Path,
    bind: &str,
    stdin: bool,
) -> (
    HostRun,
    Option<std::process::ChildStdin>,
    mpsc::Receiver<String>,
) {
    start_host_by(s, reaper, db, bind, stdin, panelis())
}

/// [`start_host_with`] run by `command` (the `panelis` binary, perhaps under another user).
fn start_host_by(
    s: &Sandbox,
    reaper: &Reaper,
    db: &Path,
    bind: &str,
    stdin: bool,
    mut command: Command,
) -> (
    HostRun,
    Option<std::process::ChildStdin>,
    mpsc::Receiver<String>,
) {
    let mut child = command
        .env("PANELIS_DATA_DIR", s.path("host-data"))
        .arg("--db")
        .arg(db)
        .args(["host", "--bind", bind, "--no-mdns", "--identity"])
        .arg(s.path("host-identity"))
        .stdin(if stdin { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let input = child.stdin.take();
    let stdout = child.stdout.take().unwrap();
    let pid = reaper.keep(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                // Keep draining so the host never blocks on a full pipe.
                continue;
            }
        }
    });
    let (mut addr, mut fingerprint, mut pin, mut links) =
        (None, None::<String>, None::<String>, Vec::new());
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the host prints `ready`");
        if let Some(a) = line.strip_prefix("address: ") {
            addr = Some(a.parse().unwrap());
        } else if let Some(f) = line.strip_prefix("fingerprint: ") {
            fingerprint = Some(f.to_string());
        } else if let Some(p) = line.strip_prefix("pin: ") {
            pin = Some(p.to_string());
        } else if let Some(j) = line.strip_prefix("join: ") {
            let mut parts = j.splitn(3, ' ');
            let (_code, link, name) = (parts.next(), parts.next(), parts.next());
            links.push((name.unwrap().to_string(), link.unwrap().to_string()));
        } else if line == "ready" {
            break;
        }
    }
    let fingerprint = fingerprint.unwrap();
    assert!(links.iter().all(|(_, l)| l.contains(&fingerprint)));
    // The pin: five groups of four hex digits, the fingerprint's first twenty.
    let pin = pin.expect("the host prints `pin: `");
    let groups: Vec<&str> = pin.split(' ').collect();
    assert_eq!(groups.len(), 5, "{pin}");
    assert!(groups.iter().all(|g| g.len() == 4), "{pin}");
    assert!(fingerprint.starts_with(&pin.replace(' ', "")), "{pin}");
    (
        HostRun {
            pid,
            addr: addr.unwrap(),
            pin,
            links,
        },
        input,
        rx,
    )
}

/// A station's folder and data folder (its own keys, as on its own laptop).
fn station_dirs(s: &Sandbox, name: &str) -> (PathBuf, PathBuf) {
    (
        s.path(&format!("{name}/station")),
        s.path(&format!("{name}/data")),
    )
}

fn join_station(s: &Sandbox, name: &str, link: &str) {
    let (dir, data) = station_dirs(s, name);
    let out = panelis()
        .env("PANELIS_DATA_DIR", &data)
        .args(["station", "join", "--dir"])
        .arg(&dir)
        .args(["--link", link, "--name", name])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "join {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Joins by typing, as from the host's screen: its address, its pin and the code (taken
/// from the join link).
fn join_station_typed(s: &Sandbox, name: &str, host: &HostRun, link: &str) {
    let (dir, data) = station_dirs(s, name);
    let code = link.rsplit("code=").next().unwrap();
    let out = panelis()
        .env("PANELIS_DATA_DIR", &data)
        .args(["station", "join", "--dir"])
        .arg(&dir)
        .args(["--host", &host.addr.to_string(), "--fingerprint", &host.pin])
        .args(["--code", code, "--name", name])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "join {name} by typing: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run_station(s: &Sandbox, reaper: &Reaper, name: &str, host: Option<SocketAddr>) -> u32 {
    let (dir, data) = station_dirs(s, name);
    let mut c = panelis();
    c.env("PANELIS_DATA_DIR", &data)
        .args([
            "station",
            "run",
            "--auto-score",
            "--until-done",
            "--timeout",
            "60",
            "--dir",
        ])
        .arg(&dir);
    if let Some(h) = host {
        c.args(["--host", &h.to_string()]);
    }
    let log = std::fs::File::create(s.path(&format!("{name}.log"))).unwrap();
    let child = c
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    reaper.keep(child)
}

fn timer(db: &Path, s: &Sandbox, args: &[&str]) {
    let out = panelis()
        .env("PANELIS_DATA_DIR", s.path("host-data"))
        .arg("--db")
        .arg(db)
        .arg("timer")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "timer {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs entry `no`'s slot on stage: start, next phase, finish.
fn present(db: &Path, s: &Sandbox, no: u32, phase: Duration) {
    let slot = no.to_string();
    timer(db, s, &["start", "--slot", &slot]);
    std::thread::sleep(phase);
    timer(db, s, &["next", "--slot", &slot]);
    std::thread::sleep(phase);
    timer(db, s, &["finish", "--slot", &slot]);
}

/// Every ballot the station's file shows as confirmed: (ballot id, entry id, revision).
fn confirmed(s: &Sandbox, name: &str) -> Vec<(String, String, u32)> {
    let (dir, _) = station_dirs(s, name);
    let conn = rusqlite::Connection::open(dir.join("station.sqlite")).unwrap();
    let mut stmt = conn
        .prepare("SELECT ballot_id, entry_id, revision FROM outbox WHERE status = 'confirmed'")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Checks the host's file: every confirmed ballot of every station is there exactly once,
/// and every panelist x entry they may score has exactly one submitted revision.
fn assert_complete(s: &Sandbox, db: &Path, stations: &[&str], panelists: usize) {
    let conn = rusqlite::Connection::open(db).unwrap();
    for name in stations {
        let acked = confirmed(s, name);
        assert!(!acked.is_empty(), "{name} has confirmed ballots");
        for (id, _, _) in &acked {
            let n: i64 = conn
                .query_row(
                    "SELECT COUNT(*) FROM ballots WHERE id = ?1 AND status = 'submitted'",
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "ballot {id} of {name} on the host exactly once");
        }
    }
    let store = Store::open(db).unwrap();
    let panel = store.panelists().unwrap();
    let conflicts = store.conflicts().unwrap();
    let mut expected = 0;
    for p in panel.iter().take(panelists) {
        for e in store.entries().unwrap() {
            let revisions = store.ballot_revisions(p.id, e.id).unwrap();
            if conflicts
                .iter()
                .any(|c| c.panelist_id == p.id && c.entry_id == e.id)
            {
                assert!(revisions.is_empty(), "{} abstains on No {}", p.name, e.no);
            } else {
                assert_eq!(
                    revisions.len(),
                    1,
                    "{} on No {}: {revisions:?}",
                    p.name,
                    e.no
                );
                expected += 1;
            }
        }
    }
    assert_eq!(store.counted_ballots().unwrap().len(), expected);
    assert!(store.rejected_ballots().unwrap().is_empty());
}

fn station_log(s: &Sandbox, name: &str) -> String {
    std::fs::read_to_string(s.path(&format!("{name}.log"))).unwrap_or_default()
}

fn kill_term(pid: u32) {
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
}

#[test]
fn rehearsal_host_and_four_station_processes_every_ballot_arrives() {
    let s = Sandbox::new();
    let reaper = Reaper::default();
    let db = venue(&s, 4);
    let host = start_host(&s, &reaper, &db, "127.0.0.1:0");
    let names = ["s1", "s2", "s3", "s4"];
    let mut pids = Vec::new();
    for (name, (_, link)) in names.iter().zip(&host.links) {
        if *name == "s4" {
            join_station_typed(&s, name, &host, link);
        } else {
            join_station(&s, name, link);
        }
        pids.push(run_station(&s, &reaper, name, None));
    }
    for no in 1..=ENTRIES {
        present(&db, &s, no, Duration::from_millis(500));
    }
    for (name, pid) in names.iter().zip(pids) {
        let code = reaper.wait(pid, Duration::from_secs(45));
        assert_eq!(code, Some(0), "{name}:\n{}", station_log(&s, name));
    }
    kill_term(host.pid);
    assert_eq!(reaper.wait(host.pid, Duration::from_secs(10)), Some(0));
    assert_complete(&s, &db, &names, 4);
    let log = station_log(&s, "s4");
    assert!(log.contains("done: every entry confirmed"), "{log}");
    assert!(!log.contains("scored No 1 "), "s4 abstains on No 1: {log}");
}

/// A TCP relay on loopback that cuts every connection through it every `every`.
struct Cutter {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    cuts: Arc<Mutex<u32>>,
}

impl Cutter {
    fn start(upstream: SocketAddr, every: Duration) -> Cutter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let cuts = Arc::new(Mutex::new(0));
        let live: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        {
            let (stop, live) = (stop.clone(), live.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let Ok((client, _)) = listener.accept() else {
                        std::thread::sleep(Duration::from_millis(10));
                        continue;
                    };
                    let _ = client.set_nonblocking(false);
                    let Ok(server) = TcpStream::connect(upstream) else {
                        continue;
                    };
                    for (from, to) in [(&client, &server), (&server, &client)] {
                        let (mut from, mut to) =
                            (from.try_clone().unwrap(), to.try_clone().unwrap());
                        std::thread::spawn(move || {
                            let mut buf = [0u8; 16 * 1024];
                            while let Ok(n) = from.read(&mut buf) {
                                if n == 0 || to.write_all(&buf[..n]).is_err() {
                                    break;
                                }
                            }
                            let _ = to.shutdown(Shutdown::Both);
                            let _ = from.shutdown(Shutdown::Both);
                        });
                    }
                    live.lock().unwrap().extend([client, server]);
                }
            });
        }
        {
            let (stop, cuts) = (stop.clone(), cuts.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(every);
                    for s in live.lock().unwrap().drain(..) {
                        let _ = s.shutdown(Shutdown::Both);
                    }
                    *cuts.lock().unwrap() += 1;
                }
            });
        }
        Cutter { addr, stop, cuts }
    }
}

impl Drop for Cutter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

#[test]
fn faults_host_killed_and_restarted_connections_cut_station_restarted_nothing_lost_or_doubled() {
    let s = Sandbox::new();
    let reaper = Reaper::default();
    let db = venue(&s, 3);
    let host = start_host(&s, &reaper, &db, "127.0.0.1:0");
    // Panelis 1 is restarted, 2 is cut off again and again, 3 (abstaining on No 1) steady.
    let names = ["restarted", "cut", "steady"];
    for (name, (_, link)) in names.iter().zip(&host.links) {
        join_station(&s, name, link);
    }
    let cutter = Cutter::start(host.addr, Duration::from_millis(350));
    let restarted = run_station(&s, &reaper, "restarted", None);
    let cut = run_station(&s, &reaper, "cut", Some(cutter.addr));
    let steady = run_station(&s, &reaper, "steady", None);
    let phase = Duration::from_millis(400);

    present(&db, &s, 1, phase);
    std::thread::sleep(Duration::from_millis(300));
    // A station dies just as it scores No 2, and comes back.
    present(&db, &s, 2, phase);
    std::thread::sleep(Duration::from_millis(30));
    reaper.kill(restarted);
    std::thread::sleep(Duration::from_millis(300));
    let restarted = run_station(&s, &reaper, "restarted", None);

    // The host dies just as the stations send No 3; the session goes on without it, and
    // one panelist scores No 4 by hand meanwhile.
    present(&db, &s, 3, phase);
    std::thread::sleep(Duration::from_millis(40));
    reaper.kill(host.pid);
    let (dir, data) = station_dirs(&s, "steady");
    let out = panelis()
        .env("PANELIS_DATA_DIR", &data)
        .args(["station", "score", "--wait", "1", "--dir"])
        .arg(&dir)
        .args(["--entry", "4", "--scores", "80,80,80,80,80,80,80"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("saved locally") || said.contains("sent"),
        "{said}"
    );
    std::thread::sleep(Duration::from_millis(700));
    let host = start_host(&s, &reaper, &db, &host.addr.to_string());
    present(&db, &s, 4, phase);

    for (name, pid) in [("steady", steady), ("cut", cut), ("restarted", restarted)] {
        let code = reaper.wait(pid, Duration::from_secs(45));
        assert_eq!(code, Some(0), "{name}:\n{}", station_log(&s, name));
    }
    assert!(
        *cutter.cuts.lock().unwrap() >= 5,
        "the connection was cut repeatedly"
    );
    if std::env::var_os("PANELIS_TEST_VERBOSE").is_some() {
        for name in names {
            eprintln!("--- {name}\n{}", station_log(&s, name));
        }
    }
    kill_term(host.pid);
    assert_eq!(reaper.wait(host.pid, Duration::from_secs(10)), Some(0));
    assert_complete(&s, &db, &names, 3);
}

#[test]
fn a_new_code_or_a_revoke_for_one_panelist_leaves_the_others_codes_valid() {
    let s = Sandbox::new();
    let reaper = Reaper::default();
    let db = venue(&s, 3);
    let (host, stdin, rx) = start_host_with(&s, &reaper, &db, "127.0.0.1:0", true);
    let mut stdin = stdin.unwrap();
    // A new code for panelist 2 is printed, and only panelist 2's code changes.
    writeln!(stdin, "code 2").unwrap();
    let line = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    let (name2, old2) = &host.links[1];
    assert!(
        line.starts_with("join: ") && line.ends_with(name2.as_str()),
        "{line}"
    );
    let new2 = line
        .splitn(3, ' ')
        .nth(2)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(&new2, old2, "a fresh code");
    // Revoking panelist 3 (no station yet) withdraws 3's code and no one else's.
    writeln!(stdin, "revoke 3").unwrap();
    let line = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(
        line.starts_with("no station to revoke for") && line.ends_with("no longer works"),
        "{line}"
    );
    // Panelist 1's code from the start still joins, and panelist 2's new one.
    join_station(&s, "one", &host.links[0].1);
    join_station(&s, "two", &new2);
    let (dir, data) = station_dirs(&s, "three");
    let out = panelis()
        .env("PANELIS_DATA_DIR", &data)
        .args(["station", "join", "--dir"])
        .arg(&dir)
        .args(["--link", &host.links[2].1, "--name", "three"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "the revoked panelist's code is withdrawn"
    );
    drop(stdin);
}

#[test]
fn a_station_ballot_the_host_refuses_as_finalized_exits_2_with_the_reason() {
    let s = Sandbox::new();
    let reaper = Reaper::default();
    let db = venue(&s, 2);
    let host = start_host(&s, &reaper, &db, "127.0.0.1:0");
    join_station(&s, "one", &host.links[0].1);
    let out = panelis()
        .env("PANELIS_DATA_DIR", s.path("host-data"))
        .arg("--db")
        .arg(&db)
        .args([
            "finalize",
            "--chair",
            "Panelis 1",
            "--secretariat",
            "Sekretariat",
        ])
        .args(["--entries", "1", "--quorum-override", "Uji"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (dir, data) = station_dirs(&s, "one");
    let out = panelis()
        .env("PANELIS_DATA_DIR", &data)
        .args(["station", "score", "--dir"])
        .arg(&dir)
        .args([
            "--entry",
            "1",
            "--scores",
            "80,80,80,80,80,80,80",
            "--wait",
            "20",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}{err}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(err.contains("refused by the host (finalized)"), "{err}");
}

/// `station score` for entry `no` with the station `name`; waits up to `wait` s.
fn score(s: &Sandbox, name: &str, no: u32, wait: u32, lang: &str) -> std::process::Output {
    let (dir, data) = station_dirs(s, name);
    panelis()
        .env("PANELIS_DATA_DIR", &data)
        .env("PANELIS_LANG", lang)
        .args(["station", "score", "--dir"])
        .arg(&dir)
        .args([
            "--entry",
            &no.to_string(),
            "--scores",
            "80,80,80,80,80,80,80",
        ])
        .args(["--wait", &wait.to_string()])
        .output()
        .unwrap()
}

#[test]
fn a_revoked_station_says_it_was_revoked_not_saved_locally_and_exits_2() {
    let s = Sandbox::new();
    let reaper = Reaper::default();
    let db = venue(&s, 2);
    let (host, stdin, rx) = start_host_with(&s, &reaper, &db, "127.0.0.1:0", true);
    let mut stdin = stdin.unwrap();
    join_station(&s, "one", &host.links[0].1);
    let out = score(&s, "one", 1, 20, "en");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("confirmed"));

    writeln!(stdin, "revoke 1").unwrap();
    let line = rx.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(line.starts_with("revoked: "), "{line}");

    // The next score is saved here, and the command says why it went no further, at once
    // rather than after its 20 s wait.
    let started = std::time::Instant::now();
    let out = score(&s, "one", 2, 20, "en");
    let (stdout, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(2), "{stdout}{err}");
    assert!(
        err.contains("No 2 revision 1 is saved on this laptop but was not sent")
            && err.contains("revoked this station"),
        "{err}"
    );
    assert!(!stdout.contains("saved locally"), "{stdout}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    // In Indonesian, and without reaching the host at all: the station remembers.
    reaper.kill(host.pid);
    let out = score(&s, "one", 2, 5, "id");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("tersimpan di laptop ini tetapi tidak terkirim")
            && err.contains("sekretariat mencabut stasiun ini"),
        "{err}"
    );
    let (dir, data) = station_dirs(&s, "one");
    let out = panelis()
        .env("PANELIS_DATA_DIR", &data)
        .env("PANELIS_LANG", "en")
        .args(["station", "status", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("revoked: the secretariat revoked this station"),
        "{stdout}"
    );
    assert!(stdout.contains("r1 saved locally"), "{stdout}");
    drop(stdin);
}

#[test]
fn a_stations_receipts_catch_a_log_cut_back_that_the_file_alone_calls_intact() {
    let s = Sandbox::new();
    let reaper = Reaper::default();
    let db = venue(&s, 2);
    let host = start_host(&s, &reaper, &db, "127.0.0.1:0");
    join_station(&s, "one", &host.links[0].1);
    for no in 1..=3 {
        let out = score(&s, "one", no, 20, "en");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("confirmed"));
    }
    reaper.kill(host.pid);
    let station_file = station_dirs(&s, "one").0.join("station.sqlite");
    let (_, receipts) = panelis_lan::station::receipts_of(&station_file)
        .unwrap()
        .expect("a station file");
    assert_eq!(receipts.len(), 3, "one receipt per confirmed ballot");
    let against = [
        "audit",
        "verify",
        "--against",
        station_file.to_str().unwrap(),
    ];
    let run = common::ok(&s.run_db(&db, &against)).stdout.clone();
    assert!(run.contains("each of the 3 anchors"), "{run}");

    // As someone with the file and sqlite3 would: guards dropped, the ballots of No 2 and
    // No 3 deleted with every event from the first one's on, the head moved back.
    let keep = receipts[0].count;
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        common::drop_guards(&conn);
        let gone = conn
            .execute(
                "DELETE FROM ballots WHERE entry_id IN (SELECT id FROM entries WHERE no IN (2, 3))",
                [],
            )
            .unwrap();
        assert_eq!(gone, 2);
        conn.execute_batch(&format!(
            "DELETE FROM audit_log WHERE seq > {keep};
             UPDATE audit_head SET count = {keep},
               hash = (SELECT hash FROM audit_log WHERE seq = {keep});"
        ))
        .unwrap();
    }

    // The file alone reads intact ...
    let alone = s.run_db(&db, &["audit", "verify"]);
    assert_eq!(alone.code, 0, "{}{}", alone.stdout, alone.stderr);
    assert!(
        alone.stdout.contains("audit log intact"),
        "{}",
        alone.stdout
    );
    // ... the station's receipts name the cut: both heads past the new end of the log.
    let run = s.run_db(&db, &against);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for receipt in &receipts[1..] {
        let needle = format!(
            "a receipt in {} (event {n}) recorded event {n}, and the log ends at event {keep}: \
             events were cut off",
            station_file.display(),
            n = receipt.count
        );
        assert!(run.stdout.contains(&needle), "{needle}\n{}", run.stdout);
    }
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
}

/// The user the host runs as in [`a_hosted_files_folder_made_unwritable_or_unreadable_mid_run`]:
/// tests run as root, whom mode bits do not stop; `nobody` they stop.
const NOBODY: u32 = 65534;

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Where each entry's ballot stands on station `name`, from `station status`.
fn station_status(s: &Sandbox, name: &str) -> String {
    let (dir, data) = station_dirs(s, name);
    let out = panelis()
        .env("PANELIS_DATA_DIR", &data)
        .args(["station", "status", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_hosted_files_folder_made_unwritable_or_unreadable_mid_run() {
    use std::os::unix::fs::chown;
    let s = Sandbox::new();
    let reaper = Reaper::default();
    // The competition file on its own "stick", everything the host writes owned by nobody.
    let built = venue(&s, 2);
    let usb = s.path("usb");
    std::fs::create_dir(&usb).unwrap();
    let db = usb.join("venue.panelis");
    std::fs::rename(&built, &db).unwrap();
    for dir in ["host-data", "host-identity"] {
        std::fs::create_dir(s.path(dir)).unwrap();
    }
    for path in [
        usb.clone(),
        db.clone(),
        s.path("host-data"),
        s.path("host-identity"),
    ] {
        chown(&path, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    set_mode(s.dir.path(), 0o755);
    let mut nobody = Command::new("setpriv");
    nobody
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_panelis"))
        .env("PANELIS_LANG", "en")
        .env_remove("PANELIS_DB");
    let (host, _, _) = start_host_by(&s, &reaper, &db, "127.0.0.1:0", false, nobody);
    join_station(&s, "one", &host.links[0].1);
    let confirmed = |no: u32, wait: u32| {
        let out = score(&s, "one", no, wait, "en");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(confirmed(1, 20).contains("confirmed"));

    // The folder made unwritable while open: the file and its log are open already, and
    // writes through them reach the disk, so a ballot is still honestly confirmed.
    set_mode(&usb, 0o555);
    assert!(confirmed(2, 20).contains("confirmed"));
    // The file itself made read-only while open: the same.
    set_mode(&db, 0o444);
    assert!(confirmed(3, 20).contains("confirmed"));

    // The folder made unreadable: the host can no longer find the file at its path and
    // confirms nothing; the station keeps the ballot.
    set_mode(&usb, 0o000);
    let out = confirmed(4, 3);
    assert!(!out.contains("confirmed"), "{out}");
    assert!(station_status(&s, "one").contains("No 4\tr1 saved locally"));
    let log = std::fs::read_to_string(s.path("host-identity").join("host.log")).unwrap();
    assert!(
        log.contains("can no longer be reached while open (Permission denied"),
        "{log}"
    );

    // Readable again: the kept ballot goes through, once.
    set_mode(&usb, 0o755);
    assert!(confirmed(4, 20).contains("confirmed"));
    reaper.kill(host.pid);
    set_mode(&db, 0o644);
    let store = Store::open(&db).unwrap();
    let one = store
        .panelists()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Panelis 1")
        .unwrap();
    for entry in store.entries().unwrap() {
        let revisions = store.ballot_revisions(one.id, entry.id).unwrap();
        assert_eq!(revisions.len(), 1, "No {} on disk once", entry.no);
    }
}
