-- Asphalt's own records, same columns as the PostgreSQL and SQL Server scripts of the same name.
CREATE TABLE command_executions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    interaction_id  INTEGER NOT NULL,
    command         TEXT    NOT NULL,
    user_id         INTEGER NOT NULL,
    guild_id        INTEGER NULL,
    shard_id        INTEGER NOT NULL,
    latency_ms      REAL    NOT NULL,
    outcome         TEXT    NOT NULL,
    error_id        TEXT    NULL,
    executed_at     TEXT    NOT NULL
);
CREATE INDEX ix_command_executions_executed_at ON command_executions (executed_at);
CREATE INDEX ix_command_executions_user ON command_executions (user_id, executed_at);

CREATE TABLE error_log (
    id           TEXT NOT NULL PRIMARY KEY,
    source       TEXT NOT NULL,
    message      TEXT NOT NULL,
    detail       TEXT NULL,
    context      TEXT NULL,
    occurred_at  TEXT NOT NULL
);
CREATE INDEX ix_error_log_occurred_at ON error_log (occurred_at);
