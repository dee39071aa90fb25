//! The results of the open competition: [`Store::results`] computes the table from the
//! counted ballots (the one place the CLI, the app, finalization and the documents get it
//! from), and [`Store::results_view`] adds what the "Hasil & Dokumen" screen shows beside it:
//! criterion means, tie groups, the z-score view, finalization and the issued documents.

use super::finalization::{FinalizationStatus, IssuedDocument};
use crate::results::{self, ResultOptions, ResultRow, ResultTable, SkippedBallot};
use crate::Result;
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// A criterion as a column heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionHeading {
    pub code: String,
    pub label_id: String,
    pub label_en: String,
    pub weight: u32,
    pub scale_max: i32,
}

/// One line of the results screen, in rank order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultsViewRow {
    #[serde(flatten)]
    pub row: ResultRow,
    pub entry_id: Uuid,
    /// Mean typed score per criterion (criterion's own scale), two decimals, rubric order.
    pub criterion_means: Vec<Option<String>>,
    /// The entry's mean z-score, signed, two decimals, when the view is asked for.
    pub z_score: Option<String>,
    /// The entry's results are final: no more ballots.
    pub finalized: bool,
    /// The room the entry presents in, if scheduled.
    pub room: Option<String>,
}

/// Entries with exactly the same final score: the panel decides their order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TieGroup {
    pub rank: u32,
    /// Two decimals.
    pub score: String,
    pub entries: Vec<u32>,
}

/// Everything the results screen shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultsView {
    pub options: ResultOptions,
    pub criteria: Vec<CriterionHeading>,
    pub rows: Vec<ResultsViewRow>,
    pub ties: Vec<TieGroup>,
    /// Says that the z-score column is a view, not the result; `None` when not asked for.
    pub z_label: Option<String>,
    /// Ballots handed in but not counted, with the reason.
    pub skipped: Vec<SkippedBallot>,
    /// Panel names, chair first.
    pub panel: Vec<String>,
    pub chair: Option<String>,
    pub rooms: Vec<String>,
    pub finalization: FinalizationStatus,
    pub documents: Vec<IssuedDocument>,
    /// What the minutes, recap, score sheets and announcement issued now cover.
    pub document_scope: results::DocumentScope,
    /// SHA-256 of the result data the documents would state now.
    pub result_sha256: String,
}

impl super::Store {
    /// The ranked results table from the counted ballots.
    pub fn results(&self, options: ResultOptions) -> Result<ResultTable> {
        let entries = self.entries()?;
        let panelists = self.panel_on_record()?;
        let rubric = self.rubric()?;
        let conflicts = self.conflicts()?;
        let ballots = self.counted_ballots()?;
        Ok(results::compute(
            results::ResultInput {
                entries: &entries,
                panelists: &panelists,
                rubric: &rubric,
                conflicts: &conflicts,
                ballots: &ballots,
            },
            options,
        ))
    }

    /// SHA-256 of the result data as the documents would embed it now.
    pub fn result_sha256(&self) -> Result<String> {
        Ok(self.result_data()?.sha256())
    }

    /// The results screen's content.
    pub fn results_view(&self, options: ResultOptions) -> Result<ResultsView> {
        let table = self.results(options)?;
        let finalization = self.finalization_status()?;
        let rooms = self.rooms()?;
        let room_name: HashMap<Uuid, String> =
            rooms.iter().map(|r| (r.id, r.name.clone())).collect();
        let room_of: HashMap<Uuid, String> = self
            .slots()?
            .into_iter()
            .filter_map(|s| room_name.get(&s.room_id).map(|n| (s.entry_id, n.clone())))
            .collect();
        let z: HashMap<Uuid, Option<f64>> = table
            .z_view
            .as_ref()
            .map(|v| v.entries.iter().copied().collect())
            .unwrap_or_default();
        let mut ties: Vec<TieGroup> = Vec::new();
        for (display, row) in table.rows_for_display().into_iter().zip(&table.rows) {
            if let (true, Some(rank), Some(score)) = (row.tied, row.rank, &display.score) {
                match ties.last_mut() {
                    Some(group) if group.rank == rank => group.entries.push(row.entry.no),
                    _ => ties.push(TieGroup {
                        rank,
                        score: score.clone(),
                        entries: vec![row.entry.no],
                    }),
                }
            }
        }
        let rows = table
            .rows_for_display()
            .into_iter()
            .zip(&table.rows)
            .map(|(display, row)| ResultsViewRow {
                entry_id: row.entry.id,
                criterion_means: row
                    .criterion_means
                    .iter()
                    .map(|m| m.map(|m| m.display()))
                    .collect(),
                z_score: z
                    .get(&row.entry.id)
                    .copied()
                    .flatten()
                    .map(|z| format!("{z:+.2}")),
                finalized: finalization.finalized.contains(&row.entry.no),
                room: room_of.get(&row.entry.id).cloned(),
                row: display,
            })
            .collect();
        Ok(ResultsView {
            options,
            criteria: table
                .rubric
                .criteria
                .iter()
                .map(|c| CriterionHeading {
                    code: c.code.clone(),
                    label_id: c.label_id.clone(),
                    label_en: c.label_en.clone(),
                    weight: c.weight,
                    scale_max: c.scale_max,
                })
                .collect(),
            rows,
            ties,
            z_label: table.z_view.as_ref().map(|v| v.label.clone()),
            skipped: table.skipped.clone(),
            panel: table.panelists.iter().map(|p| p.name.clone()).collect(),
            chair: table
                .panelists
                .iter()
                .find(|p| p.is_chair)
                .map(|p| p.name.clone()),
            rooms: rooms.into_iter().map(|r| r.name).collect(),
            finalization,
            documents: self.issued_documents()?,
            document_scope: self.document_scope()?,
            result_sha256: self.result_sha256()?,
        })
    }
}
