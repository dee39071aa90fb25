//! The records cross-checked against the audit chain: every ballot revision an event says
//! was taken (signed on a device, imported from a file, received over the LAN, typed from
//! paper) is still in the ballots table, and every finalization an event recorded is still
//! in the finalization record. A revision deleted with the guards dropped leaves the chain
//! whole, and this is what names it.

use super::AuditBreak;
use crate::store::Store;
use crate::Result;
use std::collections::HashSet;

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

impl Store {
    /// Each ballot revision or finalization the log records that its table no longer holds.
    pub fn audit_record_breaks(&self) -> Result<Vec<AuditBreak>> {
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
