-- Asphalt / PostgreSQL 0004: Orleans reminders (Microsoft.Orleans.Reminders.AdoNet).
-- Follows the Orleans 10 ADO.NET reminder-table contract: the OrleansRemindersTable table, its
-- two helper functions and the seven OrleansQuery texts the provider looks up by key.
--
-- Contract reminders:
--  * Orleans binds @ServiceId, @GrainId, @ReminderName, @StartTime, @Period (milliseconds; sent as
--    int when it fits in 32 bits, else as bigint), @GrainHash, @BeginHash, @EndHash and @Version.
--  * Reads return GrainId, ReminderName, StartTime, Period, Version (read by name; Period as Int64).
--  * Upsert returns the row's version in a column named Version (0 for a new row, +1 per update);
--    delete-one returns the number of rows deleted (0 when @Version is stale).
--  * ReadRangeRows1Key serves a hash range that does not wrap (begin < end): (begin, end];
--    ReadRangeRows2Key serves one that wraps around the ring: > begin OR <= end.

CREATE TABLE OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Function names, argument names/types and result columns match the upstream Orleans scripts
-- (their %TYPE argument types resolve to the plain types spelled out here).
CREATE FUNCTION upsert_reminder_row(
    ServiceIdArg    character varying,
    GrainIdArg      character varying,
    ReminderNameArg character varying,
    StartTimeArg    timestamptz,
    PeriodArg       bigint,
    GrainHashArg    integer)
RETURNS TABLE (version integer)
LANGUAGE plpgsql
AS $$
DECLARE
    new_version integer;
BEGIN
    -- "version" is also the name of the result column, so the table's column is always qualified.
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (ServiceIdArg, GrainIdArg, ReminderNameArg, StartTimeArg, PeriodArg, GrainHashArg, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = excluded.StartTime,
            Period = excluded.Period,
            GrainHash = excluded.GrainHash,
            Version = r.Version + 1
    RETURNING r.Version INTO STRICT new_version;

    RETURN QUERY SELECT new_version;
END
$$;

CREATE FUNCTION delete_reminder_row(
    ServiceIdArg    character varying,
    GrainIdArg      character varying,
    ReminderNameArg character varying,
    VersionArg      integer)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    DELETE FROM OrleansRemindersTable
     WHERE ServiceId = ServiceIdArg
       AND GrainId = GrainIdArg
       AND ReminderName = ReminderNameArg
       AND Version = VersionArg;

    GET DIAGNOSTICS affected = ROW_COUNT;
    RETURN QUERY SELECT affected;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'UpsertReminderRowKey',
    '
    SELECT * FROM upsert_reminder_row(
        @ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash);
    '
),
(
    'ReadReminderRowsKey',
    '
    SELECT
        GrainId,
        ReminderName,
        StartTime,
        Period,
        Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId;
    '
),
(
    'ReadReminderRowKey',
    '
    SELECT
        GrainId,
        ReminderName,
        StartTime,
        Period,
        Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName;
    '
),
(
    'ReadRangeRows1Key',
    '
    SELECT
        GrainId,
        ReminderName,
        StartTime,
        Period,
        Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
      AND GrainHash <= @EndHash;
    '
),
(
    'ReadRangeRows2Key',
    '
    SELECT
        GrainId,
        ReminderName,
        StartTime,
        Period,
        Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
    '
),
(
    'DeleteReminderRowKey',
    '
    SELECT * FROM delete_reminder_row(@ServiceId, @GrainId, @ReminderName, @Version);
    '
),
(
    'DeleteReminderRowsKey',
    '
    DELETE FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId;
    '
);
