-- Asphalt / PostgreSQL 0006: the economy ledger (mapped by silo/Records/RecordsDbContext.cs, written
-- by silo/Records/EfLedgerStore.cs). Same columns as the SQL Server 0006 and SQLite 0003 scripts.
-- One row per balance change of one user. seq numbers a user's rows 1, 2, … without gaps: the
-- primary key (user_id, seq) is what makes a re-sent row a no-op (insert-if-absent). The unique
-- (user_id, idempotency_key, kind) is the interaction-level guarantee: one interaction moves a
-- user's coins at most once per kind. Sum of wallet_delta + bank_delta over a user = wallet + bank.
CREATE TABLE ledger
(
    user_id         bigint      NOT NULL,
    seq             bigint      NOT NULL,
    kind            varchar(32) NOT NULL,
    wallet_delta    bigint      NOT NULL,
    bank_delta      bigint      NOT NULL,
    wallet_after    bigint      NOT NULL,
    bank_after      bigint      NOT NULL,
    counterparty_id bigint      NULL,
    idempotency_key bigint      NOT NULL,
    guild_id        bigint      NULL,
    created_at      timestamptz NOT NULL,

    CONSTRAINT pk_ledger PRIMARY KEY (user_id, seq),
    CONSTRAINT uq_ledger_idempotency UNIQUE (user_id, idempotency_key, kind),
    CONSTRAINT ck_ledger_balances CHECK (wallet_after >= 0 AND bank_after >= 0)
);

CREATE INDEX ix_ledger_created_at ON ledger (created_at);
CREATE INDEX ix_ledger_counterparty ON ledger (counterparty_id) WHERE counterparty_id IS NOT NULL;
