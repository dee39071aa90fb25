//! The ballot grid query: one panelist's latest revision of every entry in one pass (the
//! progress, the rubric and the ballots read once), for the paper-ballot screen.

use super::{load, LATEST};
use crate::ballot::grid::{BallotGrid, GridRow};
use crate::ballot::{display_total, BallotForm};
use crate::Result;
use uuid::Uuid;

impl crate::store::Store {
    /// One panelist's ballots over every entry, by entry number: what each row's fields show
    /// (the latest revision, draft or submitted), its total and who signed it.
    pub fn ballot_grid(&self, panelist_id: Uuid) -> Result<BallotGrid> {
        let panelist = self.panelist(panelist_id)?;
        let progress = self.ballot_progress(panelist_id)?;
        let rubric = self.rubric()?;
        let p = panelist_id.to_string();
        let ballots = load(
            self.conn(),
            &format!("b.panelist_id = ?1 AND {LATEST}"),
            &[&p],
        )?;
        let rows = progress
            .into_iter()
            .map(|progress| {
                let ballot = ballots.iter().find(|b| b.entry_id == progress.entry_id);
                GridRow {
                    form: ballot
                        .map(|b| BallotForm::of(b, &rubric.criteria))
                        .unwrap_or_default(),
                    total: ballot.and_then(|b| display_total(&rubric.criteria, &b.scores)),
                    signer: ballot.and_then(|b| b.signer),
                    progress,
                }
            })
            .collect();
        Ok(BallotGrid {
            panelist,
            criteria: rubric.criteria,
            rubric_version: rubric.version,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test fails loudly on purpose

    use crate::ballot::keystore::Keystore;
    use crate::ballot::{BallotForm, ProgressStatus};
    use crate::model::{NewCompetition, NewEntry, Signer};
    use crate::Store;

    #[test]
    fn the_grid_shows_one_panelists_latest_ballots_and_nobody_elses() {
        let dir = tempfile::tempdir().unwrap();
        let details = NewCompetition {
            name: "KIPP".into(),
            ..Default::default()
        };
        let mut store = Store::create(&dir.path().join("k.panelis"), &details).unwrap();
        let entries = store
            .add_entries(
                &["Giatki Ces", "Sehati 2020", "Jatah Akhirat"]
                    .iter()
                    .enumerate()
                    .map(|(i, t)| NewEntry {
                        no: i as u32 + 1,
                        title: t.to_string(),
                        ..Default::default()
                    })
                    .collect::<Vec<_>>(),
            )
            .unwrap();
        let andi = store.add_panelist("Andi", "", true).unwrap().id;
        let budi = store.add_panelist("Budi", "", false).unwrap().id;
        store.add_conflict(andi, entries[2], "daerah asal").unwrap();
        let criteria = store.rubric().unwrap().criteria;
        let full = |base: i32| {
            BallotForm::with_scores(
                &criteria
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.id, base + i as i32))
                    .collect::<Vec<_>>(),
            )
        };
        let keys = Keystore::new(dir.path().join("keys"));
        let key = store
            .ensure_signing_key(&keys, Signer::Secretariat, andi)
            .unwrap();
        store
            .submit_paper_ballot(andi, entries[0], &full(80), &key)
            .unwrap();
        let partial = BallotForm::with_scores(&[(criteria[0].id, 70)]);
        store.save_draft(andi, entries[1], &partial).unwrap();
        store.save_draft(budi, entries[2], &full(10)).unwrap();

        let grid = store.ballot_grid(andi).unwrap();
        assert_eq!(grid.panelist.id, andi);
        assert_eq!(grid.criteria.len(), criteria.len());
        let statuses: Vec<_> = grid.rows.iter().map(|r| r.progress.status).collect();
        assert_eq!(
            statuses,
            [
                ProgressStatus::Submitted,
                ProgressStatus::Draft,
                ProgressStatus::Abstain
            ]
        );
        assert_eq!(grid.rows[0].form.criteria[0].score, "80");
        assert_eq!(grid.rows[0].signer, Some(Signer::Secretariat));
        assert!(grid.rows[0].total.is_some());
        assert_eq!(grid.rows[1].form, partial);
        assert_eq!(grid.rows[1].total, None, "a partial draft has no total");
        assert_eq!(grid.rows[1].signer, None);
        // Budi's draft on entry 3 is not in Andi's grid.
        assert_eq!(grid.rows[2].form, BallotForm::default());

        assert_eq!(
            store.ballot_grid(uuid::Uuid::new_v4()).unwrap_err().code(),
            "not_found"
        );
    }
}
