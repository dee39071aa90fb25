//! Drives the real Panelis app: starts `tauri-driver` (which starts WebKitWebDriver and the
//! app) with a private data folder, connects a WebDriver client, and stops everything
//! cleanly. Needs an X display: run the suite under `xvfb-run` (the README's test command
//! does).

pub mod scored;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long to wait for the app to show something before failing.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The demo rubric's criterion codes, in order.
pub const DEMO_CRITERIA: [&str; 7] = [
    "kebaruan",
    "efektivitas",
    "kemanfaatan",
    "replikasi",
    "keberlanjutan",
    "presentasi",
    "wawancara",
];

/// The app binary: `$PANELIS_APP_BIN`, else the workspace's debug build.
pub fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("PANELIS_APP_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("debug/panelis-app")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// One running app with its WebDriver session.
pub struct App {
    pub client: Client,
    driver: Driver,
    pub data_dir: tempfile::TempDir,
}

impl App {
    /// Launches the app with an empty data folder (so it opens the demo competition).
    pub async fn launch() -> App {
        let data_dir = tempfile::tempdir().expect("temp data dir");
        App::launch_in(data_dir).await
    }

    /// Launches the app with the given data folder.
    pub async fn launch_in(data_dir: tempfile::TempDir) -> App {
        App::launch_in_env(data_dir, &[]).await
    }

    /// Launches the app with the given data folder and these variables in its environment
    /// (`TZ=UTC`: a laptop whose system clock is UTC), passed down through tauri-driver.
    pub async fn launch_in_env(data_dir: tempfile::TempDir, env: &[(&str, &str)]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no X display: run the end-to-end tests under xvfb-run (see README)"
        );
        let app = app_binary();
        assert!(
            app.is_file(),
            "app binary {} not built: run `cargo build -p panelis-app`",
            app.display()
        );
        let port = free_port();
        let native = free_port();
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("PANELIS_DATA_DIR", data_dir.path())
            // The webview's own storage (localStorage: the chosen language) lives under
            // XDG_DATA_HOME; inside the data folder, a test never sees another's leftovers.
            .env("XDG_DATA_HOME", data_dir.path().join("webview-data"))
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            // A process group of its own: stopping the test stops WebKitWebDriver and the
            // app with it, never leaving them running with their parent gone.
            .process_group(0)
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver@^2 --locked)");
        let caps: serde_json::Map<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "browserName": "wry",
                "tauri:options": { "application": app }
            }))
            .expect("capabilities");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() < PATIENCE => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("could not connect to tauri-driver: {e}"),
            }
        };
        App {
            client,
            driver: Driver(driver),
            data_dir,
        }
    }

    /// Waits for an element and returns its text. Tries again while the element is missing,
    /// while the page is being reloaded (WebKitWebDriver answers a search made during the
    /// unload with "Callback was not called before the unload event", not "no such element",
    /// which made a test that had just called `location.reload()` fail now and then), and when
    /// the screen repainted between finding the element and reading it (a live update).
    pub async fn text_of(&self, css: &str) -> String {
        let started = Instant::now();
        let text = loop {
            let attempt = async { self.client.find(Locator::Css(css)).await?.text().await };
            match attempt.await {
                Ok(text) => break text,
                Err(e) if started.elapsed() > PATIENCE => panic!("no element {css}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        if text.is_empty() {
            self.inner_text(css).await.unwrap_or(text)
        } else {
            text
        }
    }

    /// WebKitWebDriver reports "" for visible text cut with `text-overflow: ellipsis`; the
    /// DOM's innerText is what the user sees there.
    async fn inner_text(&self, css: &str) -> Option<String> {
        let value = self
            .client
            .execute(
                "const el = document.querySelector(arguments[0]); return el ? el.innerText : null;",
                vec![serde_json::Value::String(css.into())],
            )
            .await
            .ok()?;
        value.as_str().map(|s| s.trim().to_string())
    }

    /// Waits until the element's text satisfies `pred`; returns the text.
    pub async fn wait_text(&self, css: &str, pred: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                if let Ok(mut text) = el.text().await {
                    if text.is_empty() {
                        text = self.inner_text(css).await.unwrap_or(text);
                    }
                    if pred(&text) {
                        return text;
                    }
                    if started.elapsed() > PATIENCE {
                        panic!("{css} still shows {text:?}");
                    }
                }
            } else if started.elapsed() > PATIENCE {
                panic!("no element {css}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The element's text content as the DOM holds it (WebKitWebDriver reports "" for some
    /// visible elements in the window's header, so this reads the DOM instead).
    pub async fn dom_text(&self, css: &str) -> String {
        let value = self
            .client
            .execute(
                "const el = document.querySelector(arguments[0]); return el ? el.textContent : null;",
                vec![serde_json::Value::String(css.into())],
            )
            .await
            .unwrap_or_else(|e| panic!("script for {css}: {e}"));
        value
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}"))
            .trim()
            .to_string()
    }

    /// Clicks the element, waiting for it and trying again while it is missing or was just
    /// repainted (a screen finishing its first paint replaces its elements).
    pub async fn click(&self, css: &str) {
        let started = Instant::now();
        loop {
            let attempt = async { self.client.find(Locator::Css(css)).await?.click().await };
            match attempt.await {
                Ok(()) => return,
                Err(e) if started.elapsed() > PATIENCE => panic!("click {css}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Replaces the field's text with `text` as typed keys, trying again while the field is
    /// missing or was just repainted.
    pub async fn type_into(&self, css: &str, text: &str) {
        let started = Instant::now();
        loop {
            let attempt = async {
                let el = self.client.find(Locator::Css(css)).await?;
                // As a person would when the form scrolls inside its pane.
                self.client
                    .execute(
                        "arguments[0].scrollIntoView({ block: 'nearest' });",
                        vec![serde_json::to_value(&el).expect("element as JSON")],
                    )
                    .await?;
                el.clear().await?;
                el.send_keys(text).await
            };
            match attempt.await {
                Ok(()) => return,
                Err(e) if started.elapsed() > PATIENCE => panic!("type into {css}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Waits until `script` returns true; `what` names it when it never does.
    pub async fn wait_js(&self, what: &str, script: &str) {
        let started = Instant::now();
        loop {
            let value = self.client.execute(script, vec![]).await;
            if matches!(value, Ok(serde_json::Value::Bool(true))) {
                return;
            }
            assert!(started.elapsed() < PATIENCE, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Scrolls the element to the top of its scrolling pane and lets the window paint the
    /// scrolled view (the snapshot trails the DOM by a frame or two).
    pub async fn scroll_to(&self, css: &str) {
        self.wait_js(
            &format!("{css} to scroll into view"),
            &format!(
                "const el = document.querySelector({css:?}); \
                 if (!el) return false; el.scrollIntoView({{ block: 'start' }}); return true;"
            ),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    /// A screenshot once WebKit has painted what the DOM already shows (its snapshot can
    /// trail the DOM by a frame on a busy machine).
    pub async fn settle_then_screenshot(&self, name: &str) -> PathBuf {
        tokio::time::sleep(Duration::from_millis(800)).await;
        self.screenshot(name).await
    }

    /// Waits for the next two animation frames (and a little more): what the DOM shows has
    /// been painted.
    pub async fn painted(&self) {
        self.client
            .execute_async(
                "const done = arguments[0];
                 requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));",
                vec![],
            )
            .await
            .expect("wait for paint");
    }

    /// A screenshot once what the DOM shows has been painted.
    pub async fn painted_screenshot(&self, name: &str) -> PathBuf {
        self.painted().await;
        self.screenshot(name).await
    }

    /// Saves a screenshot under tests/artifacts/ for people to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let path = artifacts().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Waits for the blocking alarm of a competition file gone from the disk, checks that it
    /// says what was lost and what to do (in Bahasa Indonesia), and screenshots it as `name`.
    pub async fn file_gone_alarm(&self, name: &str) {
        let alarm = self
            .wait_text("[data-testid=file-alarm]", |t| t.contains("hilang"))
            .await;
        assert!(
            alarm.contains("Berkas kompetisi hilang")
                && alarm.contains("tidak ada lembar nilai dari stasiun yang dikonfirmasi")
                && alarm.contains("Simpan salinan dari memori"),
            "{alarm}"
        );
        self.painted_screenshot(name).await;
    }

    /// Answers the file-gone alarm as its button does once the save dialog gave `path`: a
    /// copy from memory saved there and opened; waits for the alarm to close.
    pub async fn save_copy_from_alarm(&self, path: &Path) {
        self.client
            .execute(
                "document.querySelector('[data-testid=file-alarm]').saveCopy(arguments[0]);",
                vec![serde_json::Value::String(path.display().to_string())],
            )
            .await
            .unwrap();
        self.wait_js(
            "the alarm closed",
            "return !document.querySelector('[data-testid=file-alarm]');",
        )
        .await;
    }

    /// Calls `method` of the screen element `element` (a custom element's tag) with `args`,
    /// as its buttons do once a file dialog gave the path, and waits for its promise.
    pub async fn call_screen(&self, element: &str, method: &str, args: Vec<serde_json::Value>) {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const args = Array.prototype.slice.call(arguments, 0, -1);
             document.querySelector('{element}').{method}(...args)
               .then(() => done(true), (e) => done(String(e)));"
        );
        let value = self
            .client
            .execute_async(&script, args)
            .await
            .unwrap_or_else(|e| panic!("{method}: {e}"));
        assert_eq!(value, serde_json::Value::Bool(true), "{method}");
    }

    /// Ends the session, then stops tauri-driver with SIGTERM so it closes the app.
    pub async fn quit(mut self) {
        self.stop().await;
    }

    /// Quits like [`App::quit`] but hands back the data folder, so that
    /// `App::launch_in(dir)` restarts the app on the same competition.
    pub async fn quit_keep_data(mut self) -> tempfile::TempDir {
        self.stop().await;
        self.data_dir
    }

    /// The ids of this app's own processes (the app binary started with this test's data
    /// folder), found in /proc so that apps of other tests are never touched.
    pub fn app_pids(&self) -> Vec<u32> {
        let want_env = format!("PANELIS_DATA_DIR={}", self.data_dir.path().display());
        let bin = app_binary().canonicalize().unwrap_or_else(|_| app_binary());
        let Ok(dir) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok();
                let env = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
                exe.as_deref() == Some(bin.as_path())
                    && env.split(|b| *b == 0).any(|v| v == want_env.as_bytes())
            })
            .collect()
    }

    /// The value of `name` in the environment of this app's process, as it was started.
    pub fn app_env(&self, name: &str) -> Option<String> {
        let pid = *self.app_pids().first()?;
        let env = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
        let prefix = format!("{name}=");
        env.split(|b| *b == 0)
            .find_map(|v| v.strip_prefix(prefix.as_bytes()))
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }

    /// Kills this app's process with SIGKILL (a crash or a pulled plug: no chance to save
    /// anything more), then ends the driver; hands back the data folder for a relaunch.
    pub async fn kill_app_keep_data(mut self) -> tempfile::TempDir {
        let pids = self.app_pids();
        assert!(!pids.is_empty(), "the app's process was not found");
        for pid in &pids {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.app_pids().is_empty() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.stop().await;
        self.data_dir
    }

    /// The process group of the driver and everything it started (WebKitWebDriver, the app).
    pub fn process_group(&self) -> u32 {
        self.driver.0.id()
    }

    async fn stop(&mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        self.driver.stop();
    }
}

/// The ids of the processes still in process group `group` (from /proc).
pub fn group_members(group: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces.
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    let rest = &stat[stat.rfind(')')? + 2..];
                    rest.split(' ').nth(2)?.parse::<u32>().ok()
                })
                == Some(group)
        })
        .collect()
}

/// The running `tauri-driver`, leader of its own process group. Stopped when dropped too,
/// so a test that fails before `quit` leaves no driver, WebKitWebDriver or app behind.
struct Driver(Child);

impl Driver {
    /// TERM to the driver (it ends the WebDriver session and the app), then whatever of its
    /// group is still there after a grace period is killed.
    fn stop(&mut self) {
        let group = self.0.id();
        let signal = |name: &str, target: String| {
            let _ = Command::new("kill")
                .args([name, "--", &target])
                .stderr(Stdio::null())
                .status();
        };
        if let Ok(None) = self.0.try_wait() {
            signal("-TERM", group.to_string());
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let driver_gone = !matches!(self.0.try_wait(), Ok(None));
            if driver_gone && group_members(group).is_empty() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        signal("-KILL", format!("-{group}"));
        let _ = self.0.wait();
        let deadline = Instant::now() + Duration::from_secs(5);
        while !group_members(group).is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop();
    }
}

/// tests/artifacts/, where screenshots and rendered pages go for people to look at.
pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// The text of a PDF as poppler's `pdftotext -layout` reads it.
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Renders the first `pages` pages of a PDF as PNGs under tests/artifacts/ (`NAME.png` for
/// one page, `NAME-1.png`... for several), for people to look at; the first page's path.
pub fn render_pdf(pdf: &Path, name: &str, pages: u32, dpi: u32) -> PathBuf {
    let prefix = artifacts().join(name);
    let mut command = Command::new("pdftoppm");
    command
        .args([
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            "1",
            "-l",
            &pages.to_string(),
        ])
        .args(if pages == 1 {
            &["-singlefile"][..]
        } else {
            &[][..]
        });
    let status = command
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) is needed");
    assert!(status.success(), "pdftoppm {}", pdf.display());
    prefix.with_extension("png")
}
