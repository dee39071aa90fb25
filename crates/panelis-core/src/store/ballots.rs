//! The `ballots` and `ballot_scores` tables: each panelist's integer scores per entry, one
//! row per revision so earlier revisions stay on record.

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE ballots (
    id          TEXT PRIMARY KEY,
    panelist_id TEXT NOT NULL REFERENCES panelists (id),
    entry_id    TEXT NOT NULL REFERENCES entries (id),
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    signature   BLOB,
    UNIQUE (panelist_id, entry_id, revision)
);
CREATE TABLE ballot_scores (
    ballot_id    TEXT NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL REFERENCES criteria (id),
    score        INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (ballot_id, criterion_id)
);
";
