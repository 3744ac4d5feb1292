using Asphalt.Hosting.Storage;
using Asphalt.Silo.Storage;
using Asphalt.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Asphalt.Silo.Tests.Storage;

public sealed class SchemaMigratorTests
{
    /// <summary>Every query Orleans 10's ADO.NET clustering, persistence and reminders look up at start.</summary>
    public static readonly string[] RequiredOrleansQueryKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private static SchemaMigrator Migrator(StorageOptions storage) => new(storage, NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task A_fresh_PostgreSQL_database_reaches_the_current_version_with_every_Orleans_query()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync("fresh");
        var storage = new StorageOptions { Provider = StorageProvider.PostgreSQL, ConnectionString = connectionString };

        var applied = Migrator(storage).Migrate();

        Assert.Equal(SchemaMigrator.Scripts(StorageProvider.PostgreSQL).Select(s => s.Name), applied);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var keys = await ReadColumnAsync(connection, "SELECT querykey FROM orleansquery");
        Assert.Empty(RequiredOrleansQueryKeys.Except(keys));
        var journal = await ReadColumnAsync(connection, $"SELECT scriptname FROM {SchemaMigrator.JournalTable}");
        Assert.Equal(applied.Order(), journal.Order());
        foreach (var table in new[] { "command_executions", "error_log", "orleansmembershiptable", "orleansstorage", "orleansreminderstable" })
            Assert.Contains(table, await ReadColumnAsync(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task Running_the_PostgreSQL_migration_twice_changes_nothing_and_fails_on_nothing()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync("twice");
        var storage = new StorageOptions { Provider = StorageProvider.PostgreSQL, ConnectionString = connectionString };
        Migrator(storage).Migrate();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var before = await ReadColumnAsync(connection, "SELECT querykey || ':' || md5(querytext) FROM orleansquery");

        var second = Migrator(storage).Migrate();

        Assert.Empty(second);
        Assert.Equal(before.Order(), (await ReadColumnAsync(connection, "SELECT querykey || ':' || md5(querytext) FROM orleansquery")).Order());
    }

    [Fact]
    public void The_migrator_creates_a_missing_PostgreSQL_database()
    {
        var name = $"created_{Guid.NewGuid():N}";
        var storage = new StorageOptions { Provider = StorageProvider.PostgreSQL, ConnectionString = PostgresServer.Shared.ConnectionString(name) };

        var applied = Migrator(storage).Migrate();

        Assert.NotEmpty(applied);
    }

    [Fact]
    public void Running_the_SQLite_migration_twice_applies_each_script_once()
    {
        using var database = new SqliteDatabase(); // migrated once on creation
        var second = Migrator(database.Storage).Migrate();

        Assert.Empty(second);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {SchemaMigrator.JournalTable}";
        Assert.Equal((long)SchemaMigrator.Scripts(StorageProvider.Sqlite).Count, (long)command.ExecuteScalar()!);
    }

    private static async Task<List<string>> ReadColumnAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
