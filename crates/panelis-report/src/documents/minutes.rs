//! Berita acara hasil penilaian: the official minutes. Letterhead, the date in words, venue,
//! panel, method (rubric and weights), the ranked list, and a signature block for every panel
//! member (chair first) and the secretariat. With the panel's decision on record, the
//! minutes state it ("Keputusan panel": the agreed order, outcomes, the reasons for tie
//! orders and departures, and the quorum) and attach the numeric ranking (lampiran).

use super::{role, scope_words, title_and_agency, unscored_words, DocumentKind, ReportInput};
use crate::layout::{Align, Column, Orientation, Row, Writer, MARGIN};
use crate::words;
use panelis_core::lang::Lang;
use panelis_core::results::{EntryResult, Standing};
use panelis_core::store::DecisionView;
use panelis_core::text::number_runs;

pub(super) fn write(w: &mut Writer, input: &ReportInput<'_>, lang: Lang) {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let c = input.competition;
    let results = input.results;
    w.section(DocumentKind::Minutes.title(lang), Orientation::Portrait);

    let organizer = super::letterhead(w, c);

    w.paragraph(
        t(
            "BERITA ACARA HASIL PENILAIAN PRESENTASI DAN WAWANCARA",
            "OFFICIAL MINUTES OF THE PRESENTATION AND INTERVIEW ASSESSMENT",
        ),
        11.5,
        true,
        Align::Center,
    );
    w.paragraph(&c.name.to_uppercase(), 10.0, true, Align::Center);
    w.gap(4.0);

    let venue = if c.venue.trim().is_empty() {
        String::new()
    } else {
        format!(", {} {}", t("bertempat di", "at"), c.venue)
    };
    let opening = match lang {
        Lang::Id => format!(
            "{}{venue}, Tim Panel Independen {} telah melaksanakan penilaian presentasi dan \
             wawancara terhadap {}, dengan susunan tim panel sebagai berikut:",
            words::date_in_words(input.minutes.date, lang),
            c.name,
            covered_words(input, lang)
        ),
        Lang::En => format!(
            "{}{venue}, the Independent Panel of {} assessed the presentations and interviews \
             of {}. The panel was:",
            words::date_in_words(input.minutes.date, lang),
            c.name,
            covered_words(input, lang)
        ),
    };
    w.paragraph(&opening, 10.0, false, Align::Left);
    w.gap(2.0);
    let width = w.content_width();
    let panel_rows: Vec<Row> = results
        .panelists
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Row::new(vec![
                (i + 1).to_string(),
                p.name.clone(),
                if p.retired_at.is_some() {
                    t("Mundur dari panel", "Left the panel").to_string()
                } else {
                    role(p.is_chair, lang).to_string()
                },
                p.affiliation.clone(),
            ])
        })
        .collect();
    w.table(
        &[
            Column::new(t("No", "No"), 10.0, Align::Right),
            Column::new(t("Nama", "Name"), 72.0, Align::Left),
            Column::new(t("Jabatan", "Role"), 22.0, Align::Left),
            Column::new(t("Instansi", "Affiliation"), width - 104.0, Align::Left),
        ],
        &panel_rows,
        8.5,
    );
    w.gap(4.0);

    // Method.
    w.paragraph(t("Metode penilaian", "Method"), 10.0, true, Align::Left);
    w.gap(1.0);
    let rubric = &results.rubric;
    w.paragraph(
        &match lang {
            Lang::Id => format!(
                "Penilaian menggunakan rubrik \"{}\" (versi {}) dengan kriteria dan bobot berikut:",
                rubric.name, rubric.version
            ),
            Lang::En => format!(
                "The assessment used the rubric \"{}\" (version {}) with these criteria and weights:",
                rubric.name, rubric.version
            ),
        },
        10.0,
        false,
        Align::Left,
    );
    w.gap(2.0);
    let criteria_rows: Vec<Row> = rubric
        .criteria
        .iter()
        .enumerate()
        .map(|(i, cr)| {
            Row::new(vec![
                (i + 1).to_string(),
                lang.pick(&cr.label_id, &cr.label_en).to_string(),
                format!("{}%", cr.weight),
                format!("{}–{}", cr.scale_min, cr.scale_max),
            ])
        })
        .collect();
    w.table(
        &[
            Column::new(t("No", "No"), 10.0, Align::Right),
            Column::new(t("Kriteria", "Criterion"), width - 60.0, Align::Left),
            Column::new(t("Bobot", "Weight"), 25.0, Align::Right),
            Column::new(t("Skala", "Scale"), 25.0, Align::Center),
        ],
        &criteria_rows,
        8.5,
    );
    w.gap(2.0);
    w.paragraph(
        &match lang {
            Lang::Id => format!(
                "Nilai setiap panelis adalah jumlah (bobot × nilai) dibagi jumlah bobot, pada \
                 skala 0–100. Nilai akhir adalah rata-rata nilai panelis yang menilai; panelis \
                 yang memiliki konflik kepentingan tidak menilai inovasi tersebut (abstain). \
                 Nilai dihitung secara eksak dan dibulatkan dua desimal hanya untuk ditampilkan. \
                 Nilai akhir yang sama persis mendapat peringkat yang sama dan ditandai \"seri\" \
                 untuk diputuskan oleh panel. Nilai seorang panelis yang berbeda lebih dari {} \
                 poin dari rata-rata panelis lain ditandai.",
                results.outlier_points
            ),
            Lang::En => format!(
                "Each panelist's score is the sum of (weight × score) divided by the sum of the \
                 weights, on 0–100. The final score is the mean of the scores of the panelists \
                 who scored; a panelist with a conflict of interest abstains on that entry. \
                 Scores are computed exactly and rounded to two decimals only for display. \
                 Exactly equal final scores share a rank and are marked \"tied\" for the panel \
                 to decide. A panelist's score more than {} points from the others' mean is \
                 flagged.",
                results.outlier_points
            ),
        },
        9.0,
        false,
        Align::Left,
    );
    w.gap(4.0);

    // The panel's decision, with the numeric ranking attached; or, without a decision on
    // record, the ranking itself.
    match input.decision {
        Some(decision) => decision_part(w, input, decision, lang),
        None => ranking(w, input, lang),
    }
    closing(w, input, &organizer, lang);

    // The numeric ranking the decision was made on, attached.
    if input.decision.is_some() {
        w.new_page();
        w.paragraph(
            t(
                "Lampiran: Peringkat nilai (rekapitulasi)",
                "Attachment: Ranking by score (recapitulation)",
            ),
            11.0,
            true,
            Align::Left,
        );
        w.gap(2.0);
        ranking(w, input, lang);
    }
}

/// The closing: the closing sentence, the place and date, and the signatures (the panel
/// under its heading, chair first, then the secretariat, each signatory with their role),
/// kept together on one page whenever they fit on one, so no signature stands on a page
/// apart from the text it signs. A panel too large for one page keeps each line of blocks
/// whole instead.
fn closing(w: &mut Writer, input: &ReportInput<'_>, organizer: &str, lang: Lang) {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let ending = t(
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana \
         mestinya.",
        "These minutes were drawn up truthfully, to be used as appropriate.",
    );
    let place_date = if input.minutes.place.trim().is_empty() {
        words::date_short(input.minutes.date, lang)
    } else {
        format!(
            "{}, {}",
            input.minutes.place,
            words::date_short(input.minutes.date, lang)
        )
    };
    let heading = t("Tim Panel Independen", "Independent Panel");
    let panel: Vec<(String, String, String)> = input
        .results
        .panelists
        .iter()
        // Who left the panel did not agree the decision: their ballots count, they do not sign.
        .filter(|p| p.retired_at.is_none())
        .map(|p| {
            (
                role(p.is_chair, lang).to_string(),
                p.name.clone(),
                p.affiliation.clone(),
            )
        })
        .collect();
    let secretariat: Vec<(String, String, String)> = if input.minutes.secretariat.is_empty() {
        vec![(
            t("Sekretariat", "Secretariat").to_string(),
            "(.................................)".to_string(),
            organizer.to_string(),
        )]
    } else {
        input
            .minutes
            .secretariat
            .iter()
            .map(|s| (s.role.clone(), s.name.clone(), organizer.to_string()))
            .collect()
    };

    let whole = w.paragraph_height(ending, 10.0, false)
        + 3.0
        + w.paragraph_height(&place_date, 10.0, false)
        + 3.0
        + w.paragraph_height(heading, 10.0, true)
        + 2.0
        + grid_height(w, &panel)
        + 4.0
        + grid_height(w, &secretariat);
    if whole <= w.page_room() {
        w.ensure(whole);
    }
    w.paragraph(ending, 10.0, false, Align::Left);
    w.gap(3.0);
    w.paragraph(&place_date, 10.0, false, Align::Right);
    w.gap(3.0);
    // The heading stays with the first line of blocks under it.
    let first = grid_height(w, &panel[..panel.len().min(2)]);
    w.ensure(w.paragraph_height(heading, 10.0, true) + 2.0 + first);
    w.paragraph(heading, 10.0, true, Align::Center);
    w.gap(2.0);
    signature_grid(w, &panel);
    w.gap(4.0);
    signature_grid(w, &secretariat);
}

/// The width of one signature block: two per line.
fn block_width(w: &Writer) -> f32 {
    (w.content_width() - 10.0) / 2.0
}

/// The height [`signature_grid`] takes for `blocks`.
fn grid_height(w: &Writer, blocks: &[(String, String, String)]) -> f32 {
    let col = block_width(w);
    blocks
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|(r, n, d)| w.signature_block_height(col, r, n, d))
                .fold(0.0_f32, f32::max)
                + 5.0
        })
        .sum()
}

/// Signature blocks, two per line, never split across a page.
fn signature_grid(w: &mut Writer, blocks: &[(String, String, String)]) {
    let width = w.content_width();
    let col = block_width(w);
    for pair in blocks.chunks(2) {
        let h = pair
            .iter()
            .map(|(r, n, d)| w.signature_block_height(col, r, n, d))
            .fold(0.0_f32, f32::max);
        w.ensure(h + 4.0);
        let top = w.y;
        let mut bottom = top;
        for (i, (role, name, detail)) in pair.iter().enumerate() {
            w.y = top;
            let x = if pair.len() == 1 {
                MARGIN + (width - col) / 2.0
            } else {
                MARGIN + i as f32 * (col + 10.0)
            };
            w.signature_block(x, col, role, name, detail);
            bottom = bottom.max(w.y);
        }
        w.y = bottom + 5.0;
    }
}

/// The ranked list by score of the entries covered: rank, entry, final score, ballots and
/// remarks (an entry without a score says why: absent, or not scored).
fn ranking(w: &mut Writer, input: &ReportInput<'_>, lang: Lang) {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let width = w.content_width();
    w.paragraph(
        t("Hasil penilaian", "Result of the assessment"),
        10.0,
        true,
        Align::Left,
    );
    w.gap(1.0);
    let rows: Vec<Row> = input
        .covered()
        .into_iter()
        .map(|r| {
            let mut notes = Vec::new();
            if r.tied {
                notes.push(t("Seri", "Tied").to_string());
            }
            let abstentions = r.abstentions();
            if abstentions > 0 {
                notes.push(format!("{abstentions} {}", t("abstain", "abstained")));
            }
            if r.score.is_none() {
                notes.push(unscored_words(r.standing, lang).to_string());
            }
            Row {
                cells: vec![
                    r.rank.map(|k| k.to_string()).unwrap_or_else(|| "–".into()),
                    r.entry.no.to_string(),
                    title_and_agency(&r.entry.title, &r.entry.agency),
                    r.score.map(|s| s.display()).unwrap_or_else(|| "–".into()),
                    ballots(r),
                    notes.join("; "),
                ],
                bold: r.tied,
                shade: r.tied,
            }
        })
        .collect();
    w.table(
        &[
            Column::new(t("Peringkat", "Rank"), 19.0, Align::Center),
            Column::new(t("No", "No"), 10.0, Align::Right),
            Column::new(
                t("Inovasi / Instansi", "Innovation / Agency"),
                width - 101.0,
                Align::Left,
            ),
            Column::new(t("Nilai akhir", "Final score"), 18.0, Align::Right),
            Column::new(t("Panelis", "Panelists"), 16.0, Align::Center),
            Column::new(t("Keterangan", "Remarks"), 38.0, Align::Left),
        ],
        &rows,
        8.0,
    );
    w.gap(4.0);
}

/// What the opening sentence says the minutes cover: how many entries (of how many, and
/// which, when fewer than all), whether their results are final, and how many were scored,
/// were absent (which) and are not scored yet.
fn covered_words(input: &ReportInput<'_>, lang: Lang) -> String {
    let covered = input.covered();
    let count = |standing: Standing| covered.iter().filter(|r| r.standing == standing).count();
    let absent: Vec<u32> = {
        let mut nos: Vec<u32> = covered
            .iter()
            .filter(|r| r.standing == Standing::Absent)
            .map(|r| r.entry.no)
            .collect();
        nos.sort_unstable();
        nos
    };
    let what = match input.partial_scope() {
        Some(scope) => scope_words(scope, lang),
        None => format!(
            "{} {}",
            covered.len(),
            lang.pick("inovasi pelayanan publik", "public service innovations")
        ),
    };
    // After a partial scope's list ("..., yaitu No 1-5") the clause joins it with "dan".
    let partial = input.partial_scope().is_some();
    let finality = match (input.scope.map(|s| s.finalized), partial, lang) {
        (None, _, _) => "",
        (Some(true), true, Lang::Id) => " dan hasilnya telah difinalisasi",
        (Some(true), false, Lang::Id) => " yang hasilnya telah difinalisasi",
        (Some(false), _, Lang::Id) => " yang hasilnya belum difinalisasi",
        (Some(true), _, Lang::En) => ", whose results are final",
        (Some(false), _, Lang::En) => ", whose results are not final yet",
    };
    let mut parts = vec![format!(
        "{} {}",
        count(Standing::Scored),
        lang.pick("dinilai", "scored")
    )];
    if !absent.is_empty() {
        parts.push(format!(
            "{} {}: No {}",
            absent.len(),
            lang.pick("tidak hadir", "absent"),
            number_runs(&absent)
        ));
    }
    let unscored = count(Standing::Unscored);
    if unscored > 0 {
        parts.push(format!(
            "{unscored} {}",
            lang.pick("belum dinilai", "not scored yet")
        ));
    }
    format!("{what}{finality} ({})", parts.join(", "))
}

/// "4/5" ballots counted of those expected; "–" for an entry that did not present.
fn ballots(r: &EntryResult) -> String {
    if r.standing == Standing::Absent {
        "–".into()
    } else {
        format!("{}/{}", r.counted, r.expected)
    }
}

/// "Keputusan panel": the agreed list in the agreed order with outcomes and the reasons for
/// every tie order and departure, then what the quorum was.
fn decision_part(w: &mut Writer, input: &ReportInput<'_>, decision: &DecisionView, lang: Lang) {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let width = w.content_width();
    w.paragraph(
        t("Keputusan panel", "The panel's decision"),
        10.0,
        true,
        Align::Left,
    );
    w.gap(1.0);
    w.paragraph(
        t(
            "Setelah memperhatikan rekapitulasi nilai (terlampir), Tim Panel Independen secara \
             musyawarah menyepakati urutan dan hasil berikut:",
            "Having considered the recapitulation of scores (attached), the Independent Panel \
             agreed by deliberation on the following order and outcomes:",
        ),
        10.0,
        false,
        Align::Left,
    );
    w.gap(2.0);
    let numbers = |list: &[u32]| {
        list.iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows: Vec<Row> = decision
        .evaluation
        .rows
        .iter()
        .filter(|r| r.place.is_some() && input.covers(r.no))
        .map(|r| {
            let mut notes = Vec::new();
            if r.score.is_none() {
                notes.push(t("Belum dinilai", "Not scored").to_string());
            } else if r.tie_open {
                notes.push(t("Seri, belum diurutkan panel", "Tied, not yet ordered").to_string());
            } else if r.tied {
                notes.push(t("Seri, diurutkan panel", "Tied, ordered by the panel").to_string());
            }
            if !r.departs_over.is_empty() {
                notes.push(match lang {
                    Lang::Id => format!(
                        "Menyimpang dari urutan nilai (di atas No {})",
                        numbers(&r.departs_over)
                    ),
                    Lang::En => format!(
                        "Departs from score order (above No {})",
                        numbers(&r.departs_over)
                    ),
                });
            }
            if let Some(reason) = &r.order_reason {
                notes.push(format!(
                    "{}: {reason}",
                    t("Alasan urutan", "Reason for the order")
                ));
            }
            if !r.outcome_over.is_empty() {
                notes.push(match lang {
                    Lang::Id => format!("Hasil di atas No {}", numbers(&r.outcome_over)),
                    Lang::En => format!("Outcome over No {}", numbers(&r.outcome_over)),
                });
            }
            if let Some(reason) = &r.outcome_reason {
                notes.push(format!(
                    "{}: {reason}",
                    t("Alasan hasil", "Reason for the outcome")
                ));
            }
            let departure = r.is_departure();
            Row {
                cells: vec![
                    r.place.map(|p| p.to_string()).unwrap_or_else(|| "–".into()),
                    r.no.to_string(),
                    title_and_agency(&r.title, &r.agency),
                    r.cluster.clone(),
                    r.score.clone().unwrap_or_else(|| "–".into()),
                    r.outcome.clone().unwrap_or_default(),
                    notes.join("; "),
                ],
                bold: r.outcome.is_some() || departure,
                shade: departure || r.tie_open,
            }
        })
        .collect();
    w.table(
        &[
            Column::new(t("Urutan", "Place"), 14.0, Align::Center),
            Column::new(t("No", "No"), 9.0, Align::Right),
            Column::new(
                t("Inovasi / Instansi", "Innovation / Agency"),
                width - 130.0,
                Align::Left,
            ),
            Column::new(t("Klaster", "Cluster"), 25.0, Align::Left),
            Column::new(t("Nilai", "Score"), 14.0, Align::Right),
            Column::new(t("Hasil", "Outcome"), 26.0, Align::Left),
            Column::new(t("Keterangan", "Remarks"), 42.0, Align::Left),
        ],
        &rows,
        8.0,
    );
    w.gap(2.0);
    // Entries without a score have no place: one line says which did not present, one
    // which are not scored yet.
    let standing: std::collections::HashMap<u32, Standing> = input
        .covered()
        .iter()
        .map(|r| (r.entry.no, r.standing))
        .collect();
    let placeless = |wanted: Standing| -> Vec<u32> {
        decision
            .evaluation
            .rows
            .iter()
            .filter(|r| r.place.is_none() && standing.get(&r.no) == Some(&wanted))
            .map(|r| r.no)
            .collect()
    };
    let absent = placeless(Standing::Absent);
    let unscored = placeless(Standing::Unscored);
    let mut lines = Vec::new();
    if !absent.is_empty() {
        lines.push(match lang {
            Lang::Id => format!(
                "Tidak hadir ({} inovasi, tanpa urutan): No {}.",
                absent.len(),
                number_runs(&absent)
            ),
            Lang::En => format!(
                "Absent ({} entries, without a place): No {}.",
                absent.len(),
                number_runs(&absent)
            ),
        });
    }
    if !unscored.is_empty() {
        lines.push(match lang {
            Lang::Id => format!(
                "Belum dinilai ({} inovasi, tanpa urutan): No {}.",
                unscored.len(),
                number_runs(&unscored)
            ),
            Lang::En => format!(
                "Not scored ({} entries, without a place): No {}.",
                unscored.len(),
                number_runs(&unscored)
            ),
        });
    }
    for text in lines {
        w.paragraph(&text, 9.5, false, Align::Left);
        w.gap(1.5);
    }
    w.gap(1.0);

    // The quorum.
    let missing_text = |missing: &[panelis_core::decision::MissingBallot]| {
        missing
            .iter()
            .map(|m| format!("No {} ({})", m.no, m.panelist))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // The quorum of the entries covered (an absent entry expects no ballot).
    let q = &panelis_core::decision::quorum(input.results, |id| {
        input
            .results
            .rows
            .iter()
            .any(|r| r.entry.id == id && input.covers(r.entry.no))
    });
    let mut statements = Vec::new();
    for o in &decision.overrides {
        statements.push(match lang {
            Lang::Id => format!(
                "Hasil No {} difinalisasi dengan persetujuan ketua ({}) meskipun penilaian belum \
                 lengkap, dengan alasan: \"{}\". Penilaian yang belum ada: {}.",
                number_runs(&o.entries),
                o.chair,
                o.reason,
                missing_text(&o.missing)
            ),
            Lang::En => format!(
                "The results of No {} were finalized with the chair's consent ({}) although \
                 ballots were missing, for this reason: \"{}\". Missing ballots: {}.",
                number_runs(&o.entries),
                o.chair,
                o.reason,
                missing_text(&o.missing)
            ),
        });
    }
    if q.missing.is_empty() {
        statements.push(match lang {
            Lang::Id => format!(
                "Kuorum: seluruh {} penilaian yang diharapkan (anggota panel dikurangi panelis \
                 yang abstain karena konflik kepentingan) telah diterima.",
                q.expected
            ),
            Lang::En => format!(
                "Quorum: all {} expected ballots (the panel less the panelists who abstain for \
                 a conflict of interest) were received.",
                q.expected
            ),
        });
    } else if decision.overrides.is_empty() {
        statements.push(match lang {
            Lang::Id => format!(
                "Kuorum: {} dari {} penilaian yang diharapkan diterima; belum ada: {}.",
                q.counted,
                q.expected,
                missing_text(&q.missing)
            ),
            Lang::En => format!(
                "Quorum: {} of {} expected ballots received; missing: {}.",
                q.counted,
                q.expected,
                missing_text(&q.missing)
            ),
        });
    } else {
        statements.push(match lang {
            Lang::Id => format!(
                "Kuorum: {} dari {} penilaian yang diharapkan diterima.",
                q.counted, q.expected
            ),
            Lang::En => format!(
                "Quorum: {} of {} expected ballots received.",
                q.counted, q.expected
            ),
        });
    }
    for text in statements {
        w.paragraph(&text, 9.5, false, Align::Left);
        w.gap(1.5);
    }
    w.gap(2.0);
}
