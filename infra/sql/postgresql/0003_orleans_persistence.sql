-- Asphalt / PostgreSQL 0003: Orleans grain state (Microsoft.Orleans.Persistence.AdoNet).
-- Follows the Orleans 10 ADO.NET grain-storage contract: the OrleansStorage table, the write
-- function and the four OrleansQuery texts WriteToStorageKey, ReadFromStorageKey, ClearStorageKey
-- and DeleteStorageKey (the last is used instead of ClearStorageKey when DeleteStateOnClear = true).
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
    GrainIdHash            integer                     NOT NULL,
    GrainIdN0              bigint                      NOT NULL,
    GrainIdN1              bigint                      NOT NULL,
    GrainTypeHash          integer                     NOT NULL,
    GrainTypeString        varchar(512)                NOT NULL,
    GrainIdExtensionString varchar(512)                NULL,
    ServiceId              varchar(150)                NOT NULL,
    PayloadBinary          bytea                       NULL,
    ModifiedOn             timestamp without time zone NOT NULL,
    Version                integer                     NULL
);

CREATE INDEX ix_orleansstorage ON OrleansStorage USING btree (GrainIdHash, GrainTypeHash);

-- Name, argument names/types and result column match the upstream Orleans function.
CREATE FUNCTION writetostorage(
    _grainidhash            integer,
    _grainidn0              bigint,
    _grainidn1              bigint,
    _graintypehash          integer,
    _graintypestring        character varying,
    _grainidextensionstring character varying,
    _serviceid              character varying,
    _grainstateversion      integer,
    _payloadbinary          bytea)
RETURNS TABLE (newgrainstateversion integer)
LANGUAGE plpgsql
AS $$
DECLARE
    new_version integer := _grainstateversion;
    affected    integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        -- The state was read before: update it only if nobody else wrote in between.
        UPDATE OrleansStorage
           SET PayloadBinary = _payloadbinary,
               ModifiedOn = (now() AT TIME ZONE 'utc'),
               Version = Version + 1
         WHERE GrainIdHash = _grainidhash
           AND GrainTypeHash = _graintypehash
           AND GrainIdN0 = _grainidn0
           AND GrainIdN1 = _grainidn1
           AND GrainTypeString = _graintypestring
           AND GrainIdExtensionString IS NOT DISTINCT FROM _grainidextensionstring
           AND ServiceId = _serviceid
           AND Version = _grainstateversion;

        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected > 0 THEN
            new_version := _grainstateversion + 1;
        END IF;
    ELSE
        -- First write of this state: insert version 1 unless some row already exists.
        -- The transaction-scoped advisory lock on the two hashes makes concurrent first
        -- writes of the same grain (e.g. during a split brain) take turns, so only one inserts.
        PERFORM pg_advisory_xact_lock(_grainidhash, _graintypehash);

        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT
            _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring,
            _grainidextensionstring, _serviceid, _payloadbinary, (now() AT TIME ZONE 'utc'), 1
        WHERE NOT EXISTS
        (
            SELECT 1
              FROM OrleansStorage
             WHERE GrainIdHash = _grainidhash
               AND GrainTypeHash = _graintypehash
               AND GrainIdN0 = _grainidn0
               AND GrainIdN1 = _grainidn1
               AND GrainTypeString = _graintypestring
               AND GrainIdExtensionString IS NOT DISTINCT FROM _grainidextensionstring
               AND ServiceId = _serviceid
        );

        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected > 0 THEN
            new_version := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT new_version;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'WriteToStorageKey',
    '
    SELECT * FROM writetostorage(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
    '
),
(
    'ReadFromStorageKey',
    '
    SELECT
        PayloadBinary,
        Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND ServiceId = @ServiceId;
    '
),
(
    -- Keeps the row, drops the payload and bumps the version (returned as the new ETag).
    'ClearStorageKey',
    '
    UPDATE OrleansStorage
       SET PayloadBinary = NULL,
           ModifiedOn = (now() AT TIME ZONE ''utc''),
           Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId = @ServiceId
       AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
    '
),
(
    -- Removes the row; returns the deleted version + 1 so the ETag check in Orleans passes.
    'DeleteStorageKey',
    '
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId = @ServiceId
       AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
    '
);
