//! Cold start to the first painted window, and the whole tree's memory, for Panelis (on the
//! 50-entry demo competition) and for the reference window, alternating runs.

use crate::process::{pss_kb, tree};
use crate::Figure;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Longest we wait for a window before calling the run failed.
const PATIENCE: Duration = Duration::from_secs(60);

struct Run {
    start_ms: f64,
    pss_mb: f64,
}

fn run_once(binary: &Path, data_dir: &Path, ready: &Path) -> Result<Run, String> {
    let _ = std::fs::remove_file(ready);
    let started = Instant::now();
    let mut child: Child = Command::new(binary)
        .env("PANELIS_DATA_DIR", data_dir)
        .env("PANELIS_READY_FILE", ready)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("start {}: {e}", binary.display()))?;
    while !ready.exists() {
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            return Err(format!(
                "{} showed no window in {PATIENCE:?}",
                binary.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let start_ms = started.elapsed().as_secs_f64() * 1000.0;
    // Let the page settle (the demo's screens loaded) before reading memory.
    std::thread::sleep(Duration::from_millis(1500));
    let pss: u64 = tree(child.id()).into_iter().map(pss_kb).sum();
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    Ok(Run {
        start_ms,
        pss_mb: pss as f64 / 1024.0,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

pub fn measure(
    scratch: &Path,
    app: &Path,
    reference: &Path,
    runs: usize,
) -> Result<Vec<Figure>, String> {
    if std::env::var_os("DISPLAY").is_none() {
        return Err("no X display: run under xvfb-run (.ci/bench does)".into());
    }
    let dir = tempfile::tempdir_in(scratch).map_err(|e| e.to_string())?;
    // The demo exists before the first run, so every run opens the same 50-entry file.
    drop(
        panelis_core::launch::open_demo(&panelis_core::paths::AppDirs::new(dir.path()))
            .map_err(|e| e.to_string())?,
    );
    let ready = dir.path().join("ready");
    let (mut ours, mut floor) = (Vec::new(), Vec::new());
    // One warm-up each so both read their binaries from the page cache alike.
    run_once(app, dir.path(), &ready)?;
    run_once(reference, dir.path(), &ready)?;
    for _ in 0..runs.max(1) {
        ours.push(run_once(app, dir.path(), &ready)?);
        floor.push(run_once(reference, dir.path(), &ready)?);
    }
    let start = |v: &[Run]| median(v.iter().map(|r| r.start_ms).collect());
    let mem = |v: &[Run]| median(v.iter().map(|r| r.pss_mb).collect());
    Ok(vec![
        Figure {
            name: "start to first painted window (median)".into(),
            ours: start(&ours),
            floor: start(&floor),
            unit: "ms",
            aim: "<= 1.15x",
        },
        Figure {
            name: "memory, whole process tree PSS (median)".into(),
            ours: mem(&ours),
            floor: mem(&floor),
            unit: "MB",
            aim: "<= 1.3x",
        },
    ])
}
