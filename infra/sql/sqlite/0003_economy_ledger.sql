-- The economy ledger, same columns as the PostgreSQL and SQL Server 0006 scripts (see there).
CREATE TABLE ledger (
    user_id          INTEGER NOT NULL,
    seq              INTEGER NOT NULL,
    kind             TEXT    NOT NULL,
    wallet_delta     INTEGER NOT NULL,
    bank_delta       INTEGER NOT NULL,
    wallet_after     INTEGER NOT NULL,
    bank_after       INTEGER NOT NULL,
    counterparty_id  INTEGER NULL,
    idempotency_key  INTEGER NOT NULL,
    guild_id         INTEGER NULL,
    created_at       TEXT    NOT NULL,
    PRIMARY KEY (user_id, seq),
    UNIQUE (user_id, idempotency_key, kind),
    CHECK (wallet_after >= 0 AND bank_after >= 0)
) WITHOUT ROWID;
CREATE INDEX ix_ledger_created_at ON ledger (created_at);
