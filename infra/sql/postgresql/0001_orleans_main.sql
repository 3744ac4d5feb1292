-- Asphalt / PostgreSQL 0001: the table Orleans reads its SQL from.
-- Follows the Orleans 10 ADO.NET provider contract: at start-up every ADO.NET provider
-- (clustering, grain storage, reminders) runs "SELECT QueryKey, QueryText FROM OrleansQuery"
-- and then only ever executes the texts stored here, binding its own @-named parameters.
-- Identifiers are unquoted, so PostgreSQL folds them to lower case; Npgsql resolves the
-- column names Orleans asks for (QueryKey, Version, ...) case-insensitively.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
