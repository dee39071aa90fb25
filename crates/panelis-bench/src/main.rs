//! `panelis-bench`: measures Panelis beside its floor in the same run and prints a table of
//! figures and ratios. Figures, never pass/fail: targets live here, not in tests.
//!
//! - save one score: `Store::save_draft` (validation, audit event, durable commit) against a
//!   bare rusqlite insert with the same pragmas in the same folder, p50 and p99;
//! - the same from the page: the scoring sheet's `save_ballot_draft` through the app's IPC,
//!   timed in the page (needs `tauri-driver`), against the same floor;
//! - cold start to the first painted window, and the memory (PSS) of the whole process tree
//!   (app + WebKit processes) with the 50-entry demo open, against a minimal Tauri window
//!   built by the same toolchain (`panelis-reference-app`). Needs an X display.
//!
//! Usage: `panelis-bench [--app PATH --reference PATH] [--runs N] [--saves N]`
//! (`.ci/bench` builds everything in release mode and runs it under Xvfb).

mod process;
mod save;
mod startup;
mod ui_save;

use std::path::PathBuf;

/// One line of the printed table.
pub struct Figure {
    pub name: String,
    pub ours: f64,
    pub floor: f64,
    pub unit: &'static str,
    pub aim: &'static str,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut app, mut reference) = (None, None);
    let (mut runs, mut saves) = (5usize, 500usize);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--app" => app = Some(PathBuf::from(value())),
            "--reference" => reference = Some(PathBuf::from(value())),
            "--runs" => {
                runs = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--runs takes a number"))
            }
            "--saves" => {
                saves = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--saves takes a number"))
            }
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let scratch = std::env::var_os("PANELIS_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench-scratch"));
    if let Err(e) = std::fs::create_dir_all(&scratch) {
        usage(&format!("cannot create {}: {e}", scratch.display()));
    }
    let mut figures = Vec::new();
    match save::measure(&scratch, saves) {
        Ok(f) => figures.extend(f),
        Err(e) => eprintln!("panelis-bench: save benchmark failed: {e}"),
    }
    if let Some(app) = &app {
        match ui_save::measure(&scratch, app, saves) {
            Ok(f) => figures.extend(f),
            Err(e) => eprintln!("panelis-bench: UI save benchmark failed: {e}"),
        }
    }
    if let (Some(app), Some(reference)) = (app, reference) {
        match startup::measure(&scratch, &app, &reference, runs) {
            Ok(f) => figures.extend(f),
            Err(e) => eprintln!("panelis-bench: start-up benchmark failed: {e}"),
        }
    }
    print_table(&figures);
}

fn usage(reason: &str) -> ! {
    eprintln!("panelis-bench: {reason}\nusage: panelis-bench [--app PATH --reference PATH] [--runs N] [--saves N]");
    std::process::exit(2);
}

fn print_table(figures: &[Figure]) {
    println!(
        "{:<56} {:>12} {:>12} {:>7}  aim",
        "figure", "Panelis", "floor", "ratio"
    );
    for f in figures {
        if f.floor > 0.0 {
            println!(
                "{:<56} {:>9.2} {:<2} {:>9.2} {:<2} {:>6.2}x  {}",
                f.name,
                f.ours,
                f.unit,
                f.floor,
                f.unit,
                f.ours / f.floor,
                f.aim
            );
        } else {
            // A figure with no floor of its own (a share of the line above).
            println!(
                "{:<56} {:>9.2} {:<2} {:>12} {:>7}  {}",
                f.name, f.ours, f.unit, "-", "-", f.aim
            );
        }
    }
}
