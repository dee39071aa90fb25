//! How long the official documents take: every document type for 50 entries x 7 panelists
//! (a provincial Top 50) and 1,000 entries x 20 panelists (far beyond any real session),
//! split into results math, layout, signing and verification. Plain `main`, prints times:
//! `cargo bench -p panelis-report`.

use panelis_core::lang::Lang;
use panelis_core::results::{compute, ResultInput, ResultOptions};
use panelis_report::sample::sample;
use panelis_report::{render, sign, verify, DocumentHeader, DocumentKind, Identity};
use std::time::{Duration, Instant};

fn ms(d: Duration) -> String {
    format!("{:>9.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let identity =
        Identity::self_signed("Biro Organisasi Setda Provinsi Sulawesi Selatan").expect("identity");
    for (entries, panelists) in [(50, 7), (1000, 20)] {
        let s = sample(entries, panelists);
        let t = Instant::now();
        let table = compute(
            ResultInput {
                entries: &s.entries,
                panelists: &s.panelists,
                rubric: &s.rubric,
                conflicts: &s.conflicts,
                ballots: &s.ballots,
            },
            ResultOptions {
                z_scores: true,
                ..ResultOptions::default()
            },
        );
        let math = t.elapsed();
        println!(
            "{entries} entries x {panelists} panelists ({} ballots): results {}",
            s.ballots.len(),
            ms(math)
        );
        assert_eq!(table.rows.len(), entries);
        let mut total = math;
        for kind in [
            DocumentKind::Minutes,
            DocumentKind::Recap,
            DocumentKind::Sheets,
            DocumentKind::Schedule,
            DocumentKind::All,
        ] {
            let header = DocumentHeader::new(Lang::Id);
            let t = Instant::now();
            let rendered = render(kind, &s.input(), &header).expect("render");
            let layout = t.elapsed();
            let t = Instant::now();
            let signed = sign::sign_pdf(
                &rendered.pdf,
                &identity,
                &sign::Embedding {
                    header: &header,
                    result_json: &rendered.result_json,
                    result_sha256: &rendered.result_sha256,
                    reason: kind.title(Lang::Id),
                    location: &s.competition.venue,
                },
                chrono::Utc::now(),
            )
            .expect("sign");
            let signing = t.elapsed();
            let t = Instant::now();
            verify(&signed).expect("valid");
            let checking = t.elapsed();
            let pages = signed
                .windows(11)
                .filter(|w| &w[..10] == b"/Type/Page" && w[10] != b's')
                .count();
            if kind != DocumentKind::All {
                total += layout + signing;
            }
            println!(
                "  {:<9} layout {}  sign {}  verify {}  {:>5} pages {:>8.0} KB",
                format!("{kind:?}"),
                ms(layout),
                ms(signing),
                ms(checking),
                pages,
                signed.len() as f64 / 1024.0
            );
        }
        println!(
            "  all four documents one by one, results included: {}",
            ms(total)
        );
    }
}
