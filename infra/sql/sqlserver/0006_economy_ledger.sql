-- Asphalt / SQL Server 0006: the economy ledger (mapped by silo/Records/RecordsDbContext.cs, written
-- by silo/Records/EfLedgerStore.cs). Same columns as the PostgreSQL 0006 and SQLite 0003 scripts.
-- One row per balance change of one user. seq numbers a user's rows 1, 2, … without gaps: the
-- primary key (user_id, seq) is what makes a re-sent row a no-op (insert-if-absent). The unique
-- (user_id, idempotency_key, kind) is the interaction-level guarantee: one interaction moves a
-- user's coins at most once per kind. Sum of wallet_delta + bank_delta over a user = wallet + bank.
-- Clustered on (user_id, seq): a user's rows are appended together and read together.
CREATE TABLE ledger
(
    user_id         BIGINT         NOT NULL,
    seq             BIGINT         NOT NULL,
    kind            VARCHAR(32)    NOT NULL,
    wallet_delta    BIGINT         NOT NULL,
    bank_delta      BIGINT         NOT NULL,
    wallet_after    BIGINT         NOT NULL,
    bank_after      BIGINT         NOT NULL,
    counterparty_id BIGINT         NULL,
    idempotency_key BIGINT         NOT NULL,
    guild_id        BIGINT         NULL,
    created_at      DATETIMEOFFSET NOT NULL,

    CONSTRAINT pk_ledger PRIMARY KEY CLUSTERED (user_id, seq),
    CONSTRAINT uq_ledger_idempotency UNIQUE (user_id, idempotency_key, kind),
    CONSTRAINT ck_ledger_balances CHECK (wallet_after >= 0 AND bank_after >= 0)
);

CREATE NONCLUSTERED INDEX ix_ledger_created_at ON ledger (created_at);
CREATE NONCLUSTERED INDEX ix_ledger_counterparty ON ledger (counterparty_id) WHERE counterparty_id IS NOT NULL;
GO
