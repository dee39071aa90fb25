//! Who this device is in a competition, and what each may do: the secretariat's laptop does
//! the secretariat's work (paper ballots, ballot-file imports, the panel's decision,
//! finalizing, issuing documents: every panelist's scores); a laptop bound to a panelist
//! scores as that panelist only, never handles another's scores, and sees the ranking only
//! once the results are released (every entry final). One rule for the app and the
//! `panelis` command alike.

use crate::lang::Lang;
use crate::model::Panelist;
use crate::paths::AppDirs;
use crate::{ballot::station, Error, Result, Store};
use serde::Serialize;
use uuid::Uuid;

/// This device in the open competition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Device {
    /// Not bound to a panelist: the secretariat's laptop.
    Secretariat,
    /// Bound to this panelist ("Siapa Anda?" answered on this laptop).
    Panelist(Panelist),
}

/// Why this device may not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RoleRefusal {
    /// Scoring on a device that is not bound to a panelist: the screen asks who scores.
    NotBound,
    /// The secretariat's work on a panelist's laptop.
    PanelistDevice { panelist: String },
    /// The ranking and the other panelists' scores on a panelist's laptop before the results
    /// are released (`finalized` of `entries` final so far).
    NotReleased {
        panelist: String,
        finalized: u32,
        entries: u32,
    },
}

impl RoleRefusal {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            RoleRefusal::NotBound => "not_bound",
            RoleRefusal::PanelistDevice { .. } => "panelist_device",
            RoleRefusal::NotReleased { .. } => "results_not_released",
        }
    }

    /// The refusal in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RoleRefusal::NotBound, Lang::Id) => {
                "perangkat ini belum terikat ke panelis: pilih siapa yang menilai".into()
            }
            (RoleRefusal::NotBound, Lang::En) => {
                "this device is not bound to a panelist yet: choose who scores".into()
            }
            (RoleRefusal::PanelistDevice { panelist }, Lang::Id) => format!(
                "perangkat ini menilai untuk {panelist}; lembar kertas dan impor dikerjakan di \
                 laptop sekretariat"
            ),
            (RoleRefusal::PanelistDevice { panelist }, Lang::En) => format!(
                "this device scores for {panelist}; paper ballots and imports are done on the \
                 secretariat's laptop"
            ),
            (
                RoleRefusal::NotReleased {
                    panelist,
                    finalized,
                    entries,
                },
                Lang::Id,
            ) => format!(
                "perangkat ini menilai untuk {panelist}: peringkat dan nilai panelis lain tampil \
                 di sini setelah hasil dirilis (semua inovasi final; baru {finalized} dari \
                 {entries}); sampai saat itu hanya di laptop sekretariat"
            ),
            (
                RoleRefusal::NotReleased {
                    panelist,
                    finalized,
                    entries,
                },
                Lang::En,
            ) => format!(
                "this device scores for {panelist}: the ranking and the other panelists' scores \
                 show here once the results are released (every entry final; {finalized} of \
                 {entries} so far); until then only on the secretariat's laptop"
            ),
        }
    }
}

impl std::fmt::Display for RoleRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl Device {
    /// This device in `store`'s competition, from its binding in `dirs`.
    pub fn of(store: &Store, dirs: &AppDirs) -> Result<Device> {
        Ok(
            match station::bound_panelist(store, &dirs.device_binding())? {
                Some(p) => Device::Panelist(p),
                None => Device::Secretariat,
            },
        )
    }

    /// The panelist this device scores for; refused on the secretariat's laptop, which
    /// scores for nobody until someone is chosen.
    pub fn scoring_panelist(&self) -> Result<Uuid> {
        match self {
            Device::Panelist(p) => Ok(p.id),
            Device::Secretariat => Err(Error::Role(RoleRefusal::NotBound)),
        }
    }

    /// Refuses the ranking and the other panelists' scores on a panelist's laptop until the
    /// results are released: every entry of the competition final.
    pub fn may_see_results(&self, store: &Store) -> Result<()> {
        let Device::Panelist(p) = self else {
            return Ok(());
        };
        let status = store.finalization_status()?;
        let finalized = u32::try_from(status.finalized.len()).unwrap_or(u32::MAX);
        if status.entries > 0 && finalized >= status.entries {
            return Ok(());
        }
        Err(Error::Role(RoleRefusal::NotReleased {
            panelist: p.name.clone(),
            finalized,
            entries: status.entries,
        }))
    }

    /// Refuses the secretariat's work on a panelist's laptop.
    pub fn require_secretariat(&self) -> Result<()> {
        match self {
            Device::Secretariat => Ok(()),
            Device::Panelist(p) => Err(Error::Role(RoleRefusal::PanelistDevice {
                panelist: p.name.clone(),
            })),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test fails loudly on purpose
mod tests {
    use super::*;
    use crate::ballot::keystore::Keystore;
    use crate::model::NewCompetition;

    #[test]
    fn a_bound_laptop_scores_as_its_panelist_and_refuses_the_secretariats_work() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = AppDirs::new(dir.path());
        let details = NewCompetition {
            name: "KIPP".into(),
            ..Default::default()
        };
        let mut store = Store::create(&dir.path().join("k.panelis"), &details).unwrap();
        let andi = store.add_panelist("Dr. Andi", "Unhas", true).unwrap();
        let secretariat = Device::of(&store, &dirs).unwrap();
        assert_eq!(secretariat, Device::Secretariat);
        secretariat.require_secretariat().unwrap();
        assert_eq!(
            secretariat.scoring_panelist().unwrap_err().code(),
            "not_bound"
        );
        station::bind_panelist(
            &mut store,
            &Keystore::of(&dirs),
            &dirs.device_binding(),
            andi.id,
        )
        .unwrap();
        let laptop = Device::of(&store, &dirs).unwrap();
        assert_eq!(laptop.scoring_panelist().unwrap(), andi.id);
        let err = laptop.require_secretariat().unwrap_err();
        assert_eq!(err.code(), "panelist_device");
        assert!(err.message(Lang::Id).contains("Dr. Andi"), "{err}");
        // The ranking: the secretariat's always, the panelist's once every entry is final.
        secretariat.may_see_results(&store).unwrap();
        store
            .add_entries(&[crate::model::NewEntry {
                no: 1,
                title: "Giatki Ces".into(),
                ..Default::default()
            }])
            .unwrap();
        let hidden = laptop.may_see_results(&store).unwrap_err();
        assert_eq!(hidden.code(), "results_not_released");
        assert!(
            hidden.message(Lang::En).contains("0 of 1 so far"),
            "{hidden}"
        );
    }
}
