//! The scoring station: which panelist this device scores for ("Siapa Anda?"), remembered
//! per competition in `scoring-station.json` in the data folder (apart from the LAN
//! station's `station/` folder), so a laptop handed to a panelist keeps opening on their
//! ballots after a restart.
//!
//! The file is a convenience, not a record: a missing or unreadable one means "not bound
//! yet" and the screen asks again; the ballots and keys live elsewhere. Binding first makes
//! sure this device holds the panelist's signing key (registering it if none is yet), so a
//! device that cannot sign for that panelist is refused before anything is typed.
//!
//! ```json
//! { "version": 1, "bindings": { "<competition id>": "<panelist id>" } }
//! ```

use super::keystore::Keystore;
use crate::model::{Panelist, Signer};
use crate::{Error, Result, Store};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use std::path::Path;
use uuid::Uuid;

#[derive(Debug, Default, Serialize, Deserialize)]
struct StationFile {
    version: u32,
    /// Competition id -> the panelist this device scores for in it.
    #[serde(default)]
    bindings: BTreeMap<Uuid, Uuid>,
}

fn read(file: &Path) -> StationFile {
    std::fs::read(file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Writes beside the real name, synced, then renamed: a crash leaves the old file or the
/// new one, never half of one.
fn write(file: &Path, content: &StationFile) -> Result<()> {
    let json = serde_json::to_vec_pretty(content).map_err(|e| Error::Io {
        path: file.to_owned(),
        reason: e.to_string(),
    })?;
    crate::atomic::write_file(file, &json, crate::atomic::Access::Shared)
}

/// The panelist id this device is bound to in the competition, if any.
pub fn bound(file: &Path, competition_id: Uuid) -> Option<Uuid> {
    read(file).bindings.get(&competition_id).copied()
}

/// Remembers that this device scores for `panelist_id` in the competition.
pub fn bind(file: &Path, competition_id: Uuid, panelist_id: Uuid) -> Result<()> {
    let mut content = read(file);
    content.version = 1;
    content.bindings.insert(competition_id, panelist_id);
    write(file, &content)
}

/// Forgets the competition's binding (the screen asks "Siapa Anda?" again).
pub fn unbind(file: &Path, competition_id: Uuid) -> Result<()> {
    let mut content = read(file);
    if content.bindings.remove(&competition_id).is_none() {
        return Ok(());
    }
    content.version = 1;
    write(file, &content)
}

/// The panelist this device scores for in the open competition; `None` when not bound, or
/// bound to someone no longer on the panel.
pub fn bound_panelist(store: &Store, file: &Path) -> Result<Option<Panelist>> {
    let Some(id) = bound(file, store.competition()?.id) else {
        return Ok(None);
    };
    Ok(store.panelists()?.into_iter().find(|p| p.id == id))
}

/// Binds this device to the panelist in the open competition: makes (or finds) their
/// signing key in `keys` and registers it, then remembers the binding. Refused, and nothing
/// remembered, when the panelist is unknown or another device's key is registered for them.
pub fn bind_panelist(
    store: &mut Store,
    keys: &Keystore,
    file: &Path,
    panelist_id: Uuid,
) -> Result<Panelist> {
    let panelist = store.panelist(panelist_id)?;
    store.ensure_signing_key(keys, Signer::Panelist, panelist_id)?;
    bind(file, store.competition()?.id, panelist_id)?;
    Ok(panelist)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test fails loudly on purpose

    use super::*;
    use crate::model::NewCompetition;

    fn competition(dir: &Path, name: &str) -> Store {
        let details = NewCompetition {
            name: name.into(),
            ..Default::default()
        };
        let mut store = Store::create(&dir.join(format!("{name}.panelis")), &details).unwrap();
        store.add_panelist("Dr. Andi", "Unhas", true).unwrap();
        store.add_panelist("Nurul", "UNM", false).unwrap();
        store
    }

    #[test]
    fn binding_is_remembered_per_competition_and_survives_a_reread() {
        let dir = tempfile::tempdir().unwrap();
        let file = crate::paths::AppDirs::new(dir.path()).device_binding();
        let (a, b, p, q) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        assert_eq!(bound(&file, a), None);
        bind(&file, a, p).unwrap();
        bind(&file, b, q).unwrap();
        assert_eq!(bound(&file, a), Some(p));
        assert_eq!(bound(&file, b), Some(q));
        bind(&file, a, q).unwrap();
        assert_eq!(bound(&file, a), Some(q));
        unbind(&file, a).unwrap();
        assert_eq!(bound(&file, a), None);
        assert_eq!(bound(&file, b), Some(q), "other competitions keep theirs");
        assert!(!file.with_extension("json.part").exists());
    }

    #[test]
    fn a_damaged_file_means_not_bound_and_is_replaced_on_bind() {
        let dir = tempfile::tempdir().unwrap();
        let file = crate::paths::AppDirs::new(dir.path()).device_binding();
        std::fs::write(&file, b"{not json").unwrap();
        let (c, p) = (Uuid::new_v4(), Uuid::new_v4());
        assert_eq!(bound(&file, c), None);
        bind(&file, c, p).unwrap();
        assert_eq!(bound(&file, c), Some(p));
    }

    #[test]
    fn binding_registers_the_devices_key_and_refuses_a_second_device() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = competition(dir.path(), "kipp");
        let nurul = store.panelist_named("nurul").unwrap();
        let file = crate::paths::AppDirs::new(dir.path()).device_binding();
        let keys = Keystore::new(dir.path().join("keys"));
        assert_eq!(bound_panelist(&store, &file).unwrap(), None);

        let bound_to = bind_panelist(&mut store, &keys, &file, nurul.id).unwrap();
        assert_eq!(bound_to.id, nurul.id);
        assert_eq!(bound_panelist(&store, &file).unwrap().unwrap().id, nurul.id);
        let key = keys.key(Signer::Panelist, nurul.id).unwrap();
        assert_eq!(
            store.ballot_key(Signer::Panelist, nurul.id).unwrap(),
            Some(key.verifying_key())
        );

        // Another laptop (its own keystore and station file) cannot take over Nurul.
        let other = tempfile::tempdir().unwrap();
        let other_file = crate::paths::AppDirs::new(other.path()).device_binding();
        let err = bind_panelist(
            &mut store,
            &Keystore::new(other.path().join("keys")),
            &other_file,
            nurul.id,
        )
        .unwrap_err();
        assert_eq!(err.code(), "device_key_mismatch");
        assert_eq!(bound(&other_file, store.competition().unwrap().id), None);

        let unknown = bind_panelist(&mut store, &keys, &file, Uuid::new_v4()).unwrap_err();
        assert_eq!(unknown.code(), "not_found");
        assert_eq!(bound_panelist(&store, &file).unwrap().unwrap().id, nurul.id);
    }

    #[test]
    fn a_binding_to_someone_not_on_the_panel_counts_as_unbound() {
        let dir = tempfile::tempdir().unwrap();
        let store = competition(dir.path(), "kipp");
        let file = crate::paths::AppDirs::new(dir.path()).device_binding();
        bind(&file, store.competition().unwrap().id, Uuid::new_v4()).unwrap();
        assert_eq!(bound_panelist(&store, &file).unwrap(), None);
    }
}
