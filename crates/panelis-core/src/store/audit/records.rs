//! The records cross-checked against the audit chain, both ways: every ballot revision an
//! event says was taken (signed on a device, imported from a file, received over the LAN,
//! typed from paper) is still in the ballots table, and every submitted revision in the
//! table was taken by an event; every key that verifies ballots (a panelist's own, the
//! secretariat's for paper) was registered by an event; every finalization an event
//! recorded is still in the finalization record, and every entry final according to the
//! log still has the seal its finalization recorded. A row deleted or added with the guards
//! dropped leaves the chain whole, and this is what names it.

use super::AuditBreak;
use crate::store::Store;
use crate::Result;
use std::collections::{HashMap, HashSet};

/// (ballot id, revision) each ballot event names, with the event's number.
fn ballots_in(action: &str, detail: &serde_json::Value) -> Vec<(String, i64)> {
    let one = |d: &serde_json::Value| {
        Some((
            d.get("ballot")?.as_str()?.to_string(),
            d.get("revision")?.as_i64()?,
        ))
    };
    match action {
        "ballot.submitted" | "ballots.received" => one(detail).into_iter().collect(),
        "ballots.imported" => detail
            .get("imported")
            .and_then(|v| v.as_array())
            .map(|list| list.iter().filter_map(one).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A key as the log writes it (hex), whether the table holds its 32 bytes or its hex.
fn key_text(stored: &[u8]) -> String {
    if stored.len() == 32 {
        hex::encode(stored)
    } else {
        String::from_utf8_lossy(stored).trim().to_lowercase()
    }
}

impl Store {
    /// Each ballot revision, key or finalization seal in the tables that no event recorded
    /// (added outside Panelis), and each one an event recorded that is gone or changed.
    pub fn audit_record_breaks(&self) -> Result<Vec<AuditBreak>> {
        let mut breaks = self.records_missing_from_tables()?;
        breaks.extend(self.records_missing_from_log()?);
        for b in crate::store::finalization::seal_breaks(self.conn())? {
            breaks.push(AuditBreak {
                seq: b.seq,
                reason: if b.missing {
                    format!(
                        "No {} is final according to event {}, and its finalization seal is \
                         missing from the finalized entries",
                        b.no, b.seq
                    )
                } else {
                    format!(
                        "the finalization seal of No {} differs from the one recorded at event \
                         {} (blanked or replaced outside Panelis)",
                        b.no, b.seq
                    )
                },
            });
        }
        Ok(breaks)
    }

    /// Each submitted ballot revision and each registered key that no event recorded. Such
    /// a row is named with event 0: it sits at no place in the chain.
    fn records_missing_from_log(&self) -> Result<Vec<AuditBreak>> {
        let mut taken: HashSet<(String, i64)> = HashSet::new();
        // (panelist id, signer) -> the keys events registered.
        let mut registered: HashMap<(String, String), HashSet<String>> = HashMap::new();
        for event in self.audit_events()? {
            taken.extend(ballots_in(&event.action, &event.detail));
            if event.action == "ballot_key.registered" {
                let text = |k: &str| {
                    event
                        .detail
                        .get(k)
                        .and_then(|v| v.as_str())
                        .map(str::to_lowercase)
                };
                if let (Some(p), Some(s), Some(k)) =
                    (text("panelist"), text("signer"), text("public_key"))
                {
                    registered.entry((p, s)).or_default().insert(k);
                }
            }
        }
        let mut breaks = Vec::new();
        let mut stmt = self.conn().prepare(
            "SELECT b.id, b.revision, e.no, p.name FROM ballots b \
             LEFT JOIN entries e ON e.id = b.entry_id \
             LEFT JOIN panelists p ON p.id = b.panelist_id \
             WHERE b.status = 'submitted' ORDER BY e.no, p.position, b.revision",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<u32>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        for row in rows {
            let (id, revision, no, name) = row?;
            if !taken.contains(&(id.clone(), revision)) {
                breaks.push(AuditBreak {
                    seq: 0,
                    reason: format!(
                        "ballot {id} revision {revision} (No {}, {}) is in the ballots, and no \
                         event took it: added outside Panelis",
                        no.map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
                        crate::text::excerpt(&name.unwrap_or_default())
                    ),
                });
            }
        }
        let keys: Vec<(String, String, String, Vec<u8>)> = self
            .conn()
            .prepare(
                "SELECT id, name, 'panelist', public_key FROM panelists \
                 WHERE public_key IS NOT NULL \
                 UNION ALL \
                 SELECT k.panelist_id, p.name, 'secretariat', k.public_key \
                 FROM panelist_paper_keys k LEFT JOIN panelists p ON p.id = k.panelist_id",
            )?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    r.get(2)?,
                    r.get(3)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (panelist, name, signer, key) in keys {
            let key = key_text(&key);
            let known = registered
                .get(&(panelist.to_lowercase(), signer.clone()))
                .is_some_and(|k| k.contains(&key));
            if !known {
                breaks.push(AuditBreak {
                    seq: 0,
                    reason: format!(
                        "the {} key of {} (fingerprint {}) is on record, and no \
                         ballot_key.registered event registered it: added outside Panelis",
                        if signer == "panelist" {
                            "signing"
                        } else {
                            "paper-ballot"
                        },
                        crate::text::excerpt(&name),
                        hex::decode(&key)
                            .map(|b| crate::ballot::signing::fingerprint(&b))
                            .unwrap_or_else(|_| crate::text::excerpt(&key))
                    ),
                });
            }
        }
        Ok(breaks)
    }

    /// Each ballot revision or finalization the log records that its table no longer holds.
    fn records_missing_from_tables(&self) -> Result<Vec<AuditBreak>> {
        let ballots: HashSet<(String, i64)> = self
            .conn()
            .prepare("SELECT id, revision FROM ballots")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let finalizations: HashSet<String> = self
            .conn()
            .prepare("SELECT id FROM finalizations")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut breaks = Vec::new();
        for event in self.audit_events()? {
            for (id, revision) in ballots_in(&event.action, &event.detail) {
                if !ballots.contains(&(id.clone(), revision)) {
                    let entry = event
                        .detail
                        .get("entry_no")
                        .and_then(|n| n.as_u64())
                        .map(|n| format!(" (No {n})"))
                        .unwrap_or_default();
                    breaks.push(AuditBreak {
                        seq: event.seq,
                        reason: format!(
                            "ballot {id} revision {revision}{entry}, taken at event {}, is \
                             missing from the ballots",
                            event.seq
                        ),
                    });
                }
            }
            let recorded = matches!(
                event.action.as_str(),
                "results.finalized" | "results.reopened"
            );
            if let Some(id) = event.detail.get("id").and_then(|v| v.as_str()) {
                if recorded && !finalizations.contains(id) {
                    breaks.push(AuditBreak {
                        seq: event.seq,
                        reason: format!(
                            "the {} recorded at event {} is missing from the finalization record",
                            if event.action == "results.finalized" {
                                "finalization"
                            } else {
                                "reopening"
                            },
                            event.seq
                        ),
                    });
                }
            }
        }
        Ok(breaks)
    }

    /// Everything `panelis audit verify` checks, every break found: the chain and its head,
    /// the records against the chain, and the heads recorded outside the file (`anchors`).
    pub fn audit_check(&self, anchors: &[super::AuditAnchor]) -> Result<Vec<AuditBreak>> {
        let mut breaks: Vec<AuditBreak> = self.verify_audit()?.into_iter().collect();
        breaks.extend(self.audit_record_breaks()?);
        breaks.extend(self.audit_anchor_breaks(anchors)?);
        Ok(breaks)
    }
}
