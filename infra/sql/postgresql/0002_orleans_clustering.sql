-- Asphalt / PostgreSQL 0002: Orleans cluster membership (Microsoft.Orleans.Clustering.AdoNet).
-- Follows the Orleans 10 ADO.NET clustering contract: two tables, the helper functions the
-- multi-step operations need, and the nine OrleansQuery texts the provider looks up by key
-- (CleanupDefunctSiloEntriesKey included).
--
-- Contract reminders:
--  * Orleans binds @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
--    @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime and @Version (never @SiloAddress:
--    a silo address is bound as the three parts Address/Port/Generation).
--  * Rows are read by column name; the read queries return the columns in the same order as upstream.
--  * Insert/update return one row with one column: > 0 means success, 0 means the optimistic check
--    on OrleansMembershipVersionTable.Version failed, in which case nothing has been changed.
--  * Function bodies are quoted with a bare double dollar: DbUp's variable substitution would
--    try to replace a named dollar tag.

-- One row per deployment (cluster id); Version is the table-wide ETag bumped by every membership change.
CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port and generation).
CREATE TABLE OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Function names, argument names/types and result columns match the upstream Orleans scripts
-- (their %TYPE argument types resolve to the plain types spelled out here), so a later upstream
-- "CREATE OR REPLACE FUNCTION" migration can replace them in place.

-- Heartbeat: Orleans neither expects this to fail nor reads a result.
CREATE FUNCTION update_i_am_alive_time(
    deployment_id   character varying,
    address_arg     character varying,
    port_arg        integer,
    generation_arg  integer,
    i_am_alive_time timestamptz)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE OrleansMembershipTable AS m
       SET IAmAliveTime = i_am_alive_time
     WHERE m.DeploymentId = deployment_id
       AND m.Address = address_arg
       AND m.Port = port_arg
       AND m.Generation = generation_arg;
END
$$;

-- Creates the version row of a deployment; 1 when created, 0 when it already existed.
CREATE FUNCTION insert_membership_version(
    DeploymentIdArg character varying)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (DeploymentIdArg)
    ON CONFLICT (DeploymentId) DO NOTHING;

    GET DIAGNOSTICS affected = ROW_COUNT;
    RETURN QUERY SELECT affected;
END
$$;

-- Adds a silo row and bumps the table version, both or neither:
-- 0 when the row already exists or when VersionArg is not the current version.
CREATE FUNCTION insert_membership(
    DeploymentIdArg character varying,
    AddressArg      character varying,
    PortArg         integer,
    GenerationArg   integer,
    SiloNameArg     character varying,
    HostNameArg     character varying,
    StatusArg       integer,
    ProxyPortArg    integer,
    StartTimeArg    timestamptz,
    IAmAliveTimeArg timestamptz,
    VersionArg      integer)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    BEGIN
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName,
             Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES
            (DeploymentIdArg, AddressArg, PortArg, GenerationArg, SiloNameArg, HostNameArg,
             StatusArg, ProxyPortArg, StartTimeArg, IAmAliveTimeArg)
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

        GET DIAGNOSTICS affected = ROW_COUNT;

        IF affected > 0 THEN
            UPDATE OrleansMembershipVersionTable
               SET Timestamp = now(),
                   Version = Version + 1
             WHERE DeploymentId = DeploymentIdArg
               AND Version = VersionArg;

            GET DIAGNOSTICS affected = ROW_COUNT;
        END IF;

        IF affected = 0 THEN
            -- Leave the block by an error so the subtransaction undoes the insert.
            RAISE EXCEPTION USING ERRCODE = 'raise_exception', MESSAGE = 'membership insert rejected';
        END IF;
    EXCEPTION
        WHEN raise_exception THEN
            affected := 0;
    END;

    RETURN QUERY SELECT affected;
END
$$;

-- Bumps the table version and updates a silo row, both or neither:
-- 0 when VersionArg is not the current version or the silo row does not exist.
CREATE FUNCTION update_membership(
    DeploymentIdArg character varying,
    AddressArg      character varying,
    PortArg         integer,
    GenerationArg   integer,
    StatusArg       integer,
    SuspectTimesArg character varying,
    IAmAliveTimeArg timestamptz,
    VersionArg      integer)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
           SET Timestamp = now(),
               Version = Version + 1
         WHERE DeploymentId = DeploymentIdArg
           AND Version = VersionArg;

        GET DIAGNOSTICS affected = ROW_COUNT;

        IF affected > 0 THEN
            UPDATE OrleansMembershipTable
               SET Status = StatusArg,
                   SuspectTimes = SuspectTimesArg,
                   IAmAliveTime = IAmAliveTimeArg
             WHERE DeploymentId = DeploymentIdArg
               AND Address = AddressArg
               AND Port = PortArg
               AND Generation = GenerationArg;

            GET DIAGNOSTICS affected = ROW_COUNT;
        END IF;

        IF affected = 0 THEN
            -- Leave the block by an error so the subtransaction undoes the version bump.
            RAISE EXCEPTION USING ERRCODE = 'raise_exception', MESSAGE = 'membership update rejected';
        END IF;
    EXCEPTION
        WHEN raise_exception THEN
            affected := 0;
    END;

    RETURN QUERY SELECT affected;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'UpdateIAmAlivetimeKey',
    '
    SELECT update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);
    '
),
(
    'InsertMembershipVersionKey',
    '
    SELECT * FROM insert_membership_version(@DeploymentId);
    '
),
(
    'InsertMembershipKey',
    '
    SELECT * FROM insert_membership(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
    '
),
(
    'UpdateMembershipKey',
    '
    SELECT * FROM update_membership(
        @DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version);
    '
),
(
    -- The version row is returned even when the silo has no row (then the m.* columns are NULL).
    'MembershipReadRowKey',
    '
    SELECT
        v.DeploymentId,
        m.Address,
        m.Port,
        m.Generation,
        m.SiloName,
        m.HostName,
        m.Status,
        m.ProxyPort,
        m.SuspectTimes,
        m.StartTime,
        m.IAmAliveTime,
        v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
           ON m.DeploymentId = v.DeploymentId
          AND m.Address = @Address
          AND m.Port = @Port
          AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
    '
),
(
    'MembershipReadAllKey',
    '
    SELECT
        v.DeploymentId,
        m.Address,
        m.Port,
        m.Generation,
        m.SiloName,
        m.HostName,
        m.Status,
        m.ProxyPort,
        m.SuspectTimes,
        m.StartTime,
        m.IAmAliveTime,
        v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
           ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
    '
),
(
    'DeleteMembershipTableEntriesKey',
    '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
    '
),
(
    -- Orleans binds @Status = 3 (SiloStatus.Active).
    'GatewaysQueryKey',
    '
    SELECT
        Address,
        ProxyPort,
        Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = @Status
      AND ProxyPort > 0;
    '
),
(
    -- Removes rows of silos that stopped heart-beating before @IAmAliveTime, except active ones (Status 3).
    'CleanupDefunctSiloEntriesKey',
    '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND IAmAliveTime < @IAmAliveTime
      AND Status <> 3;
    '
);
