-- Asphalt / SQL Server 0003: Orleans grain state (Microsoft.Orleans.Persistence.AdoNet).
-- Follows the Orleans 10 ADO.NET grain-storage contract: the OrleansStorage table and the four
-- OrleansQuery texts WriteToStorageKey, ReadFromStorageKey, ClearStorageKey and DeleteStorageKey
-- (the last is used instead of ClearStorageKey when DeleteStateOnClear = true).
--
-- Contract reminders:
--  * Orleans binds @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
--    @GrainIdExtensionString (NULL when the key has no extension), @ServiceId, and, for
--    write/clear/delete, @GrainStateVersion (NULL for a state never written); write also binds @PayloadBinary.
--  * A row is identified by the two hashes (indexed) plus the clear-text key columns (collision check).
--  * Version is the ETag. Write and clear return the new version in their first column
--    (NewGrainStateVersion); returning the old version, or no row, makes Orleans throw
--    InconsistentStateException. Delete returns the deleted version + 1, or no row on a mismatch.
--  * Read returns PayloadBinary and Version, read by name.

CREATE TABLE OrleansStorage
(
    GrainIdHash            INT            NOT NULL,
    GrainIdN0              BIGINT         NOT NULL,
    GrainIdN1              BIGINT         NOT NULL,
    GrainTypeHash          INT            NOT NULL,
    GrainTypeString        NVARCHAR(512)  NOT NULL,
    GrainIdExtensionString NVARCHAR(512)  NULL,
    ServiceId              NVARCHAR(150)  NOT NULL,
    PayloadBinary          VARBINARY(MAX) NULL,
    ModifiedOn             DATETIME2(3)   NOT NULL,
    Version                INT            NULL
);

-- Deliberately narrow (two ints), non-clustered; the clear-text columns only settle hash collisions.
CREATE NONCLUSTERED INDEX IX_OrleansStorage ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- Keep lock escalation from locking the whole (potentially huge) table.
ALTER TABLE OrleansStorage SET (LOCK_ESCALATION = DISABLE);
GO

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    -- Known version: update only if nobody else wrote in between (new version = old + 1).
    -- NULL version: insert version 1 unless a row exists; the range locks on the index make
    -- concurrent first writes of the same grain take turns, so only one inserts.
    'WriteToStorageKey',
    'SET XACT_ABORT, NOCOUNT ON;
    BEGIN TRANSACTION;

    DECLARE @NewGrainStateVersion AS INT = @GrainStateVersion;

    IF @GrainStateVersion IS NOT NULL
    BEGIN
        UPDATE OrleansStorage
           SET PayloadBinary = @PayloadBinary,
               ModifiedOn = GETUTCDATE(),
               Version = Version + 1,
               @NewGrainStateVersion = Version + 1
         WHERE GrainIdHash = @GrainIdHash
           AND GrainTypeHash = @GrainTypeHash
           AND GrainIdN0 = @GrainIdN0
           AND GrainIdN1 = @GrainIdN1
           AND GrainTypeString = @GrainTypeString
           AND (GrainIdExtensionString = @GrainIdExtensionString
                OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
           AND ServiceId = @ServiceId
           AND Version = @GrainStateVersion
        OPTION (FAST 1, OPTIMIZE FOR (@GrainIdHash UNKNOWN, @GrainTypeHash UNKNOWN));
    END
    ELSE
    BEGIN
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT
            @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
            @GrainIdExtensionString, @ServiceId, @PayloadBinary, GETUTCDATE(), 1
         WHERE NOT EXISTS
         (
            SELECT 1
              FROM OrleansStorage WITH (XLOCK, ROWLOCK, HOLDLOCK, INDEX(IX_OrleansStorage))
             WHERE GrainIdHash = @GrainIdHash
               AND GrainTypeHash = @GrainTypeHash
               AND GrainIdN0 = @GrainIdN0
               AND GrainIdN1 = @GrainIdN1
               AND GrainTypeString = @GrainTypeString
               AND (GrainIdExtensionString = @GrainIdExtensionString
                    OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
               AND ServiceId = @ServiceId
         )
        OPTION (FAST 1, OPTIMIZE FOR (@GrainIdHash UNKNOWN, @GrainTypeHash UNKNOWN));

        IF @@ROWCOUNT > 0
        BEGIN
            SET @NewGrainStateVersion = 1;
        END
    END

    SELECT @NewGrainStateVersion AS NewGrainStateVersion;
    COMMIT TRANSACTION;
    '
),
(
    'ReadFromStorageKey',
    'SELECT
        PayloadBinary,
        Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND (GrainIdExtensionString = @GrainIdExtensionString
           OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId
    OPTION (FAST 1, OPTIMIZE FOR (@GrainIdHash UNKNOWN, @GrainTypeHash UNKNOWN));
    '
),
(
    -- Keeps the row, drops the payload and bumps the version (returned as the new ETag;
    -- on a version mismatch the old version comes back, which Orleans reports as a conflict).
    'ClearStorageKey',
    'SET XACT_ABORT, NOCOUNT ON;
    BEGIN TRANSACTION;

    DECLARE @NewGrainStateVersion AS INT = @GrainStateVersion;

    UPDATE OrleansStorage
       SET PayloadBinary = NULL,
           ModifiedOn = GETUTCDATE(),
           Version = Version + 1,
           @NewGrainStateVersion = Version + 1
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND (GrainIdExtensionString = @GrainIdExtensionString
            OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
       AND ServiceId = @ServiceId
       AND Version = @GrainStateVersion
    OPTION (FAST 1, OPTIMIZE FOR (@GrainIdHash UNKNOWN, @GrainTypeHash UNKNOWN));

    SELECT @NewGrainStateVersion AS NewGrainStateVersion;
    COMMIT TRANSACTION;
    '
),
(
    -- Removes the row; returns the deleted version + 1 so the ETag check in Orleans passes.
    'DeleteStorageKey',
    'SET XACT_ABORT, NOCOUNT ON;
    BEGIN TRANSACTION;

    DELETE FROM OrleansStorage
    OUTPUT DELETED.Version + 1 AS NewGrainStateVersion
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND (GrainIdExtensionString = @GrainIdExtensionString
            OR (GrainIdExtensionString IS NULL AND @GrainIdExtensionString IS NULL))
       AND ServiceId = @ServiceId
       AND Version = @GrainStateVersion
    OPTION (FAST 1, OPTIMIZE FOR (@GrainIdHash UNKNOWN, @GrainTypeHash UNKNOWN));

    COMMIT TRANSACTION;
    '
);
GO
