using Asphalt.Hosting.Storage;
using Asphalt.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Asphalt.Tests.Support;

/// <summary>
/// A class fixture: a fresh database on the shared <see cref="PostgresServer"/>, migrated with the
/// silo's own migrator, so each test class starts from the current schema and nothing else.
/// </summary>
public class PostgresDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public StorageOptions Storage => new() { Provider = StorageProvider.PostgreSQL, ConnectionString = ConnectionString };

    /// <summary>The configuration a silo or gateway of this database reads.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = nameof(StorageProvider.PostgreSQL),
        ["Storage:ConnectionString"] = ConnectionString,
    };

    public IConfiguration Configuration => new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync(GetType().Name);
        new SchemaMigrator(Storage, NullLogger<SchemaMigrator>.Instance).Migrate();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
