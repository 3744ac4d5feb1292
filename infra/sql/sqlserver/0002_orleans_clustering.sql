-- Asphalt / SQL Server 0002: Orleans cluster membership (Microsoft.Orleans.Clustering.AdoNet).
-- Follows the Orleans 10 ADO.NET clustering contract: two tables and the nine OrleansQuery texts
-- the provider looks up by key (CleanupDefunctSiloEntriesKey included).
--
-- Contract reminders:
--  * Orleans binds @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
--    @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime and @Version (never @SiloAddress:
--    a silo address is bound as the three parts Address/Port/Generation).
--  * Rows are read by column name; the read queries return the columns in the same order as upstream.
--  * Insert/update return one row with one column: > 0 means success, 0 means the optimistic check
--    on OrleansMembershipVersionTable.Version failed, in which case nothing has been changed.

-- One row per deployment (cluster id); Version is the table-wide ETag bumped by every membership change.
CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId NVARCHAR(150) NOT NULL,
    Timestamp    DATETIME2(3)  NOT NULL DEFAULT GETUTCDATE(),
    Version      INT           NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port and generation).
CREATE TABLE OrleansMembershipTable
(
    DeploymentId NVARCHAR(150) NOT NULL,
    Address      VARCHAR(45)   NOT NULL,
    Port         INT           NOT NULL,
    Generation   INT           NOT NULL,
    SiloName     NVARCHAR(150) NOT NULL,
    HostName     NVARCHAR(150) NOT NULL,
    Status       INT           NOT NULL,
    ProxyPort    INT           NULL,
    SuspectTimes VARCHAR(8000) NULL,
    StartTime    DATETIME2(3)  NOT NULL,
    IAmAliveTime DATETIME2(3)  NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);
GO

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    -- Heartbeat: Orleans neither expects this to fail nor reads a result.
    'UpdateIAmAlivetimeKey',
    'SET NOCOUNT ON;
    UPDATE OrleansMembershipTable
       SET IAmAliveTime = @IAmAliveTime
     WHERE DeploymentId = @DeploymentId
       AND Address = @Address
       AND Port = @Port
       AND Generation = @Generation;
    '
),
(
    -- Creates the version row of a deployment; 1 when created, 0 when it already existed.
    'InsertMembershipVersionKey',
    'SET NOCOUNT ON;
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    SELECT @DeploymentId
     WHERE NOT EXISTS
     (
        SELECT 1
          FROM OrleansMembershipVersionTable WITH (HOLDLOCK, XLOCK, ROWLOCK)
         WHERE DeploymentId = @DeploymentId
     );

    SELECT @@ROWCOUNT;
    '
),
(
    -- Adds a silo row and bumps the table version, both or neither.
    'InsertMembershipKey',
    'SET XACT_ABORT, NOCOUNT ON;
    DECLARE @affected AS INT = 0;

    BEGIN TRANSACTION;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime
     WHERE NOT EXISTS
     (
        SELECT 1
          FROM OrleansMembershipTable WITH (HOLDLOCK, XLOCK, ROWLOCK)
         WHERE DeploymentId = @DeploymentId
           AND Address = @Address
           AND Port = @Port
           AND Generation = @Generation
     );

    SET @affected = @@ROWCOUNT;

    IF @affected > 0
    BEGIN
        UPDATE OrleansMembershipVersionTable
           SET Timestamp = GETUTCDATE(),
               Version = Version + 1
         WHERE DeploymentId = @DeploymentId
           AND Version = @Version;

        SET @affected = @@ROWCOUNT;
    END

    IF @affected = 0
    BEGIN
        ROLLBACK TRANSACTION;
    END
    ELSE
    BEGIN
        COMMIT TRANSACTION;
    END

    SELECT @affected;
    '
),
(
    -- Bumps the table version and updates a silo row, both or neither.
    'UpdateMembershipKey',
    'SET XACT_ABORT, NOCOUNT ON;
    DECLARE @affected AS INT = 0;

    BEGIN TRANSACTION;

    UPDATE OrleansMembershipVersionTable
       SET Timestamp = GETUTCDATE(),
           Version = Version + 1
     WHERE DeploymentId = @DeploymentId
       AND Version = @Version;

    SET @affected = @@ROWCOUNT;

    IF @affected > 0
    BEGIN
        UPDATE OrleansMembershipTable
           SET Status = @Status,
               SuspectTimes = @SuspectTimes,
               IAmAliveTime = @IAmAliveTime
         WHERE DeploymentId = @DeploymentId
           AND Address = @Address
           AND Port = @Port
           AND Generation = @Generation;

        SET @affected = @@ROWCOUNT;
    END

    IF @affected = 0
    BEGIN
        ROLLBACK TRANSACTION;
    END
    ELSE
    BEGIN
        COMMIT TRANSACTION;
    END

    SELECT @affected;
    '
),
(
    -- The version row is returned even when the silo has no row (then the m.* columns are NULL).
    'MembershipReadRowKey',
    'SELECT
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
    'SELECT
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
    'DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
    '
),
(
    -- Orleans binds @Status = 3 (SiloStatus.Active).
    'GatewaysQueryKey',
    'SELECT
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
    'DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND IAmAliveTime < @IAmAliveTime
      AND Status <> 3;
    '
);
GO
