//! Rekapitulasi nilai: every entry by every panelist, the final score and rank, with ties,
//! abstentions, missing ballots and outliers marked. Landscape; the header row repeats on
//! every page. Panelists are columns P1..Pn, named in a legend above the table.

use super::{role, title_and_agency, unscored_words, DocumentKind, ReportInput};
use crate::layout::{cell_padding, line_height, Align, Column, Orientation, Row, Writer};
use panelis_core::lang::Lang;
use panelis_core::results::{Cell, Standing};

pub(super) fn write(w: &mut Writer, input: &ReportInput<'_>, lang: Lang) {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let results = input.results;
    w.section(DocumentKind::Recap.title(lang), Orientation::Landscape);
    // Fewer entries than the competition has: say which, before anything else.
    if let Some(line) = input.covers_line(lang) {
        w.paragraph(&line, 9.0, true, Align::Left);
        w.gap(1.0);
    }

    let legend: Vec<String> = results
        .panelists
        .iter()
        .enumerate()
        .map(|(i, p)| format!("P{} = {} ({})", i + 1, p.name, role(p.is_chair, lang)))
        .collect();
    w.paragraph(
        &format!("{}: {}", t("Panelis", "Panelists"), legend.join(" · ")),
        8.0,
        false,
        Align::Left,
    );
    w.paragraph(
        &match lang {
            Lang::Id => format!(
                "Seri = nilai akhir sama persis, diputuskan oleh panel · abs = abstain (konflik \
                 kepentingan) · – = belum ada nilai · * = berbeda lebih dari {} poin dari \
                 rata-rata panelis lain · Rentang = nilai tertinggi dikurangi terendah",
                results.outlier_points
            ),
            Lang::En => format!(
                "Tied = exactly equal final scores, for the panel to decide · abs = abstained \
                 (conflict of interest) · – = no score yet · * = more than {} points from the \
                 others' mean · Spread = highest minus lowest",
                results.outlier_points
            ),
        },
        7.5,
        false,
        Align::Left,
    );
    w.gap(2.0);

    let width = w.content_width();
    let n = results.panelists.len();
    let rank_w = w.column_for(t("Peringkat", "Rank"), 8.0, 12.0);
    let spread_w = w.column_for(t("Rentang", "Spread"), 8.0, 14.0);
    let fixed = rank_w + 10.0 + 15.0 + 12.0 + spread_w + 18.0;
    // A panelist column holds "100.00*"; at 6 pt that still prints legibly. A panel too
    // large for one landscape table is split into groups of columns, each a full pass over
    // the entries with the final score repeated.
    let fonts = w.fonts();
    let cell_at = |size: f32| fonts.width("100.00*", size, false) + 2.0 * cell_padding(size);
    let min_title = 35.0;
    let per_group = (((width - fixed - min_title) / cell_at(6.0)).floor() as usize).max(1);
    let groups = n.div_ceil(per_group).max(1);
    let group_size = n.div_ceil(groups).max(1);
    let indices: Vec<usize> = (0..n).collect();
    let chunks: Vec<&[usize]> = if n == 0 {
        vec![&indices[..]]
    } else {
        indices.chunks(group_size).collect()
    };
    let mut size = 8.0_f32;
    for (g, chunk) in chunks.iter().enumerate() {
        let k = chunk.len().max(1) as f32;
        let title_w = 55.0_f32.max(width - fixed - k * 15.0).max(min_title);
        let per_panelist = ((width - fixed - title_w) / k).clamp(cell_at(6.0), 15.0);
        let title_w = (width - fixed - per_panelist * chunk.len() as f32).max(min_title);
        // The largest size (up to 8 pt) at which "100.00*" fits the column.
        size = 8.0;
        while size > 6.0 && cell_at(size) > per_panelist {
            size -= 0.25;
        }
        if chunks.len() > 1 {
            if g > 0 {
                w.new_page();
            }
            let (first, last) = (chunk[0] + 1, chunk[chunk.len() - 1] + 1);
            w.paragraph(
                &match lang {
                    Lang::Id => format!(
                        "Panelis P{first}–P{last} (bagian {} dari {})",
                        g + 1,
                        chunks.len()
                    ),
                    Lang::En => format!(
                        "Panelists P{first}–P{last} (part {} of {})",
                        g + 1,
                        chunks.len()
                    ),
                },
                9.0,
                true,
                Align::Left,
            );
            w.gap(1.0);
        }
        let mut columns = vec![
            Column::new(t("Peringkat", "Rank"), rank_w, Align::Center),
            Column::new(t("No", "No"), 10.0, Align::Right),
            Column::new(
                t("Inovasi / Instansi", "Innovation / Agency"),
                title_w,
                Align::Left,
            ),
        ];
        for &i in chunk.iter() {
            columns.push(Column::new(
                format!("P{}", i + 1),
                per_panelist,
                Align::Right,
            ));
        }
        columns.push(Column::new(t("Nilai akhir", "Final"), 15.0, Align::Right));
        // The ballots counted of those expected, as the results screen names it; wide
        // enough that the header never breaks inside the word.
        columns.push(Column::new(t("Lembar", "Ballots"), 14.0, Align::Center));
        columns.push(Column::new(t("Rentang", "Spread"), spread_w, Align::Right));
        columns.push(Column::new(t("Ket.", "Remarks"), 18.0, Align::Left));
        // Whatever is left over goes to the title column.
        let used: f32 = columns.iter().map(|c| c.width).sum();
        columns[2].width += (width - used).max(0.0);

        let rows: Vec<Row> = input
            .covered()
            .into_iter()
            .map(|r| {
                let mut cells = vec![
                    r.rank.map(|k| k.to_string()).unwrap_or_else(|| "–".into()),
                    r.entry.no.to_string(),
                    title_and_agency(&r.entry.title, &r.entry.agency),
                ];
                for &i in chunk.iter() {
                    cells.push(match r.cells.get(i) {
                        Some(Cell::Counted(b)) => {
                            let mut s = b.total.display();
                            if b.outlier {
                                s.push('*');
                            }
                            s
                        }
                        Some(Cell::Abstained { .. }) => "abs".into(),
                        _ => "–".into(),
                    });
                }
                cells.push(r.score.map(|s| s.display()).unwrap_or_else(|| "–".into()));
                cells.push(if r.standing == Standing::Absent {
                    "–".into()
                } else {
                    format!("{}/{}", r.counted, r.expected)
                });
                cells.push(r.spread.map(|s| s.display()).unwrap_or_default());
                let mut notes = Vec::new();
                if r.tied {
                    notes.push(t("Seri", "Tied"));
                }
                if r.score.is_none() {
                    notes.push(unscored_words(r.standing, lang));
                }
                cells.push(notes.join("; "));
                Row {
                    cells,
                    bold: r.tied,
                    shade: r.tied,
                }
            })
            .collect();
        w.table(&columns, &rows, size);
    }
    w.gap(line_height(size));
    // The ballots not counted of the entries covered (of an entry no longer on the list
    // only when every entry is covered).
    let skipped: Vec<_> = results
        .skipped
        .iter()
        .filter(|s| match s.entry_no {
            Some(no) => input.covers(no),
            None => input.partial_scope().is_none(),
        })
        .collect();
    if !skipped.is_empty() {
        w.paragraph(
            &format!(
                "{}: {}",
                t("Lembar nilai yang tidak dihitung", "Ballots not counted"),
                skipped.len()
            ),
            8.0,
            true,
            Align::Left,
        );
        for s in skipped {
            let who = s.panelist.as_deref().unwrap_or("?");
            let no = s
                .entry_no
                .map(|no| no.to_string())
                .unwrap_or_else(|| "?".into());
            w.paragraph(
                &format!("{who}, No {no}: {}", s.message(lang)),
                7.5,
                false,
                Align::Left,
            );
        }
    }
}
