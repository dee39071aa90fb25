//! Cold start to the first painted window, and the whole tree's memory, for Panelis (on the
//! 50-entry demo competition) and for the reference window, alternating runs.
//!
//! Panelis asks WebKit to rasterise on the CPU on a machine without a GPU (its `rendering`
//! module); the reference window keeps WebKit's default. When the app says it chose the
//! CPU, the reference window is also timed rasterising on the CPU, so the figure that
//! compares like with like is printed beside the one against the default window.

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
    /// Where the time went, from the marks the app wrote with its ready file.
    parts: Option<Parts>,
    /// The rasteriser the app said it chose (`cpu`, `gpu`, `as_set`); none for the reference.
    renderer: Option<String>,
}

/// WebKitGTK's switch to its CPU rasteriser, set for the like-with-like reference runs.
const CPU_RENDERING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// How one part of a start-up is read from its marks.
type PartOf = fn(&Parts) -> f64;

/// One start-up broken down (milliseconds), from the ready file's marks: the page's own
/// (since its navigation began) and the app's (when `main` began, how long opening the
/// competition took), set against the wall clock at which the benchmark started the process.
/// Each part runs from one mark to the next, so the parts add up to the whole start.
#[derive(Clone, Copy)]
struct Parts {
    /// Process start to `main` (loading and linking the binary).
    to_main: f64,
    /// Opening the competition file, in `main` before the window is asked for.
    opening: f64,
    /// The rest of `main` to the page's navigation start (Tauri, GTK, WebKit's processes).
    to_page: f64,
    /// Navigation start to the document received.
    document: f64,
    /// The document to the page's script asking for the first screen (its modules fetched
    /// and run; the reference page's one script run).
    modules: f64,
    /// Asking for the first screen to having its data and its area's module.
    first_screen: f64,
    /// From there to the shell built (its script, synchronously).
    build: f64,
    /// From there to the first frame's callback (the area's screen built, other tasks).
    to_frame: f64,
    /// The first frame: from its callback to the next frame's (style, layout, paint and
    /// compositing, and the wait for the next frame).
    paint: f64,
    /// The painted frame to the benchmark seeing the ready file (one IPC call, a rename).
    signal: f64,
}

impl Parts {
    /// The parts of one run, or `None` when its ready file holds no marks to read.
    fn read(v: &serde_json::Value, spawned_ms: f64, start_ms: f64) -> Option<Parts> {
        let n = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_f64());
        let page = v.get("page")?;
        let (began, origin, painted) = (n(v, "began_ms")?, n(page, "origin")?, n(page, "painted")?);
        let opening = n(v, "opened_in_ms").unwrap_or(0.0);
        let document = n(page, "document")?;
        // The reference page asks for nothing: its script's run is its `shown`, and the
        // parts about the first screen's data and the shell stay 0.
        let shown = n(page, "shown")?;
        let asked = n(page, "asked").unwrap_or(shown);
        let ready = [n(page, "answered"), n(page, "area")]
            .into_iter()
            .flatten()
            .fold(asked, f64::max);
        let frame1 = n(page, "frame1")?;
        Some(Parts {
            to_main: began - spawned_ms,
            opening,
            to_page: origin - began - opening,
            document,
            modules: asked - document,
            first_screen: ready - asked,
            build: shown - ready,
            to_frame: frame1 - shown,
            paint: painted - frame1,
            signal: spawned_ms + start_ms - (origin + painted),
        })
    }
}

fn wall_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn run_once(binary: &Path, data_dir: &Path, ready: &Path, cpu: bool) -> Result<Run, String> {
    let _ = std::fs::remove_file(ready);
    let mut command = Command::new(binary);
    if cpu {
        command.env(CPU_RENDERING, "1");
    }
    let spawned_ms = wall_ms();
    let started = Instant::now();
    let mut child: Child = command
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
    let report: serde_json::Value = std::fs::read_to_string(ready)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let parts = Parts::read(&report, spawned_ms, start_ms);
    let renderer = report
        .get("renderer")
        .and_then(|r| r.as_str())
        .map(str::to_owned);
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
        parts,
        renderer,
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
    let (mut ours, mut floor, mut alike) = (Vec::new(), Vec::new(), Vec::new());
    // One warm-up each so both read their binaries from the page cache alike; the app's
    // also says which rasteriser it chooses on this machine.
    let chose_cpu = run_once(app, dir.path(), &ready, false)?
        .renderer
        .as_deref()
        == Some("cpu");
    run_once(reference, dir.path(), &ready, false)?;
    for _ in 0..runs.max(1) {
        ours.push(run_once(app, dir.path(), &ready, false)?);
        floor.push(run_once(reference, dir.path(), &ready, false)?);
        if chose_cpu {
            alike.push(run_once(reference, dir.path(), &ready, true)?);
        }
    }
    // A figure against the default reference window, then (when the app chose the CPU) the
    // same against the reference rasterising alike.
    let compared = |figures: &mut Vec<Figure>, name: &str, unit, aim, of: fn(&Run) -> f64| {
        let median_of = |v: &[Run]| median(v.iter().map(of).collect());
        figures.push(Figure {
            name: name.into(),
            ours: median_of(&ours),
            floor: median_of(&floor),
            unit,
            aim,
        });
        if !alike.is_empty() {
            figures.push(Figure {
                name: "  the same, the reference also rasterising on the CPU".into(),
                ours: median_of(&ours),
                floor: median_of(&alike),
                unit,
                aim: "(like with like)",
            });
        }
    };
    let mut figures = Vec::new();
    compared(
        &mut figures,
        "start to first painted window (median)",
        "ms",
        "<= 1.15x",
        |r| r.start_ms,
    );
    // The breakdown, each part's median beside the reference window's (a part the
    // reference does not have is 0 there, and its ratio is not printed). Medians of the
    // parts add up to about the median start; runs whose ready file had no marks are left
    // out, and with none at all the breakdown is not printed.
    let part = |v: &[Run], f: PartOf| {
        let values: Vec<f64> = v.iter().filter_map(|r| r.parts.as_ref()).map(f).collect();
        (!values.is_empty()).then(|| median(values))
    };
    let parts: [(&str, PartOf); 10] = [
        ("  process start to main", |p| p.to_main),
        ("  opening the competition file", |p| p.opening),
        ("  main to the page's navigation (Tauri, WebKit)", |p| {
            p.to_page
        }),
        ("  the document received", |p| p.document),
        ("  the page's modules fetched and run", |p| p.modules),
        ("  the first screen's data and area module", |p| {
            p.first_screen
        }),
        ("  the shell built by its script", |p| p.build),
        ("  to the first frame (the area's screen built)", |p| {
            p.to_frame
        }),
        ("  the first frame, to the next frame's start", |p| p.paint),
        ("  the ready signal (IPC, file)", |p| p.signal),
    ];
    for (name, f) in parts {
        match (part(&ours, f), part(&floor, f)) {
            (Some(ours), Some(floor)) => figures.push(Figure {
                name: name.into(),
                ours,
                floor,
                unit: "ms",
                aim: "",
            }),
            _ => eprintln!("panelis-bench: no start-up marks in the ready files for {name:?}"),
        }
    }
    compared(
        &mut figures,
        "memory, whole process tree PSS (median)",
        "MB",
        "<= 1.3x",
        |r| r.pss_mb,
    );
    Ok(figures)
}
