-- Votes from bot-list sites, same columns as the PostgreSQL and SQL Server 0007 scripts (see there).
CREATE TABLE votes (
    vote_key         TEXT    NOT NULL PRIMARY KEY,
    source           TEXT    NOT NULL,
    user_id          INTEGER NOT NULL,
    bot_id           INTEGER NULL,
    guild_id         INTEGER NULL,
    weight           INTEGER NOT NULL,
    is_weekend       INTEGER NOT NULL,
    voted_at         TEXT    NOT NULL,
    received_at      TEXT    NOT NULL,
    received_ms      INTEGER NOT NULL,
    cooldown_seconds INTEGER NOT NULL,
    streak           INTEGER NOT NULL,
    streak_bonus     INTEGER NOT NULL,
    reward           INTEGER NOT NULL,
    idempotency_key  INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    outcome          TEXT    NULL,
    completed_at     TEXT    NULL,
    event_json       TEXT    NOT NULL,
    UNIQUE (user_id, idempotency_key),
    CHECK (status IN ('pending', 'credited', 'refused')),
    CHECK (weight >= 1 AND reward >= 1 AND streak >= 1 AND cooldown_seconds >= 0)
) WITHOUT ROWID;
CREATE INDEX ix_votes_user_received ON votes (user_id, received_ms);
