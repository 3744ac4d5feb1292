using Asphalt.Hosting.Storage;
using Asphalt.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Asphalt.Tests.Support;

/// <summary>An embedded-profile database file in a temporary folder, migrated like the silo does at start.</summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("asphalt-sqlite-").FullName;

    public SqliteDatabase()
    {
        new SchemaMigrator(Storage, NullLogger<SchemaMigrator>.Instance).Migrate();
    }

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "asphalt.db")}";

    public StorageOptions Storage => new() { Provider = StorageProvider.Sqlite, ConnectionString = ConnectionString };

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = nameof(StorageProvider.Sqlite),
        ["Storage:ConnectionString"] = ConnectionString,
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
