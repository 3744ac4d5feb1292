-- Asphalt / PostgreSQL 0007: votes from bot-list sites (mapped by silo/Records/RecordsDbContext.cs,
-- written by silo/Records/EfVoteStore.cs for grains/Votes/VotesGrain.cs). Same columns as the SQL
-- Server 0007 and SQLite 0004 scripts.
-- One row per vote, keyed by the canonical event's id (the site's vote id, or a key from source, user
-- and cooldown window; docs/votes.md): the primary key is what makes a second delivery of the same
-- vote, from any gateway, unable to be recorded twice. status: pending (recorded, credit not yet
-- confirmed) → credited | refused. The reward is decided when the row is inserted, so a retried
-- credit pays the same amount under the same idempotency_key (the ledger row's key, kind 'vote').
CREATE TABLE votes
(
    vote_key         varchar(200) NOT NULL,
    source           varchar(64)  NOT NULL,
    user_id          bigint       NOT NULL,
    bot_id           bigint       NULL,
    guild_id         bigint       NULL,
    weight           integer      NOT NULL,
    is_weekend       boolean      NOT NULL,
    voted_at         timestamptz  NOT NULL,
    received_at      timestamptz  NOT NULL,
    received_ms      bigint       NOT NULL,
    cooldown_seconds integer      NOT NULL,
    streak           integer      NOT NULL,
    streak_bonus     bigint       NOT NULL,
    reward           bigint       NOT NULL,
    idempotency_key  bigint       NOT NULL,
    status           varchar(16)  NOT NULL,
    outcome          varchar(32)  NULL,
    completed_at     timestamptz  NULL,
    event_json       text         NOT NULL,

    CONSTRAINT pk_votes PRIMARY KEY (vote_key),
    CONSTRAINT uq_votes_idempotency UNIQUE (user_id, idempotency_key),
    CONSTRAINT ck_votes_status CHECK (status IN ('pending', 'credited', 'refused')),
    CONSTRAINT ck_votes_amounts CHECK (weight >= 1 AND reward >= 1 AND streak >= 1 AND cooldown_seconds >= 0)
);

-- A user's latest votes (the grain reads them at activation); received_ms = received_at in Unix ms.
CREATE INDEX ix_votes_user_received ON votes (user_id, received_ms);
CREATE INDEX ix_votes_pending ON votes (received_ms) WHERE status = 'pending';
