//! Pengumuman hasil: the one-page announcement of the outcomes the panel gave, for
//! publishing: each outcome in the competition's order with its entries (per cluster where
//! the outcome is counted per cluster), the final scores only when asked for.

use super::{scope_words, DocumentKind, ReportInput};
use crate::error::{ContentRefusal, ReportError, Result};
use crate::layout::{Align, Column, Orientation, Row, Writer};
use panelis_core::decision::OutcomeScope;
use panelis_core::lang::Lang;

pub(super) fn write(w: &mut Writer, input: &ReportInput<'_>, lang: Lang) -> Result<()> {
    let t = |id: &'static str, en: &'static str| lang.pick(id, en);
    let Some(decision) = input.decision else {
        return Err(ReportError::Content(
            ContentRefusal::AnnouncementNeedsDecision,
        ));
    };
    let c = input.competition;
    w.section(
        DocumentKind::Announcement.title(lang),
        Orientation::Portrait,
    );
    super::letterhead(w, c);
    w.paragraph(
        t("PENGUMUMAN HASIL PENILAIAN", "ANNOUNCEMENT OF THE RESULTS"),
        12.0,
        true,
        Align::Center,
    );
    w.paragraph(&c.name.to_uppercase(), 10.0, true, Align::Center);
    w.gap(4.0);
    // Fewer entries than the competition has (those whose results are final): the
    // sentence says which.
    let opening = match (input.partial_scope(), lang) {
        (None, _) => t(
            "Berdasarkan keputusan Tim Panel Independen atas penilaian presentasi dan \
             wawancara, dengan ini diumumkan hasil sebagai berikut:",
            "Following the decision of the Independent Panel on the assessment of the \
             presentations and interviews, the results are announced as follows:",
        )
        .to_string(),
        (Some(scope), Lang::Id) => format!(
            "Berdasarkan keputusan Tim Panel Independen atas penilaian presentasi dan \
             wawancara terhadap {} dan hasilnya telah difinalisasi, dengan ini diumumkan \
             hasil sebagai berikut:",
            scope_words(scope, lang)
        ),
        (Some(scope), Lang::En) => format!(
            "Following the decision of the Independent Panel on the assessment of the \
             presentations and interviews of {}, whose results are final, the results are \
             announced as follows:",
            scope_words(scope, lang)
        ),
    };
    w.paragraph(&opening, 10.0, false, Align::Left);
    w.gap(3.0);
    let full = w.content_width();
    for outcome in &decision.outcomes {
        let mut rows: Vec<&panelis_core::decision::DecisionRow> = decision
            .evaluation
            .rows
            .iter()
            .filter(|r| r.outcome_id == Some(outcome.id) && input.covers(r.no))
            .collect();
        if rows.is_empty() {
            continue;
        }
        if outcome.scope != OutcomeScope::Overall {
            rows.sort_by(|a, b| a.cluster.cmp(&b.cluster).then(a.place.cmp(&b.place)));
        }
        w.ensure(20.0);
        w.paragraph(&outcome.name, 10.5, true, Align::Left);
        w.gap(1.0);
        let scores = input.announce_scores;
        let mut columns = vec![
            Column::new(t("No", "No"), 10.0, Align::Right),
            Column::new(t("Inovasi", "Innovation"), 0.0, Align::Left),
            Column::new(t("Instansi", "Agency"), 58.0, Align::Left),
            Column::new(t("Klaster", "Cluster"), 32.0, Align::Left),
        ];
        if scores {
            columns.push(Column::new(t("Nilai", "Score"), 16.0, Align::Right));
        }
        let fixed: f32 = columns.iter().map(|c| c.width).sum();
        columns[1].width = full - fixed;
        let table: Vec<Row> = rows
            .iter()
            .map(|r| {
                let mut cells = vec![
                    r.no.to_string(),
                    r.title.clone(),
                    r.agency.clone(),
                    r.cluster.clone(),
                ];
                if scores {
                    cells.push(r.score.clone().unwrap_or_default());
                }
                Row::new(cells)
            })
            .collect();
        w.table(&columns, &table, 8.5);
        w.gap(3.0);
    }
    Ok(())
}
