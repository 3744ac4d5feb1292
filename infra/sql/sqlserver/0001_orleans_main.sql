-- Asphalt / SQL Server 0001: the table Orleans reads its SQL from.
-- Follows the Orleans 10 ADO.NET provider contract: at start-up every ADO.NET provider
-- (clustering, grain storage, reminders) runs "SELECT QueryKey, QueryText FROM OrleansQuery"
-- and then only ever executes the texts stored here, binding its own @-named parameters.

-- Orleans recommends row versioning (READ_COMMITTED_SNAPSHOT, ALLOW_SNAPSHOT_ISOLATION) so that
-- readers do not block writers. ALTER DATABASE cannot run inside a transaction, and the migrator
-- runs every script in one (WithTransactionPerScript), so there this block does nothing; it takes
-- effect when the file is run by hand outside a transaction. Otherwise set the options once, e.g.
--   ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON;  (needs no other open connections)
--   ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;
-- Azure SQL Database has both on by default.
IF @@TRANCOUNT = 0
BEGIN
    DECLARE @settings NVARCHAR(400) = N'';

    IF EXISTS (SELECT 1 FROM sys.databases WHERE database_id = DB_ID() AND is_read_committed_snapshot_on = 0)
        SET @settings = @settings + N'ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON; ';

    IF EXISTS (SELECT 1 FROM sys.databases WHERE database_id = DB_ID() AND snapshot_isolation_state = 0)
        SET @settings = @settings + N'ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON; ';

    IF @settings <> N''
        EXECUTE sys.sp_executesql @settings;
END
GO

CREATE TABLE OrleansQuery
(
    QueryKey  VARCHAR(64)   NOT NULL,
    QueryText VARCHAR(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
GO
