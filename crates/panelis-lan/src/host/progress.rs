//! The secretariat's live progress matrix: entries across, panelists down; per panelist the
//! station (name, connected, last heard from, revoked) and per entry where their ballot
//! stands on the host (not started, draft, submitted with its revision, abstaining), and
//! which entries are final.

use super::{lock, Presence, Shared};
use crate::error::{LanError, Result};
use chrono::{DateTime, Utc};
use panelis_core::ballot::ProgressStatus;
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// One column: an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixEntry {
    pub entry_id: Uuid,
    pub no: u32,
    pub title: String,
    pub finalized: bool,
}

/// A panelist's station as the host sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StationState {
    pub station_name: String,
    pub joined_at: DateTime<Utc>,
    /// Its live connection is open now.
    pub connected: bool,
    pub last_seen: Option<DateTime<Utc>>,
    pub revoked: bool,
}

/// One cell: a panelist's ballot for an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MatrixCell {
    pub status: ProgressStatus,
    /// The latest submitted revision on the host.
    pub revision: Option<u32>,
}

/// One row: a panelist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixRow {
    pub panelist_id: Uuid,
    pub name: String,
    pub is_chair: bool,
    /// `None` until a station joined for the panelist.
    pub station: Option<StationState>,
    /// In the order of [`ProgressMatrix::entries`].
    pub cells: Vec<MatrixCell>,
    pub submitted: u32,
    /// Entries the panelist scores (all but abstentions).
    pub to_score: u32,
}

/// Entries by panelists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressMatrix {
    pub entries: Vec<MatrixEntry>,
    pub rows: Vec<MatrixRow>,
    /// Stations with their live connection open.
    pub stations_connected: u32,
    pub generated_at: DateTime<Utc>,
}

pub(crate) async fn matrix(shared: &Shared) -> Result<ProgressMatrix> {
    let stations = lock(&shared.registry).stations().to_vec();
    let presence: HashMap<Uuid, Presence> = lock(&shared.presence).clone();
    let reader = shared.reader.clone();
    let read = tokio::task::spawn_blocking(move || {
        let store = lock(&reader);
        let panel = store.panelists()?;
        let mut progress = Vec::with_capacity(panel.len());
        for p in &panel {
            progress.push(store.ballot_progress(p.id)?);
        }
        Ok::<_, panelis_core::Error>((panel, progress, store.entries()?))
    })
    .await
    .map_err(|e| LanError::Internal(e.to_string()))?;
    let (panel, progress, entries) = read?;
    let finalized: HashMap<Uuid, bool> = progress
        .first()
        .map(|lines| lines.iter().map(|l| (l.entry_id, l.finalized)).collect())
        .unwrap_or_default();
    let entries: Vec<MatrixEntry> = entries
        .into_iter()
        .map(|e| MatrixEntry {
            finalized: finalized.get(&e.id).copied().unwrap_or(false),
            entry_id: e.id,
            no: e.no,
            title: e.title,
        })
        .collect();
    let rows: Vec<MatrixRow> = panel
        .into_iter()
        .zip(progress)
        .map(|(p, lines)| {
            let by_entry: HashMap<Uuid, _> = lines.iter().map(|l| (l.entry_id, l)).collect();
            let cells: Vec<MatrixCell> = entries
                .iter()
                .map(|e| match by_entry.get(&e.entry_id) {
                    Some(l) => MatrixCell {
                        status: l.status,
                        revision: l.submitted_revision,
                    },
                    None => MatrixCell {
                        status: ProgressStatus::NotStarted,
                        revision: None,
                    },
                })
                .collect();
            let here = presence.get(&p.id);
            let station = stations
                .iter()
                .find(|s| s.panelist_id == p.id)
                .map(|s| StationState {
                    station_name: s.station_name.clone(),
                    joined_at: s.joined_at,
                    connected: s.revoked_at.is_none() && here.is_some_and(|h| h.sockets > 0),
                    last_seen: here.and_then(|h| h.last_seen),
                    revoked: s.revoked_at.is_some(),
                });
            MatrixRow {
                submitted: cells
                    .iter()
                    .filter(|c| c.status == ProgressStatus::Submitted)
                    .count() as u32,
                to_score: cells
                    .iter()
                    .filter(|c| c.status != ProgressStatus::Abstain)
                    .count() as u32,
                panelist_id: p.id,
                name: p.name,
                is_chair: p.is_chair,
                station,
                cells,
            }
        })
        .collect();
    Ok(ProgressMatrix {
        stations_connected: rows
            .iter()
            .filter(|r| r.station.as_ref().is_some_and(|s| s.connected))
            .count() as u32,
        entries,
        rows,
        generated_at: Utc::now(),
    })
}
