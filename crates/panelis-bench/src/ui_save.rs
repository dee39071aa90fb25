//! Saving one score as the scoring sheet does it: from the page, through the app's IPC, into
//! the competition file and back (`save_ballot_draft`), timed in the page with
//! `performance.now()`. The app runs under tauri-driver (WebDriver) on the demo competition;
//! the device is bound to its first panelist as a panelist would do it. Needs an X display
//! and `tauri-driver` on the PATH.
//!
//! WebKitGTK rounds `performance.now()` to whole milliseconds, so p50/p99 come in steps of
//! 1 ms; the mean over each block of calls (one clock reading at each end) is the finer
//! figure.
//! The same saves are then timed as the command's body in the core, on the file the app
//! used, so what is left of the page's figure is the IPC and Tauri's work around a command.

use crate::save::{bare_inserts, percentiles, typed, typing};
use crate::Figure;
use fantoccini::ClientBuilder;
use hyper_util::client::legacy::connect::HttpConnector;
use panelis_core::paths::AppDirs;
use panelis_core::role::Device;
use panelis_core::Store;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What runs in the page: bind, then the autosaves of `plan` (`save::typing`'s positions:
/// one more criterion or a changed score on one entry at a time), each timed. Also times a
/// bare round trip (`app_info`) so the IPC's own share is visible.
const SCRIPT: &str = r#"
const [plan, done] = [arguments[0], arguments[arguments.length - 1]];
(async () => {
  const invoke = window.__TAURI__.core.invoke;
  const panelists = await invoke('list_panelists');
  await invoke('bind_station', { panelistId: panelists[0].id });
  const rubric = await invoke('get_rubric');
  const entries = await invoke('list_entries');
  if (entries.length !== plan.entries || rubric.criteria.length !== plan.criteria) {
    throw `the plan is for ${plan.entries} entries and ${plan.criteria} criteria, the app has `
      + `${entries.length} and ${rubric.criteria.length}`;
  }
  const saves = plan.saves.length;
  const save = [], ipc = [];
  // Saves and empty round trips alternate in blocks, so both meet the same moments of the
  // app's life (its start-up work, the webview's garbage collection) and what separates
  // them is the save's own.
  const BLOCK = 25;
  let saveTotal = 0, ipcTotal = 0;
  for (let b = 0; b < saves; b += BLOCK) {
    const end = Math.min(b + BLOCK, saves);
    let start = performance.now();
    for (let i = b; i < end; i++) {
      const [e, scores] = plan.saves[i];
      const criteria = scores.map(([k, score]) => ({
        criterion_id: rubric.criteria[k].id,
        score: String(score),
      }));
      const t = performance.now();
      await invoke('save_ballot_draft', { entryId: entries[e].id, form: { criteria, note: '' } });
      save.push(performance.now() - t);
    }
    saveTotal += performance.now() - start;
    start = performance.now();
    for (let i = b; i < end; i++) {
      const t = performance.now();
      await invoke('app_info');
      ipc.push(performance.now() - t);
    }
    ipcTotal += performance.now() - start;
  }
  done({ save, ipc, saveMean: saveTotal / saves, ipcMean: ipcTotal / saves });
})().catch((e) => done({ error: JSON.stringify(e) }));
"#;

/// Stops tauri-driver and everything it started (WebKitWebDriver, the app) when the
/// measurement ends, however it ends. The driver runs in a process group of its own, and the
/// whole group is stopped: killing the driver alone left WebKitWebDriver running, its parent
/// gone.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let signal = |name: &str| {
            let _ = Command::new("kill")
                .args([name, "--", &group])
                .stderr(Stdio::null())
                .status();
        };
        signal("-TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && matches!(self.0.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever of the group is still there (the driver's children outlive it on TERM).
        signal("-KILL");
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// The page's saves as positions (`save::typing`), for the demo competition the app opens:
/// its shape is read from a demo made here by the same function.
fn plan(scratch: &Path, saves: usize) -> Result<serde_json::Value, String> {
    let dir = tempfile::tempdir_in(scratch).map_err(|e| e.to_string())?;
    let demo =
        panelis_core::demo::create(&dir.path().join("demo.panelis")).map_err(|e| e.to_string())?;
    let entries = demo.entries().map_err(|e| e.to_string())?.len();
    let criteria = demo.rubric().map_err(|e| e.to_string())?.criteria.len();
    let saves: Vec<_> = (0..saves).map(|i| typing(i, entries, criteria)).collect();
    Ok(serde_json::json!({ "entries": entries, "criteria": criteria, "saves": saves }))
}

pub fn measure(scratch: &Path, app: &Path, saves: usize) -> Result<Vec<Figure>, String> {
    let app = std::fs::canonicalize(app).map_err(|e| format!("{}: {e}", app.display()))?;
    let plan = plan(scratch, saves)?;
    let dir = tempfile::tempdir_in(scratch).map_err(|e| e.to_string())?;
    let (port, native) = (free_port()?, free_port()?);
    let driver = Driver(
        Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("PANELIS_DATA_DIR", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("webview-data"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("start tauri-driver (cargo install tauri-driver): {e}"))?,
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let answer = runtime.block_on(async {
        let caps: serde_json::Map<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "browserName": "wry",
                "tauri:options": { "application": app }
            }))
            .map_err(|e| e.to_string())?;
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() > Duration::from_secs(60) => {
                    return Err(format!("tauri-driver: {e}"))
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        // Let the first screen load before measuring.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let answer = client
            .execute_async(SCRIPT, vec![plan])
            .await
            .map_err(|e| format!("in the page: {e}"));
        let _ = client.close().await;
        let answer = answer?;
        if let Some(e) = answer.get("error") {
            return Err(format!("in the page: {e}"));
        }
        let samples = |key: &str| -> Result<Vec<f64>, String> {
            answer
                .get(key)
                .and_then(|v| v.as_array())
                .map(|v| v.iter().filter_map(|x| x.as_f64()).collect())
                .ok_or_else(|| format!("the page returned no {key} timings"))
        };
        let mean = |key: &str| answer.get(key).and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
        Ok::<_, String>((
            samples("save")?,
            samples("ipc")?,
            mean("saveMean"),
            mean("ipcMean"),
        ))
    })?;
    let (mut save, mut ipc, save_mean, ipc_mean) = answer;
    // The app is gone before the core's part is timed on its file: nothing else writes it.
    drop(driver);
    let mut core = command_body(dir.path(), saves)?;
    let core_mean = core.iter().sum::<f64>() / core.len().max(1) as f64;
    let (c50, c99) = percentiles(&mut core);
    let mut floor = bare_inserts(dir.path(), saves)?;
    let (s50, s99) = percentiles(&mut save);
    let (i50, i99) = percentiles(&mut ipc);
    let floor_mean = floor.iter().sum::<f64>() / floor.len().max(1) as f64;
    let (f50, f99) = percentiles(&mut floor);
    // The honest floor of a save from the page: it goes through the IPC (an empty command's
    // round trip) and must end in a durable insert (the bare one, same pragmas).
    let save_figure = |name: &str, ours: f64, floor: f64| Figure {
        name: format!("save one score, {name} (UI call to durable)"),
        ours,
        floor,
        unit: "ms",
        aim: "<= 1.3x of IPC + insert",
    };
    // A figure under the save's: a part of its floor, or where the save's time goes beyond
    // the floor's parts (the profile of the page's save).
    let under = |aim: &'static str| {
        move |name: &str, ours: f64| Figure {
            name: format!("  {name}"),
            ours,
            floor: 0.0,
            unit: "ms",
            aim,
        }
    };
    let (part, step) = (under("(part of the floor)"), under("(where the time goes)"));
    Ok(vec![
        save_figure("mean", save_mean, ipc_mean + floor_mean),
        save_figure("p50", s50, i50 + f50),
        save_figure("p99", s99, i99 + f99),
        part(
            "IPC round trip of an empty command (app_info), mean",
            ipc_mean,
        ),
        part("IPC round trip of an empty command (app_info), p50", i50),
        part("IPC round trip of an empty command (app_info), p99", i99),
        part("bare durable insert, same pragmas, mean", floor_mean),
        part("bare durable insert, same pragmas, p50", f50),
        part("bare durable insert, same pragmas, p99", f99),
        step(
            "the command's body in the core on the app's file, mean",
            core_mean,
        ),
        step("the command's body in the core on the app's file, p50", c50),
        step("the command's body in the core on the app's file, p99", c99),
        step(
            "left between the page and the core (mean - IPC - body)",
            save_mean - ipc_mean - core_mean,
        ),
    ])
}

/// The save command's body as the app runs it (`save_ballot_draft`: who this device scores
/// for, then `Store::save_draft`), timed in this process on the file the app just used,
/// with the same forms the page sent: what the save costs inside the core, so the rest of
/// the page's figure is the IPC and what Tauri does around a command.
fn command_body(data: &Path, saves: usize) -> Result<Vec<f64>, String> {
    let dirs = AppDirs::new(data);
    let mut store = Store::open(&dirs.demo_file()).map_err(|e| e.to_string())?;
    let entries = store.entries().map_err(|e| e.to_string())?;
    let criteria = store.rubric().map_err(|e| e.to_string())?.criteria;
    let mut times = Vec::with_capacity(saves);
    for i in 0..saves {
        let (entry, form) = typed(i, &entries, &criteria);
        let t = Instant::now();
        let panelist = Device::of(&store, &dirs)
            .and_then(|d| d.scoring_panelist())
            .map_err(|e| e.to_string())?;
        store
            .save_draft(panelist, entry, &form)
            .map_err(|e| e.to_string())?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(times)
}
