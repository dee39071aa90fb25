//! Importing paper ballots from a CSV (`panelis import scores`): every row is checked
//! against the competition first and every problem is listed with its line; only a file
//! without problems is written, all of it in one transaction. Each panelist x entry becomes
//! a submitted ballot signed with the secretariat's key for that panelist and audited as
//! entered by the secretariat on the panelist's behalf.

use super::scoring::{submit_in, Hand};
use super::{other_key, register_key};
use super::{registered_key, OnRecord};
use crate::ballot::judge::{may_score, BallotRefusal};
use crate::ballot::keystore::Keystore;
use crate::ballot::paper::{read_rows, PaperImport};
use crate::ballot::{parse_score, problem, FormValues};
use crate::error::Problem;
use crate::lang::Lang;
use crate::model::Signer;
use crate::store::audit::Event;
use crate::store::Actor;
use crate::text::{excerpt, name_key};
use crate::{Error, Result};
use std::collections::HashMap;
use uuid::Uuid;

/// One panelist x entry gathered from the file.
struct Sheet {
    first_line: u32,
    panelist_id: Uuid,
    panelist: String,
    entry_id: Uuid,
    entry_no: u32,
    scores: Vec<(Uuid, i32)>,
}

impl crate::store::Store {
    /// Imports paper ballots from CSV text (see [`crate::ballot::paper`]), signing them with
    /// the secretariat's keys from `keys`. All or nothing: any problem rejects the whole file
    /// with [`Error::Rejected`], listing every problem with its line.
    pub fn import_paper_scores(&mut self, csv_text: &str, keys: &Keystore) -> Result<PaperImport> {
        let rejected = |problems: Vec<Problem>| Error::Rejected {
            what: "scores file".into(),
            problems,
        };
        let rows = read_rows(csv_text).map_err(rejected)?;
        // Who retired is still known by name, so that their row is refused for leaving the
        // panel (the judge's rule below), not as a stranger.
        let panel = self.panel_on_record()?;
        let entries = self.entries()?;
        let rubric = self.rubric()?;
        let mut problems = Vec::new();
        let mut sheets: Vec<Sheet> = Vec::new();
        let mut seen: HashMap<(Uuid, Uuid, Uuid), u32> = HashMap::new();
        for row in &rows {
            let at = Some(row.line);
            let wanted = name_key(&row.panelist);
            let panelist = panel.iter().find(|p| name_key(&p.name) == wanted);
            if panelist.is_none() {
                problems.push(problem(
                    at,
                    Some("panelist".into()),
                    &format!("panelis \"{}\" tidak dikenal", excerpt(&row.panelist)),
                    &format!("unknown panelist \"{}\"", excerpt(&row.panelist)),
                ));
            }
            let entry = row
                .entry
                .parse::<u32>()
                .ok()
                .and_then(|no| entries.iter().find(|e| e.no == no));
            if entry.is_none() {
                problems.push(problem(
                    at,
                    Some("entry".into()),
                    &format!("tidak ada inovasi nomor \"{}\"", excerpt(&row.entry)),
                    &format!("no entry numbered \"{}\"", excerpt(&row.entry)),
                ));
            }
            let code = row.criterion.to_lowercase();
            let criterion = rubric.criteria.iter().find(|c| c.code == code);
            let score = match criterion {
                None => {
                    problems.push(problem(
                        at,
                        Some("criterion".into()),
                        &format!(
                            "kriteria \"{}\" tidak ada dalam rubrik",
                            excerpt(&row.criterion)
                        ),
                        &format!(
                            "criterion \"{}\" is not in the rubric",
                            excerpt(&row.criterion)
                        ),
                    ));
                    None
                }
                Some(c) => match parse_score(c, &row.score) {
                    Ok(Some(score)) => Some(score),
                    Ok(None) => {
                        problems.push(problem(
                            at,
                            Some(c.code.clone()),
                            "nilai kosong",
                            "no score given",
                        ));
                        None
                    }
                    Err(mut p) => {
                        p.row = at;
                        problems.push(p);
                        None
                    }
                },
            };
            let (Some(p), Some(e), Some(c), Some(score)) = (panelist, entry, criterion, score)
            else {
                continue;
            };
            if let Some(first) = seen.insert((p.id, e.id, c.id), row.line) {
                seen.insert((p.id, e.id, c.id), first);
                problems.push(problem(
                    at,
                    Some(c.code.clone()),
                    &format!("duplikat baris {first}"),
                    &format!("duplicate of line {first}"),
                ));
                continue;
            }
            match sheets
                .iter_mut()
                .find(|s| s.panelist_id == p.id && s.entry_id == e.id)
            {
                Some(sheet) => sheet.scores.push((c.id, score)),
                None => sheets.push(Sheet {
                    first_line: row.line,
                    panelist_id: p.id,
                    panelist: p.name.clone(),
                    entry_id: e.id,
                    entry_no: e.no,
                    scores: vec![(c.id, score)],
                }),
            }
        }
        for sheet in &mut sheets {
            let at = Some(sheet.first_line);
            // The one scoring rule (conflict of interest, finalized), worded by the judge.
            if let Err(refusal) =
                may_score(&OnRecord(self.conn()), sheet.panelist_id, sheet.entry_id)?
            {
                let column = match refusal {
                    BallotRefusal::Conflicted { .. } | BallotRefusal::PanelistRetired => "panelist",
                    _ => "entry",
                };
                problems.push(problem(
                    at,
                    Some(column.into()),
                    &format!("{}: {}", sheet.panelist, refusal.message(Lang::Id)),
                    &format!("{}: {}", sheet.panelist, refusal.message(Lang::En)),
                ));
            }
            if let Err(Error::Ballot(refusal)) =
                super::scoring::paper_may_write(self.conn(), sheet.panelist_id, sheet.entry_id)
            {
                problems.push(problem(
                    at,
                    Some("entry".into()),
                    &format!("{}: {}", sheet.panelist, refusal.message(Lang::Id)),
                    &format!("{}: {}", sheet.panelist, refusal.message(Lang::En)),
                ));
            }
            let missing: Vec<&str> = rubric
                .criteria
                .iter()
                .filter(|c| !sheet.scores.iter().any(|(id, _)| *id == c.id))
                .map(|c| c.code.as_str())
                .collect();
            if !missing.is_empty() {
                problems.push(problem(
                    at,
                    None,
                    &format!(
                        "{}, inovasi {}: belum ada nilai untuk {}",
                        sheet.panelist,
                        sheet.entry_no,
                        missing.join(", ")
                    ),
                    &format!(
                        "{}, entry {}: no score for {}",
                        sheet.panelist,
                        sheet.entry_no,
                        missing.join(", ")
                    ),
                ));
            }
            // Rubric order, as every ballot keeps its scores.
            sheet
                .scores
                .sort_by_key(|(id, _)| rubric.criteria.iter().position(|c| c.id == *id));
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.row);
            return Err(rejected(problems));
        }
        // The secretariat's key for each panelist on the file, made on first use.
        let mut signing_keys = HashMap::new();
        for sheet in &sheets {
            if signing_keys.contains_key(&sheet.panelist_id) {
                continue;
            }
            let key = keys.key(Signer::Secretariat, sheet.panelist_id)?;
            match registered_key(self.conn(), Signer::Secretariat, sheet.panelist_id)? {
                Some(k) if k != key.verifying_key() => {
                    return Err(other_key(
                        self.conn(),
                        Signer::Secretariat,
                        sheet.panelist_id,
                    ))
                }
                _ => {}
            }
            signing_keys.insert(sheet.panelist_id, key);
        }
        let lines = rows.len() as u32;
        self.write(Actor::Secretariat, |tx| {
            let mut report = PaperImport {
                lines,
                ..PaperImport::default()
            };
            for sheet in &sheets {
                let key = signing_keys
                    .get(&sheet.panelist_id)
                    .ok_or_else(|| Error::Database("paper key missing".into()))?;
                register_key(
                    tx,
                    Actor::Secretariat,
                    Signer::Secretariat,
                    sheet.panelist_id,
                    &key.verifying_key(),
                )?;
                let values = FormValues {
                    scores: sheet.scores.clone(),
                    ..FormValues::default()
                };
                match submit_in(
                    tx,
                    &rubric,
                    sheet.panelist_id,
                    sheet.entry_id,
                    &values,
                    Hand::Paper,
                    key,
                )? {
                    Some(_) => report.submitted += 1,
                    None => report.unchanged += 1,
                }
            }
            let event = (report.submitted > 0).then(|| {
                Event::new(
                    "paper_scores.imported",
                    serde_json::json!({
                        "lines": lines,
                        "submitted": report.submitted,
                        "unchanged": report.unchanged,
                    }),
                )
            });
            Ok((report, event))
        })
    }
}
