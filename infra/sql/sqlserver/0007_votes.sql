-- Asphalt / SQL Server 0007: votes from bot-list sites (mapped by silo/Records/RecordsDbContext.cs,
-- written by silo/Records/EfVoteStore.cs for grains/Votes/VotesGrain.cs). Same columns as the
-- PostgreSQL 0007 and SQLite 0004 scripts; see the PostgreSQL script for what each one means.
-- The primary key on vote_key is what makes a second delivery of the same vote impossible to record.
CREATE TABLE votes
(
    vote_key         VARCHAR(200)   NOT NULL,
    source           VARCHAR(64)    NOT NULL,
    user_id          BIGINT         NOT NULL,
    bot_id           BIGINT         NULL,
    guild_id         BIGINT         NULL,
    weight           INT            NOT NULL,
    is_weekend       BIT            NOT NULL,
    voted_at         DATETIMEOFFSET NOT NULL,
    received_at      DATETIMEOFFSET NOT NULL,
    received_ms      BIGINT         NOT NULL,
    cooldown_seconds INT            NOT NULL,
    streak           INT            NOT NULL,
    streak_bonus     BIGINT         NOT NULL,
    reward           BIGINT         NOT NULL,
    idempotency_key  BIGINT         NOT NULL,
    status           VARCHAR(16)    NOT NULL,
    outcome          VARCHAR(32)    NULL,
    completed_at     DATETIMEOFFSET NULL,
    event_json       NVARCHAR(MAX)  NOT NULL,

    CONSTRAINT pk_votes PRIMARY KEY CLUSTERED (vote_key),
    CONSTRAINT uq_votes_idempotency UNIQUE (user_id, idempotency_key),
    CONSTRAINT ck_votes_status CHECK (status IN ('pending', 'credited', 'refused')),
    CONSTRAINT ck_votes_amounts CHECK (weight >= 1 AND reward >= 1 AND streak >= 1 AND cooldown_seconds >= 0)
);

CREATE NONCLUSTERED INDEX ix_votes_user_received ON votes (user_id, received_ms);
CREATE NONCLUSTERED INDEX ix_votes_pending ON votes (received_ms) WHERE status = 'pending';
GO
