//! Start-up: the first screen loads the shell and the overview only (their modules preloaded
//! by `index.html`), each other area's screen is loaded the first time it is opened (with
//! its styles before it shows), and the shell asks the backend once for what the first
//! frame shows.

#![allow(clippy::unwrap_used)] // a test fails loudly on purpose

use panelis_e2e::App;
use serde_json::Value;

/// The screens' elements, and which of them the page has defined so far.
const DEFINED: &str = r#"
return ['panelis-app', 'panelis-overview', 'panelis-backups', 'panelis-entries',
  'panelis-panel-rubric', 'panelis-schedule', 'panelis-live', 'panelis-scoring',
  'panelis-paper-ballots', 'panelis-venue-host', 'panelis-deliberation', 'panelis-results',
  'panelis-station', 'panelis-station-join', 'panelis-station-sheet', 'panelis-placeholder']
  .filter((tag) => customElements.get(tag));
"#;

/// The page's stylesheets, by path.
const STYLESHEETS: &str = r#"
return [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => new URL(l.href).pathname);
"#;

/// Words of the shell and the overview that are a catalogue key instead (`nav.venue`): a
/// string whose catalogue came with a screen not loaded yet.
const RAW_KEYS: &str = r#"
const key = /^[a-z][a-z_]*(\.[a-z0-9_]+)+$/;
const parts = document.querySelectorAll(`panelis-app > header, panelis-app > nav,
  panelis-app > dialog, panelis-overview h1, panelis-overview h2, panelis-overview dt,
  panelis-overview .stat-label, panelis-overview a, panelis-backups h2, panelis-backups h3,
  panelis-backups label, panelis-backups button`);
const raw = [];
for (const part of parts) {
  const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    if (key.test(text)) raw.push(text);
  }
}
return raw;
"#;

fn strings(value: Value) -> Vec<String> {
    serde_json::from_value(value).unwrap()
}

#[tokio::test]
async fn the_first_screen_loads_the_overview_only_and_each_area_when_first_opened() {
    let app = App::launch().await;
    app.text_of("[data-testid=competition-name]").await;
    app.text_of("[data-testid=backups] h2").await;
    let defined = strings(app.client.execute(DEFINED, vec![]).await.unwrap());
    assert_eq!(
        defined,
        ["panelis-app", "panelis-overview", "panelis-backups"]
    );
    let sheets = strings(app.client.execute(STYLESHEETS, vec![]).await.unwrap());
    assert_eq!(sheets, ["/styles.css"]);
    // The shell's words are its own: none waits for another screen's catalogue.
    let raw = strings(app.client.execute(RAW_KEYS, vec![]).await.unwrap());
    assert!(raw.is_empty(), "catalogue keys shown as words: {raw:?}");
    assert!(app.dom_text(".sidenav").await.contains("Jaringan"));
    assert!(app
        .dom_text("[data-testid=menu-join-host]")
        .await
        .starts_with("Gabung ke tuan rumah"));
    app.painted_screenshot("startup-first-screen").await;

    // Hasil & Dokumen opened for the first time: its module loads then, and the screen is
    // inserted only once its stylesheet has loaded (never a frame unstyled).
    app.client
        .execute(
            r#"window.resultsInserted = null;
            new MutationObserver((_, observer) => {
              if (!document.querySelector('panelis-results')) return;
              const link = [...document.querySelectorAll('link[rel=stylesheet]')]
                .find((l) => l.href.endsWith('/components/results/results.css'));
              window.resultsInserted = { link: Boolean(link), styled: Boolean(link && link.sheet) };
              observer.disconnect();
            }).observe(document.body, { childList: true, subtree: true });"#,
            vec![],
        )
        .await
        .unwrap();
    app.click(".sidenav a[data-area=results]").await;
    app.text_of("panelis-results [data-testid=final-status]")
        .await;
    let inserted = app
        .client
        .execute("return window.resultsInserted;", vec![])
        .await
        .unwrap();
    assert_eq!(
        inserted,
        serde_json::json!({ "link": true, "styled": true }),
        "the results screen came in before its styles"
    );
    let defined = strings(app.client.execute(DEFINED, vec![]).await.unwrap());
    assert_eq!(
        defined,
        [
            "panelis-app",
            "panelis-overview",
            "panelis-backups",
            "panelis-results"
        ]
    );
    // Its words came with it (its own and the deliberation's it shows).
    let title = app.text_of("panelis-results h1").await;
    assert!(!title.is_empty() && !title.contains('.'), "{title:?}");
    app.painted_screenshot("startup-results-opened").await;

    // Reloaded on #results: the first screen is then the results, and the overview's module
    // is not run at all (only fetched, by the preload that serves the launch).
    app.client.refresh().await.unwrap();
    app.text_of("panelis-results [data-testid=final-status]")
        .await;
    let defined = strings(app.client.execute(DEFINED, vec![]).await.unwrap());
    assert_eq!(defined, ["panelis-app", "panelis-results"]);
    assert_eq!(
        app.dom_text("[data-testid=topbar-name]").await,
        panelis_core::demo::DEMO_NAME
    );
    // Back to the overview: loaded now, from the overview's own call.
    app.click(".sidenav a[data-area=overview]").await;
    let name = app.text_of("[data-testid=competition-name]").await;
    assert_eq!(name, panelis_core::demo::DEMO_NAME);
    app.quit().await;
}

/// The shell started again in the running page, with every IPC call recorded where Tauri
/// sends it (`fetch` to `ipc://localhost/COMMAND`), until the shell marks its first frame
/// (`bench_ready`), with the backup card's folder as it stood then. WebDriver cannot run a script before the page's own on a fresh load, so
/// the page's timers are stopped (the first shell's file check) and a second shell is
/// started the way the page starts the first: by connecting a `panelis-app` element.
const RESTART_SHELL: &str = r#"
const done = arguments[arguments.length - 1];
const last = setTimeout(() => {});
for (let id = 1; id <= last; id++) { clearTimeout(id); clearInterval(id); }
const calls = [];
const fetch = window.fetch;
window.fetch = (url, init) => {
  const text = String(url);
  if (text.startsWith('ipc:') || text.startsWith('http://ipc.localhost')) {
    calls.push(decodeURIComponent(text.split('/').pop()));
  }
  return fetch(url, init);
};
document.querySelector('panelis-app').remove();
document.body.append(document.createElement('panelis-app'));
const started = performance.now();
const wait = () => {
  if (calls.includes('bench_ready')) {
    window.fetch = fetch;
    const folder = document.querySelector('[data-testid=backup-folder]');
    done({ calls: calls.slice(0, calls.indexOf('bench_ready')), folder: folder && folder.value });
  } else if (performance.now() - started > 20000) {
    window.fetch = fetch;
    done({ timed_out: calls });
  } else {
    setTimeout(wait, 20);
  }
};
wait();
"#;

#[tokio::test]
async fn the_first_frame_waits_on_one_call_to_the_backend() {
    let app = App::launch().await;
    app.text_of("[data-testid=competition-name]").await;
    app.text_of("[data-testid=backups] h2").await;
    let first = app
        .client
        .execute_async(RESTART_SHELL, vec![])
        .await
        .unwrap();
    // One call for the shell and the overview (version, name, the overview's counts and the
    // day, its backup card, station mode). The file check starts after the first frame.
    assert_eq!(
        first["calls"],
        serde_json::json!(["start_up"]),
        "IPC calls before the first frame: {first}"
    );
    // The backup card was in that first frame, from the same call.
    let folder = app.data_dir.path().join("backups");
    assert_eq!(
        first["folder"].as_str(),
        Some(folder.to_str().unwrap()),
        "the backup card's folder when the first frame was marked: {first}"
    );
    // The restarted shell shows the competition as the first did.
    assert_eq!(
        app.dom_text("[data-testid=topbar-name]").await,
        panelis_core::demo::DEMO_NAME
    );
    let day = app.text_of("[data-testid=day-status]").await;
    assert!(day.contains("50 sesi"), "{day}");
    app.quit().await;
}

/// The modules a page module imports, by its `import ... from './x.js'` lines (the UI's
/// style: one import per line, single quotes), as paths under `ui/`.
fn imports(ui: &std::path::Path, module: &str) -> Vec<String> {
    let source = std::fs::read_to_string(ui.join(module)).unwrap();
    let dir = std::path::Path::new(module).parent().unwrap().to_path_buf();
    source
        .lines()
        .filter(|line| line.starts_with("import "))
        .filter_map(|line| line.split('\'').nth(1))
        .map(|target| {
            let mut path = dir.clone();
            for part in target.split('/') {
                match part {
                    "." => {}
                    ".." => {
                        path.pop();
                    }
                    part => path.push(part),
                }
            }
            path.to_string_lossy().into_owned()
        })
        .collect()
}

/// `index.html` preloads exactly the modules of the launch's first screen: the shell's
/// (`main.js` and all it imports) and the overview's (the first area at launch, imported by
/// the shell when it opens), so they are fetched at once with the document instead of one
/// import level after another. A module added to either without a preload fails here.
#[test]
fn index_html_preloads_every_module_of_the_first_screen() {
    let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
    let mut first_screen = std::collections::BTreeSet::new();
    let mut to_read = vec![
        "main.js".to_owned(),
        "components/overview/overview.js".to_owned(),
    ];
    while let Some(module) = to_read.pop() {
        if first_screen.insert(module.clone()) {
            to_read.extend(imports(&ui, &module));
        }
    }
    first_screen.remove("main.js");
    let index = std::fs::read_to_string(ui.join("index.html")).unwrap();
    let preloaded: std::collections::BTreeSet<String> = index
        .lines()
        .filter(|line| line.contains("rel=\"modulepreload\""))
        .filter_map(|line| line.split("href=\"").nth(1)?.split('"').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(preloaded, first_screen);
    assert!(first_screen.len() >= 14, "{first_screen:?}");
}
