//! Writes signed previews (self-signed organizer certificate) of every document for a sample competition: `cargo run -p
//! panelis-report --example preview -- OUT_DIR [ENTRIES PANELISTS] [en]`. Also the blank
//! paper score sheets (unsigned), as `blank-sheets.pdf`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = std::path::PathBuf::from(args.get(1).map(String::as_str).unwrap_or("."));
    let entries = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(12);
    let panelists = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let lang = panelis_core::lang::Lang::from_code(args.get(4).map(String::as_str).unwrap_or("id"));
    let sample = panelis_report::sample::sample(entries, panelists);
    let identity =
        panelis_report::Identity::self_signed(&sample.competition.organizer).expect("identity");
    for kind in ["minutes", "recap", "sheets", "schedule", "all"] {
        let kind: panelis_report::DocumentKind = kind.parse().expect("kind");
        let header = panelis_report::DocumentHeader::new(lang);
        match panelis_report::export(kind, &sample.input(), &header, &identity) {
            Ok(pdf) => {
                let path = out.join(format!("{kind:?}.pdf").to_lowercase());
                std::fs::write(&path, pdf).expect("write");
                println!("{}", path.display());
            }
            Err(e) => eprintln!("{kind:?}: {e}"),
        }
    }
    match panelis_report::render_blank_sheets(&sample.blank_input(), lang) {
        Ok(blank) => {
            let path = out.join("blank-sheets.pdf");
            std::fs::write(&path, blank.pdf).expect("write");
            println!("{}", path.display());
        }
        Err(e) => eprintln!("blank sheets: {e}"),
    }
}
