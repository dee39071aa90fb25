//! What importing a shortlist would do to the entries already in the competition, matched by
//! No: entries to add, entries to change (field by field) and entries to remove. Pure: the
//! store applies a plan, and refuses to remove entries that have ballots.

use super::header::Field;
use crate::model::{Entry, NewEntry};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The changes a re-import makes, for the preview and then for `Store::apply_shortlist`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPlan {
    /// Entries whose No is not in the competition yet, in sheet order.
    pub added: Vec<NewEntry>,
    /// Entries whose No is in both but some field differs, in sheet order.
    pub changed: Vec<EntryChange>,
    /// Entries of the competition whose No is no longer on the sheet, by No.
    pub removed: Vec<Entry>,
    /// How many entries stay as they are.
    pub unchanged: usize,
}

impl ImportPlan {
    /// True when the sheet matches the competition exactly.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// An entry that stays (same No) with some fields changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryChange {
    /// The entry in the competition.
    pub id: Uuid,
    pub no: u32,
    /// The fields that differ, in [`Field::ALL`] order.
    pub fields: Vec<FieldChange>,
    /// The entry as the sheet has it.
    pub after: NewEntry,
}

/// One field's value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: Field,
    pub before: String,
    pub after: String,
}

/// A text field of an entry (everything but No, which is the key).
pub(crate) fn text_of(entry: &NewEntry, field: Field) -> &str {
    match field {
        Field::No => "",
        Field::Title => &entry.title,
        Field::Agency => &entry.agency,
        Field::Unit => &entry.unit,
        Field::Region => &entry.region,
        Field::Innovators => &entry.innovators,
        Field::Category => &entry.category,
        Field::Cluster => &entry.cluster,
    }
}

/// The shortlist fields of an entry already in the competition.
pub(crate) fn as_new(entry: &Entry) -> NewEntry {
    NewEntry {
        no: entry.no,
        title: entry.title.clone(),
        agency: entry.agency.clone(),
        unit: entry.unit.clone(),
        region: entry.region.clone(),
        innovators: entry.innovators.clone(),
        category: entry.category.clone(),
        cluster: entry.cluster.clone(),
    }
}

/// The field-by-field differences from `before` to `after`.
pub(crate) fn field_changes(before: &NewEntry, after: &NewEntry) -> Vec<FieldChange> {
    Field::ALL
        .into_iter()
        .filter(|f| *f != Field::No)
        .filter(|f| text_of(before, *f) != text_of(after, *f))
        .map(|field| FieldChange {
            field,
            before: text_of(before, field).to_string(),
            after: text_of(after, field).to_string(),
        })
        .collect()
}

/// The plan that turns `existing` into `incoming`, matching entries by No. Check-in state
/// is not on the sheet and is kept for entries that stay.
pub fn diff(existing: &[Entry], incoming: &[NewEntry]) -> ImportPlan {
    let by_no: HashMap<u32, &Entry> = existing.iter().map(|e| (e.no, e)).collect();
    let mut plan = ImportPlan::default();
    for new in incoming {
        match by_no.get(&new.no) {
            None => plan.added.push(new.clone()),
            Some(old) => {
                let fields = field_changes(&as_new(old), new);
                if fields.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.changed.push(EntryChange {
                        id: old.id,
                        no: old.no,
                        fields,
                        after: new.clone(),
                    });
                }
            }
        }
    }
    let kept: HashSet<u32> = incoming.iter().map(|e| e.no).collect();
    plan.removed = existing
        .iter()
        .filter(|e| !kept.contains(&e.no))
        .cloned()
        .collect();
    plan.removed.sort_by_key(|e| e.no);
    plan
}
