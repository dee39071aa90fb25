//! The shortlist and the panel in the real app: a Top 50 sheet imported through the Inovasi
//! screen's preview (the path typed where the file dialog would put it), a bad sheet shown
//! with its located problems and nothing imported, check-in and corrections of entries, and
//! the panel, conflicts of interest and rubric editor. What the screens claim is checked
//! against the competition file after the app has closed.

use fantoccini::elements::Element;
use fantoccini::Locator;
use panelis_core::ballot::BallotForm;
use panelis_core::lang::Lang;
use panelis_core::model::NewCompetition;
use panelis_core::{paths, recent, shortlist, Store};
use panelis_e2e::{App, PATIENCE};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn top50() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/panelis-core/tests/fixtures/top50-sulsel-2023.xlsx")
        .canonicalize()
        .expect("the Top 50 fixture")
}

/// A data folder whose recent list has only a new competition (so the app opens it), empty
/// or with the Top 50 already imported. The file lives in a second folder that outlives the
/// app (the data folder goes with it), so the test can read it after the app has closed.
struct Setup {
    data_dir: tempfile::TempDir,
    files: tempfile::TempDir,
    file: PathBuf,
}

fn competition(with_entries: bool) -> Setup {
    let data_dir = tempfile::tempdir().expect("temp data dir");
    let files = tempfile::tempdir().expect("temp files dir");
    let file = files.path().join("kipp-sulsel-2023.panelis");
    let details = NewCompetition {
        name: "KIPP Sulawesi Selatan 2023 (uji)".into(),
        year: Some(2023),
        ..Default::default()
    };
    let mut store = Store::create(&file, &details).expect("create competition");
    if with_entries {
        let list = shortlist::import_file(&top50(), None).expect("read Top 50");
        store
            .import_shortlist(&list.new_entries())
            .expect("import Top 50");
    }
    drop(store);
    recent::remember(&paths::AppDirs::new(data_dir.path()).recent_list(), &file).expect("remember");
    Setup {
        data_dir,
        files,
        file,
    }
}

async fn find(app: &App, css: &str) -> Element {
    app.client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
}

/// Picks `value` in the select at `css`; `what` says what the step was, should it fail.
async fn choose(app: &App, css: &str, value: &str, what: &str) {
    find(app, css)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

async fn value_of(app: &App, css: &str) -> String {
    find(app, css)
        .await
        .prop("value")
        .await
        .unwrap_or_else(|e| panic!("value of {css}: {e}"))
        .unwrap_or_default()
}

async fn is_enabled(app: &App, css: &str) -> bool {
    find(app, css)
        .await
        .is_enabled()
        .await
        .unwrap_or_else(|e| panic!("enabled {css}: {e}"))
}

/// Waits until the form control's value satisfies `pred`.
async fn wait_value(app: &App, css: &str, pred: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let value = value_of(app, css).await;
        if pred(&value) {
            return value;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "{css} still has value {value:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_top_50_imports_through_the_preview_and_is_listed_checked_in_and_corrected() {
    let Setup {
        data_dir,
        files: _files,
        file,
    } = competition(false);
    let app = App::launch_in(data_dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click("a[data-area=entries]").await;
    let empty = app.text_of("panelis-entries .empty").await;
    assert!(empty.contains("Belum ada inovasi"), "{empty}");
    app.click("[data-action=import]").await;

    // The path goes where the file dialog would put it; the preview reads it.
    app.type_into("input.path-input", &top50().display().to_string())
        .await;
    app.click("[data-action=preview]").await;
    app.wait_text("[data-testid=import-summary]", |t| {
        t.contains("50 inovasi akan diimpor")
    })
    .await;
    assert_eq!(value_of(&app, "select[data-col='0']").await, "no");
    assert_eq!(value_of(&app, "select[data-col='1']").await, "title");
    app.screenshot("shortlist-preview").await;
    // WebKitWebDriver reports only the first row of this table as its text; read the DOM.
    let mapping = app.dom_text("[data-testid=mapping-table]").await;
    assert!(
        mapping.contains("Nama Inovasi") && mapping.contains("Giatki Ces"),
        "{mapping}"
    );
    let preview = app.text_of("[data-testid=import-entries]").await;
    assert!(
        preview.contains("Sehati 2020") && preview.contains("Pemerintah Kabupaten Luwu Utara"),
        "{preview}"
    );
    assert!(app
        .client
        .find(Locator::Css("[data-testid=import-problems]"))
        .await
        .is_err());
    assert_eq!(
        app.text_of("[data-action=import-confirm]").await,
        "Impor 50 inovasi"
    );
    app.screenshot("shortlist-preview").await;

    // Ignoring the title column is a problem at once; choosing it again clears it.
    choose(&app, "select[data-col='1']", "", "ignore the title column").await;
    let problems = app
        .wait_text("[data-testid=import-problems]", |t| t.contains("1 masalah"))
        .await;
    assert!(
        problems.contains("tidak ada kolom nama inovasi"),
        "{problems}"
    );
    // The column ignored is said as not imported, by letter and name.
    let left_out = app.text_of("[data-testid=import-not-imported]").await;
    assert!(
        left_out.contains("Kolom yang tidak diimpor: B 'Nama Inovasi'"),
        "{left_out}"
    );
    assert!(!is_enabled(&app, "[data-action=import-confirm]").await);
    choose(
        &app,
        "select[data-col='1']",
        "title",
        "choose the title column again",
    )
    .await;
    app.wait_text("[data-testid=import-summary]", |t| t.contains("50 inovasi"))
        .await;

    app.click("[data-action=import-confirm]").await;
    app.wait_text("[data-testid=entries-count]", |t| t == "50 inovasi")
        .await;
    let flash = app.text_of("[data-testid=entries-flash]").await;
    assert!(flash.contains("50 inovasi diimpor"), "{flash}");
    // It is on screen: the import was scrolled down to its button, the list is not.
    app.wait_js(
        "the import message in view",
        "const r = document.querySelector('[data-testid=entries-flash]').getBoundingClientRect();
         return r.top >= 0 && r.bottom <= window.innerHeight;",
    )
    .await;
    let table = app.text_of("[data-testid=entries-table]").await;
    assert!(
        table.contains("Giatki Ces") && table.contains("Transportation Smart"),
        "{table}"
    );

    // Categories filter the list.
    choose(
        &app,
        "select.category-filter",
        "Pendidikan",
        "filter by category",
    )
    .await;
    let count = app
        .wait_text("[data-testid=entries-count]", |t| t != "50 inovasi")
        .await;
    let n: u32 = count
        .split_whitespace()
        .next()
        .unwrap_or("0")
        .parse()
        .unwrap_or(0);
    assert!(n > 0 && n < 50, "{count}");
    let table = app.text_of("[data-testid=entries-table]").await;
    assert!(
        table.contains("Jatah Akhirat") && !table.contains("Giatki Ces"),
        "{table}"
    );
    choose(&app, "select.category-filter", "", "all categories").await;
    app.wait_text("[data-testid=entries-count]", |t| t == "50 inovasi")
        .await;

    // Check-in of No 1 and its head of region; a correction of No 2's title.
    let first = "[data-testid=entries-table] tbody tr:first-child";
    choose(
        &app,
        &format!("{first} select.attendance"),
        "yes",
        "check in No 1",
    )
    .await;
    app.wait_text("[data-testid=checkin-summary]", |t| {
        t.starts_with("1 hadir")
    })
    .await;
    app.click(&format!("{first} input.head-attended")).await;
    app.click("[data-testid=entries-table] tbody tr:nth-child(2) [data-edit]")
        .await;
    app.type_into(".entry-dialog input[name=title]", "Sehati 2020 Plus")
        .await;
    app.screenshot("entry-edit").await;
    app.click(".entry-dialog button[value=save]").await;
    app.wait_text("[data-testid=entries-flash]", |t| {
        t.contains("No 2 disimpan")
    })
    .await;
    let table = app.text_of("[data-testid=entries-table]").await;
    assert!(table.contains("Sehati 2020 Plus"), "{table}");
    app.screenshot("entries-imported").await;

    // What the screens show survives a visit elsewhere: it is in the file.
    app.click("a[data-area=overview]").await;
    app.wait_text("[data-testid=count-entries]", |t| t == "50")
        .await;
    app.click("a[data-area=entries]").await;
    wait_value(&app, &format!("{first} select.attendance"), |v| v == "yes").await;
    app.quit().await;

    let store = Store::open(&file).expect("reopen");
    let entries = store.entries().expect("entries");
    assert_eq!(entries.len(), 50);
    assert_eq!(entries[0].present, Some(true));
    assert!(entries[0].head_attended);
    assert_eq!(entries[1].title, "Sehati 2020 Plus");
    assert_eq!(entries[2].present, None);
}

#[tokio::test]
async fn a_bad_sheet_shows_its_problems_by_row_and_imports_nothing() {
    let Setup {
        data_dir,
        files,
        file,
    } = competition(false);
    let sheet = files.path().join("top50-rusak.csv");
    std::fs::write(
        &sheet,
        "DAFTAR TOP 50 INOVASI PELAYANAN PUBLIK\n\nNo;Nama Inovasi;Instansi\n\
         1;Giatki Ces;Pemerintah Kabupaten Luwu Utara\n\
         1;Sehati 2020;Pemerintah Kabupaten Luwu Utara\n\
         3;;Pemerintah Kabupaten Jeneponto\n\
         4;giatki ces;Pemerintah Kabupaten Luwu Utara\n",
    )
    .expect("write the bad sheet");
    let app = App::launch_in(data_dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click("a[data-area=entries]").await;
    app.click("[data-action=import]").await;
    app.type_into("input.path-input", &sheet.display().to_string())
        .await;
    app.click("[data-action=preview]").await;
    let problems = app
        .wait_text("[data-testid=import-problems]", |t| t.contains("3 masalah"))
        .await;
    assert!(problems.contains("tidak ada yang diimpor"), "{problems}");
    let rows: Vec<String> = {
        let cells = app
            .client
            .find_all(Locator::Css(
                "[data-testid=import-problems] tbody td:first-child",
            ))
            .await
            .expect("problem rows");
        let mut rows = Vec::new();
        for cell in cells {
            rows.push(cell.text().await.expect("row number"));
        }
        rows
    };
    assert_eq!(rows, ["5", "6", "7"], "{problems}");
    assert!(
        problems.contains("nomor 1 sudah dipakai di baris 4"),
        "{problems}"
    );
    assert!(problems.contains("nama inovasi kosong"), "{problems}");
    assert!(problems.contains("sudah ada di baris 4"), "{problems}");
    assert!(
        problems.contains("Nama Inovasi"),
        "the column is named: {problems}"
    );
    assert!(!is_enabled(&app, "[data-action=import-confirm]").await);
    let why = app.text_of("[data-testid=import-why]").await;
    assert!(why.contains("Belum dapat diimpor"), "{why}");
    app.screenshot("shortlist-problems").await;

    // In English the same problems are worded in English.
    app.click("[data-action=lang]").await;
    let english = app
        .wait_text("[data-testid=import-problems]", |t| t.contains("3 problem"))
        .await;
    assert!(
        english.contains("number 1 is already used on row 4"),
        "{english}"
    );
    app.click("[data-action=lang]").await;

    app.click("[data-action=import-back]").await;
    let empty = app.text_of("panelis-entries .empty").await;
    assert!(empty.contains("Belum ada inovasi"), "{empty}");
    app.quit().await;
    assert!(Store::open(&file)
        .expect("reopen")
        .entries()
        .expect("entries")
        .is_empty());
}

#[tokio::test]
async fn the_panel_conflicts_and_rubric_are_set_up_and_bad_weights_refused() {
    let Setup {
        data_dir,
        files: _files,
        file,
    } = competition(true);
    let app = App::launch_in(data_dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click("a[data-area=panel]").await;
    let empty = app.text_of("panelis-panel-rubric .empty").await;
    assert!(empty.contains("Belum ada panelis"), "{empty}");

    // Two panelists, the first as chair; then the second's affiliation corrected and the
    // chair moved to her.
    for (name, affiliation, chair) in [
        (
            "Prof. Dr. Andi Rahmawati, M.Si.",
            "Universitas Hasanuddin",
            true,
        ),
        ("Dr. Nurul Hidayah", "UNM", false),
    ] {
        app.click("[data-action=add-panelist]").await;
        app.type_into("form.panelist-add input[name=name]", name)
            .await;
        app.type_into("form.panelist-add input[name=affiliation]", affiliation)
            .await;
        if chair {
            app.click("form.panelist-add input[name=chair]").await;
        }
        app.click("form.panelist-add button.primary").await;
        app.wait_text("[data-testid=panel-table]", |t| t.contains(name))
            .await;
    }
    app.click("[data-testid=panel-table] tbody tr:nth-child(2) [data-edit-panelist]")
        .await;
    app.type_into(
        "form.panelist-edit input[name=affiliation]",
        "Universitas Negeri Makassar",
    )
    .await;
    app.click("form.panelist-edit button.primary").await;
    app.wait_text("[data-testid=panel-table]", |t| {
        t.contains("Universitas Negeri Makassar")
    })
    .await;
    app.click("[data-chair]").await;
    app.wait_text("[data-testid=panel-table] tbody tr:first-child", |t| {
        t.contains("Dr. Nurul Hidayah") && t.contains("Ketua")
    })
    .await;

    // Two conflicts of interest, one withdrawn.
    for (entry_index, reason) in [(6, "berasal dari Kabupaten Jeneponto"), (1, "salah tandai")] {
        find(&app, "form.conflict-add select[name=panelist]")
            .await
            .select_by_index(2)
            .await
            .expect("choose the panelist");
        find(&app, "form.conflict-add select[name=entry]")
            .await
            .select_by_index(entry_index)
            .await
            .expect("choose the entry");
        app.type_into("form.conflict-add input[name=reason]", reason)
            .await;
        app.click("form.conflict-add button.primary").await;
        app.wait_text("[data-testid=conflicts-table]", |t| t.contains(reason))
            .await;
    }
    app.click("[data-testid=conflicts-table] tbody tr:first-child [data-remove-conflict]")
        .await;
    let conflicts = app
        .wait_text("[data-testid=conflicts-table]", |t| {
            !t.contains("salah tandai")
        })
        .await;
    assert!(
        conflicts.contains("SMS - Sapa Masyarakat Sekitar")
            && conflicts.contains("Prof. Dr. Andi Rahmawati, M.Si.")
            && conflicts.contains("berasal dari Kabupaten Jeneponto"),
        "{conflicts}"
    );
    app.screenshot("panel-conflicts").await;

    // The rubric editor: weights not totalling 100 cannot be saved and say why.
    app.click("[data-action=edit-rubric]").await;
    app.type_into(".rubric-editor tbody tr:first-child input.weight", "20")
        .await;
    let status = app
        .wait_text("[data-testid=weight-status]", |t| t.contains("105"))
        .await;
    assert!(status.contains("harus tepat 100"), "{status}");
    assert_eq!(app.text_of("[data-testid=weight-total]").await, "105");
    assert!(!is_enabled(&app, "[data-action=rubric-save]").await);
    app.scroll_to(".rubric-editor").await;
    app.screenshot("rubric-editor-refuses").await;
    // The draft survives a switch of language, and says the same in English.
    app.click("[data-action=lang]").await;
    let status = app
        .wait_text("[data-testid=weight-status]", |t| {
            t.starts_with("Weights total")
        })
        .await;
    assert!(
        status.contains("105") && status.contains("exactly 100"),
        "{status}"
    );
    app.click("[data-action=lang]").await;
    app.wait_text("[data-testid=weight-status]", |t| {
        t.contains("harus tepat 100")
    })
    .await;
    // 20 + 10 on the first two criteria totals 100 again, and saves.
    app.type_into(".rubric-editor tbody tr:nth-child(2) input.weight", "10")
        .await;
    app.wait_text("[data-testid=weight-status]", |t| {
        t.contains("Jumlah bobot 100.")
    })
    .await;
    assert!(is_enabled(&app, "[data-action=rubric-save]").await);
    app.click("[data-action=rubric-save]").await;
    app.wait_text("[data-testid=panel-flash]", |t| t.contains("versi 2"))
        .await;
    let rubric = app.text_of("[data-testid=rubric-table]").await;
    assert!(
        rubric.contains("kebaruan") && rubric.contains("20"),
        "{rubric}"
    );
    app.quit().await;

    let store = Store::open(&file).expect("reopen");
    let panel = store.panelists().expect("panelists");
    assert_eq!(panel.len(), 2);
    assert_eq!(panel[0].name, "Dr. Nurul Hidayah");
    assert!(panel[0].is_chair && !panel[1].is_chair);
    assert_eq!(panel[0].affiliation, "Universitas Negeri Makassar");
    let conflicts = store.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].reason, "berasal dari Kabupaten Jeneponto");
    let rubric = store.rubric().expect("rubric");
    assert_eq!(rubric.version, 2);
    assert_eq!(rubric.criteria[0].weight, 20);
    assert_eq!(rubric.criteria.iter().map(|c| c.weight).sum::<u32>(), 100);
}

#[tokio::test]
async fn a_reimport_shows_the_plan_and_refuses_to_remove_an_entry_with_ballots() {
    let Setup {
        data_dir,
        files,
        file,
    } = competition(true);
    // A panelist has started scoring No 50; the corrected sheet renames No 1, adds No 51,
    // and (the first time) leaves No 50 out.
    let mut store = Store::open(&file).expect("open");
    let panelist = store
        .add_panelist(
            "Prof. Dr. Andi Rahmawati, M.Si.",
            "Universitas Hasanuddin",
            true,
        )
        .expect("panelist");
    let entries = store.entries().expect("entries");
    let criterion = store.rubric().expect("rubric").criteria[0].id;
    store
        .save_draft(
            panelist.id,
            entries[49].id,
            &BallotForm::with_scores(&[(criterion, 80)]),
        )
        .expect("a draft ballot for No 50");
    drop(store);
    let mut corrected = entries.clone();
    corrected[0].title = "Giatki Ces (Gerakan Cinta Kesehatan)".into();
    let mut added = entries[0].clone();
    added.no = 51;
    added.title = "Sipakainga Online".into();
    corrected.push(added);
    let keeps_50 = files.path().join("top51-koreksi.xlsx");
    shortlist::export_xlsx(&corrected, &keeps_50, Lang::Id).expect("write the corrected sheet");
    corrected.retain(|e| e.no != 50);
    let drops_50 = files.path().join("top50-tanpa-50.xlsx");
    shortlist::export_xlsx(&corrected, &drops_50, Lang::Id).expect("write the sheet without No 50");

    let app = App::launch_in(data_dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click("a[data-area=entries]").await;
    app.wait_text("[data-testid=entries-count]", |t| t == "50 inovasi")
        .await;
    app.click("[data-action=import]").await;
    app.type_into("input.path-input", &drops_50.display().to_string())
        .await;
    app.click("[data-action=preview]").await;
    let plan = app
        .wait_text("[data-testid=import-plan]", |t| t.contains("Dihapus (1)"))
        .await;
    assert!(
        plan.contains("Ditambah (1)") && plan.contains("Sipakainga Online"),
        "{plan}"
    );
    assert!(
        plan.contains("Diubah (1)") && plan.contains("Giatki Ces (Gerakan Cinta Kesehatan)"),
        "{plan}"
    );
    assert!(plan.contains("48 inovasi tidak berubah"), "{plan}");
    let problems = app.text_of("[data-testid=import-problems]").await;
    assert!(
        problems.contains("No 50") && problems.contains("tidak dapat dihapus"),
        "{problems}"
    );
    assert!(!is_enabled(&app, "[data-action=import-confirm]").await);
    app.scroll_to("[data-testid=import-problems]").await;
    app.screenshot("shortlist-reimport-refused").await;

    // The sheet that keeps No 50 applies, on confirm.
    app.type_into("input.path-input", &keeps_50.display().to_string())
        .await;
    app.click("[data-action=preview]").await;
    app.wait_text("[data-testid=import-plan]", |t| t.contains("Dihapus (0)"))
        .await;
    assert_eq!(
        app.text_of("[data-action=import-confirm]").await,
        "Terapkan perubahan"
    );
    app.click("[data-action=import-confirm]").await;
    app.wait_text("[data-testid=entries-count]", |t| t == "51 inovasi")
        .await;
    let flash = app.text_of("[data-testid=entries-flash]").await;
    assert!(flash.contains("1 ditambah, 1 diubah, 0 dihapus"), "{flash}");

    // With a ballot given, the rubric editor is locked and says why.
    app.click("a[data-area=panel]").await;
    let locked = app.text_of("[data-testid=rubric-locked]").await;
    assert!(
        locked.contains("Rubrik tidak dapat diubah lagi") && locked.contains("1 lembar nilai"),
        "{locked}"
    );
    assert!(!is_enabled(&app, "[data-action=edit-rubric]").await);
    app.quit().await;

    let entries = Store::open(&file)
        .expect("reopen")
        .entries()
        .expect("entries");
    assert_eq!(entries.len(), 51);
    assert_eq!(entries[0].title, "Giatki Ces (Gerakan Cinta Kesehatan)");
    assert_eq!(entries[50].title, "Sipakainga Online");
}

/// The Biro Organisasi workbook saved by LibreOffice as .xls: a cover sheet, title rows, a
/// two-row header, cluster headings, merged regions and a signature block.
fn biro_xls() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/panelis-core/tests/fixtures/top-biro-libreoffice.xls")
        .canonicalize()
        .expect("the Biro fixture")
}

#[tokio::test]
async fn a_biro_workbook_imports_from_its_list_sheet_with_clusters_and_says_every_row_left_out() {
    let Setup {
        data_dir,
        files: _files,
        file,
    } = competition(false);
    let app = App::launch_in(data_dir).await;
    app.text_of("[data-testid=competition-name]").await;
    app.click("a[data-area=entries]").await;
    app.click("[data-action=import]").await;
    app.type_into("input.path-input", &biro_xls().display().to_string())
        .await;
    app.click("[data-action=preview]").await;
    app.wait_text("[data-testid=import-summary]", |t| {
        t.contains("11 inovasi akan diimpor")
    })
    .await;
    // The list sheet was read, not the cover before it, and the preview says so.
    assert_eq!(
        value_of(&app, "[data-testid=import-sheet]").await,
        "Top Inovasi"
    );
    assert_eq!(value_of(&app, "select[data-col='7']").await, "");
    let left_out = app.dom_text("[data-testid=import-left-out]").await;
    for expected in [
        "8 baris bukan inovasi",
        "DAFTAR TOP INOVASI PELAYANAN PUBLIK",
        "Judul klaster untuk baris di bawahnya",
        "A. KLASTER PEMERINTAH KABUPATEN",
        "Teks di bawah daftar",
        "NIP. 19700101 199503 1 001",
    ] {
        assert!(
            left_out.contains(expected),
            "{expected:?} not in {left_out}"
        );
    }
    let not_imported = app.text_of("[data-testid=import-not-imported]").await;
    assert!(not_imported.contains("H 'KETERANGAN'"), "{not_imported}");
    let entries = app.dom_text("[data-testid=import-entries]").await;
    assert!(
        entries.contains("KLASTER PEMERINTAH KABUPATEN") && entries.contains("Posyandu Digital"),
        "{entries}"
    );
    // The cluster heading merged across row 6 is one line saying what it is, not a value
    // under every column as if it were the number, title and agency of an entry.
    let sample = app.dom_text("[data-testid=sample-left-out]").await;
    assert!(
        sample.contains("A. KLASTER PEMERINTAH KABUPATEN")
            && sample.contains("Judul klaster untuk baris di bawahnya"),
        "{sample}"
    );
    // Every column's field reads whole in its select (none cut to "Perangkat da"): the text
    // fits the room inside the padding, less a native arrow's width when one is drawn.
    let clipped = app
        .client
        .execute(
            r#"const measure = document.createElement('canvas').getContext('2d');
            return [...document.querySelectorAll('select.field-select')].filter((s) => {
              const st = getComputedStyle(s);
              measure.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
              const arrow = st.appearance === 'none' || st.webkitAppearance === 'none' ? 0 : 20;
              const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - arrow;
              return measure.measureText(s.options[s.selectedIndex].text).width > room;
            }).map((s) => s.options[s.selectedIndex].text);"#,
            vec![],
        )
        .await
        .expect("measure the selects");
    app.painted_screenshot("shortlist-biro-preview").await;
    assert_eq!(clipped, serde_json::json!([]), "field names cut off");

    // The cover sheet picked by hand has no list: the problem is said, nothing can be imported.
    choose(
        &app,
        "[data-testid=import-sheet]",
        "Sampul",
        "pick the cover sheet",
    )
    .await;
    app.wait_text("[data-testid=import-problems]", |t| t.contains("masalah"))
        .await;
    assert!(!is_enabled(&app, "[data-action=import-confirm]").await);
    choose(
        &app,
        "[data-testid=import-sheet]",
        "Top Inovasi",
        "pick the list sheet again",
    )
    .await;
    app.wait_text("[data-testid=import-summary]", |t| t.contains("11 inovasi"))
        .await;
    app.click("[data-action=import-confirm]").await;
    app.wait_text("[data-testid=entries-count]", |t| t == "11 inovasi")
        .await;
    let table = app.dom_text("[data-testid=entries-table]").await;
    assert!(table.contains("KLASTER PEMERINTAH KOTA"), "{table}");

    // A correction keeps the cluster: every field goes back with the save.
    app.click("[data-testid=entries-table] tbody tr:first-child [data-edit]")
        .await;
    assert_eq!(
        value_of(&app, ".entry-dialog input[name=cluster]").await,
        "KLASTER PEMERINTAH KABUPATEN"
    );
    app.type_into(".entry-dialog input[name=title]", "Si Cantik Gowa Plus")
        .await;
    app.click(".entry-dialog button[value=save]").await;
    app.wait_text("[data-testid=entries-flash]", |t| {
        t.contains("No 1 disimpan")
    })
    .await;
    app.painted_screenshot("entries-biro").await;
    app.quit().await;

    let entries = Store::open(&file)
        .expect("reopen")
        .entries()
        .expect("entries");
    assert_eq!(entries.len(), 11);
    assert_eq!(entries[0].title, "Si Cantik Gowa Plus");
    assert_eq!(entries[0].cluster, "KLASTER PEMERINTAH KABUPATEN");
    assert_eq!(entries[2].region, "Kabupaten Gowa");
    assert_eq!(entries[10].cluster, "KLASTER PEMERINTAH KOTA");
}
