-- Grain state of the embedded profile (read and written by silo/Storage/SqliteGrainStorage.cs).
-- grain_id is Orleans' full grain id ("type/key"), so two grain types with the same key never meet;
-- version is the ETag: every write bumps it, and a write from a stale read matches no row.
CREATE TABLE grain_state (
    state_name  TEXT    NOT NULL,
    grain_id    TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    payload     BLOB    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (state_name, grain_id)
) WITHOUT ROWID;
