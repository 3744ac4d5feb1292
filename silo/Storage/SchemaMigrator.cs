using System.Reflection;
using Asphalt.Hosting.Storage;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Data.Sqlite;

namespace Asphalt.Silo.Storage;

/// <summary>
/// The one migrator: applies infra/sql/{dialect}/*.sql (embedded in this assembly) in name order,
/// journaled in the <c>schema_versions</c> table so that each script runs exactly once.
/// </summary>
public sealed class SchemaMigrator(StorageOptions storage, ILogger<SchemaMigrator> logger)
{
    public const string JournalTable = "schema_versions";

    /// <summary>The scripts of a dialect, in the order they apply.</summary>
    public static IReadOnlyList<SqlScript> Scripts(StorageProvider provider)
    {
        var prefix = $"sql/{Dialect(provider)}/";
        var assembly = typeof(SchemaMigrator).Assembly;
        // MSBuild names resources with the OS's separator (RecursiveDir): compare on '/'.
        return assembly.GetManifestResourceNames()
            .Select(n => (Resource: n, Name: n.Replace('\\', '/')))
            .Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal) && r.Name.EndsWith(".sql", StringComparison.Ordinal))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new SqlScript(r.Name[prefix.Length..], Read(assembly, r.Resource)))
            .ToList();
    }

    public static string Dialect(StorageProvider provider) => provider switch
    {
        StorageProvider.PostgreSQL => "postgresql",
        StorageProvider.SqlServer => "sqlserver",
        StorageProvider.Sqlite => "sqlite",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>Brings the database to the current version; returns the names of the scripts it ran.</summary>
    public IReadOnlyList<string> Migrate()
    {
        var connectionString = storage.EffectiveConnectionString;
        var log = new UpgradeLog(logger);
        UpgradeEngineBuilder builder;
        switch (storage.Provider)
        {
            case StorageProvider.PostgreSQL:
                EnsureDatabase.For.PostgresqlDatabase(connectionString, log);
                builder = DeployChanges.To.PostgresqlDatabase(connectionString).JournalToPostgresqlTable("public", JournalTable);
                break;
            case StorageProvider.SqlServer:
                EnsureDatabase.For.SqlDatabase(connectionString, log);
                builder = DeployChanges.To.SqlDatabase(connectionString).JournalToSqlTable("dbo", JournalTable);
                break;
            case StorageProvider.Sqlite:
                PrepareSqliteFile(connectionString);
                builder = DeployChanges.To.SqliteDatabase(connectionString).JournalToSqliteTable(JournalTable);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(storage), storage.Provider, null);
        }

        var engine = builder
            .WithScripts(Scripts(storage.Provider))
            .WithTransactionPerScript()
            .LogTo(log)
            .Build();
        var result = engine.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException(
                $"Schema migration failed at script '{result.ErrorScript?.Name}': {result.Error?.Message}", result.Error);
        var applied = result.Scripts.Select(s => s.Name).ToList();
        logger.LogInformation("Schema of {Provider} is current ({Applied} scripts applied now)", storage.Provider, applied.Count);
        return applied;
    }

    private static void PrepareSqliteFile(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        // WAL lets readers run beside the writer; the mode is stored in the file, so setting it once is enough.
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL;";
        pragma.ExecuteNonQuery();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace("{DbUp}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        public void LogDebug(string format, params object[] args) => logger.LogDebug("{DbUp}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        public void LogInformation(string format, params object[] args) => logger.LogInformation("{DbUp}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        public void LogWarning(string format, params object[] args) => logger.LogWarning("{DbUp}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        public void LogError(string format, params object[] args) => logger.LogError("{DbUp}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "{DbUp}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
