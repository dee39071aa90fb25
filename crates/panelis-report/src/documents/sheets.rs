//! Lembar penilaian: one score sheet per panelist, each its own section with its own page
//! numbering: every entry's criterion scores, the weighted total, the note, the ballot's
//! signature fingerprint, and a signature line for the panelist.

use super::{role, DocumentKind, ReportInput};
use crate::layout::{Align, Column, Orientation, Row, Writer, MARGIN};
use crate::words;
use panelis_core::lang::Lang;
use panelis_core::results::Cell;

pub(super) fn write(w: &mut Writer, input: &ReportInput<'_>, lang: Lang) {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let results = input.results;
    let criteria = &results.rubric.criteria;
    // The entries covered, in shortlist order on a score sheet, not rank order.
    let mut order: Vec<usize> = (0..results.rows.len())
        .filter(|&i| input.covers(results.rows[i].entry.no))
        .collect();
    order.sort_by_key(|&i| results.rows[i].entry.no);

    if results.panelists.is_empty() {
        w.section(DocumentKind::Sheets.title(lang), Orientation::Portrait);
        w.paragraph(
            t("Belum ada panelis.", "There are no panelists yet."),
            10.0,
            false,
            Align::Left,
        );
    }
    for (pi, panelist) in results.panelists.iter().enumerate() {
        w.section(
            format!("{}: {}", DocumentKind::Sheets.title(lang), panelist.name),
            Orientation::Portrait,
        );
        w.paragraph(
            &format!(
                "{}: {} ({})",
                t("Panelis", "Panelist"),
                panelist.name,
                role(panelist.is_chair, lang)
            ),
            10.0,
            true,
            Align::Left,
        );
        if !panelist.affiliation.trim().is_empty() {
            w.paragraph(&panelist.affiliation, 9.0, false, Align::Left);
        }
        w.gap(1.0);
        let legend: Vec<String> = criteria
            .iter()
            .enumerate()
            .map(|(k, c)| {
                format!(
                    "K{} = {} ({}%, {}–{})",
                    k + 1,
                    lang.pick(&c.label_id, &c.label_en),
                    c.weight,
                    c.scale_min,
                    c.scale_max
                )
            })
            .collect();
        if let Some(line) = input.covers_line(lang) {
            w.paragraph(&line, 8.0, true, Align::Left);
        }
        w.paragraph(
            &format!("{}: {}", t("Kriteria", "Criteria"), legend.join(" · ")),
            7.5,
            false,
            Align::Left,
        );
        w.paragraph(
            t(
                "Total = jumlah (bobot × nilai) / jumlah bobot, skala 0–100. Sidik jari = sidik \
                 tanda tangan digital lembar nilai yang tercatat.",
                "Total = sum of (weight × score) / sum of weights, on 0–100. Fingerprint = of the \
                 digital signature of the ballot on record.",
            ),
            7.5,
            false,
            Align::Left,
        );
        w.gap(2.0);

        let width = w.content_width();
        let k = criteria.len().max(1) as f32;
        let per = ((width - 9.0 - 40.0 - 14.0 - 19.0 - 30.0) / k).clamp(7.0, 14.0);
        let mut columns = vec![
            Column::new(t("No", "No"), 9.0, Align::Right),
            Column::new(t("Inovasi", "Innovation"), 40.0, Align::Left),
        ];
        for i in 0..criteria.len() {
            columns.push(Column::new(format!("K{}", i + 1), per, Align::Right));
        }
        columns.push(Column::new(t("Total", "Total"), 14.0, Align::Right));
        columns.push(Column::new(
            t("Sidik jari", "Fingerprint"),
            19.0,
            Align::Left,
        ));
        let used: f32 = columns.iter().map(|c| c.width).sum();
        columns.push(Column::new(
            t("Catatan", "Notes"),
            (width - used).max(20.0),
            Align::Left,
        ));

        let rows: Vec<Row> = order
            .iter()
            .map(|&i| {
                let r = &results.rows[i];
                let mut cells = vec![r.entry.no.to_string(), r.entry.title.clone()];
                let dash = || vec!["–".to_string(); criteria.len()];
                match r.cells.get(pi) {
                    Some(Cell::Counted(b)) => {
                        cells.extend(b.scores.iter().map(|s| s.to_string()));
                        cells.push(b.total.display());
                        cells.push(b.fingerprint.clone());
                        cells.push(b.note.clone());
                        Row::new(cells)
                    }
                    Some(Cell::Abstained { reason }) => {
                        cells.extend(dash());
                        cells.push("–".into());
                        cells.push(String::new());
                        let why = if reason.trim().is_empty() {
                            String::new()
                        } else {
                            format!(": {reason}")
                        };
                        cells.push(format!(
                            "{}{why}",
                            t(
                                "Abstain (konflik kepentingan)",
                                "Abstained (conflict of interest)"
                            )
                        ));
                        Row {
                            cells,
                            bold: false,
                            shade: true,
                        }
                    }
                    Some(cell @ (Cell::Absent | Cell::Retired)) => {
                        cells.extend(dash());
                        cells.push("–".into());
                        cells.push(String::new());
                        cells.push(if matches!(cell, Cell::Absent) {
                            t("Tidak hadir", "Absent").to_string()
                        } else {
                            t("Mundur dari panel", "Left the panel").to_string()
                        });
                        Row {
                            cells,
                            bold: false,
                            shade: true,
                        }
                    }
                    _ => {
                        cells.extend(dash());
                        cells.push("–".into());
                        cells.push(String::new());
                        cells.push(t("Belum dinilai", "Not scored").to_string());
                        Row::new(cells)
                    }
                }
            })
            .collect();
        w.table(&columns, &rows, 7.5);
        w.gap(6.0);

        let place_date = if input.minutes.place.trim().is_empty() {
            words::date_short(input.minutes.date, lang)
        } else {
            format!(
                "{}, {}",
                input.minutes.place,
                words::date_short(input.minutes.date, lang)
            )
        };
        let col = 75.0;
        let role_text = format!("{place_date}\n{}", t("Panelis", "Panelist"));
        let h = w.signature_block_height(col, &role_text, &panelist.name, &panelist.affiliation);
        w.ensure(h + 2.0);
        w.signature_block(
            MARGIN + width - col,
            col,
            &role_text,
            &panelist.name,
            &panelist.affiliation,
        );
    }
}
