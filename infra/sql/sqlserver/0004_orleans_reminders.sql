-- Asphalt / SQL Server 0004: Orleans reminders (Microsoft.Orleans.Reminders.AdoNet).
-- Follows the Orleans 10 ADO.NET reminder-table contract: the OrleansRemindersTable table and the
-- seven OrleansQuery texts the provider looks up by key.
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
    ServiceId    NVARCHAR(150) NOT NULL,
    GrainId      VARCHAR(150)  NOT NULL,
    ReminderName NVARCHAR(150) NOT NULL,
    StartTime    DATETIME2(3)  NOT NULL,
    Period       BIGINT        NOT NULL,
    GrainHash    INT           NOT NULL,
    Version      INT           NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);
GO

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    -- Update in place (version + 1) or insert with version 0; the key-range lock taken by the
    -- UPDATE keeps a concurrent upsert of the same reminder from inserting a second time.
    'UpsertReminderRowKey',
    'SET XACT_ABORT, NOCOUNT ON;
    DECLARE @NewVersion AS INT = 0;

    BEGIN TRANSACTION;

    UPDATE OrleansRemindersTable WITH (UPDLOCK, ROWLOCK, HOLDLOCK)
       SET StartTime = @StartTime,
           Period = @Period,
           GrainHash = @GrainHash,
           @NewVersion = Version = Version + 1
     WHERE ServiceId = @ServiceId
       AND GrainId = @GrainId
       AND ReminderName = @ReminderName;

    IF @@ROWCOUNT = 0
    BEGIN
        INSERT INTO OrleansRemindersTable
            (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
        VALUES
            (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0);
    END

    SELECT @NewVersion AS Version;
    COMMIT TRANSACTION;
    '
),
(
    'ReadReminderRowsKey',
    'SELECT
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
    'SELECT
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
    'SELECT
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
    'SELECT
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
    'DELETE FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainId = @GrainId
       AND ReminderName = @ReminderName
       AND Version = @Version;

    SELECT @@ROWCOUNT;
    '
),
(
    'DeleteReminderRowsKey',
    'DELETE FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId;
    '
);
GO
