-- Asphalt / SQL Server 0005: Asphalt's own records (mapped by silo/Records/RecordsDbContext.cs).
-- Not part of the Orleans contract. Same tables and columns as the PostgreSQL and SQLite scripts
-- of the same name; names are snake_case, created in the connecting user's default schema.
-- Discord snowflakes (interaction, user, guild ids) are stored as signed BIGINT.
-- command and source are NVARCHAR: Discord command names may be non-Latin (localized names),
-- and EF Core sends strings as NVARCHAR parameters anyway.

-- One row per handled slash command.
CREATE TABLE command_executions
(
    id             BIGINT IDENTITY(1, 1) NOT NULL,
    interaction_id BIGINT                NOT NULL,
    command        NVARCHAR(64)          NOT NULL,
    user_id        BIGINT                NOT NULL,
    guild_id       BIGINT                NULL,
    shard_id       INT                   NOT NULL,
    latency_ms     FLOAT                 NOT NULL,
    outcome        VARCHAR(16)           NOT NULL,
    error_id       UNIQUEIDENTIFIER      NULL,
    executed_at    DATETIMEOFFSET        NOT NULL,

    CONSTRAINT pk_command_executions PRIMARY KEY CLUSTERED (id)
);

CREATE NONCLUSTERED INDEX ix_command_executions_executed_at ON command_executions (executed_at);
CREATE NONCLUSTERED INDEX ix_command_executions_user ON command_executions (user_id, executed_at);
GO

-- One row per recorded error; command_executions.error_id points here (no foreign key, so either
-- row can be written first). The random GUID key is non-clustered and the table is clustered on
-- occurred_at instead, so inserts append rather than split pages.
CREATE TABLE error_log
(
    id          UNIQUEIDENTIFIER NOT NULL,
    source      NVARCHAR(128)    NOT NULL,
    message     NVARCHAR(MAX)    NOT NULL,
    detail      NVARCHAR(MAX)    NULL,
    context     NVARCHAR(MAX)    NULL,
    occurred_at DATETIMEOFFSET   NOT NULL,

    CONSTRAINT pk_error_log PRIMARY KEY NONCLUSTERED (id)
);

CREATE CLUSTERED INDEX ix_error_log_occurred_at ON error_log (occurred_at);
GO
