namespace Asphalt.Hosting.Storage;

/// <summary>Which database backs the cluster: one setting picks the whole profile.</summary>
public enum StorageProvider
{
    /// <summary>Embedded default: one machine, a SQLite file, localhost clustering, in-memory reminders.</summary>
    Sqlite,
    PostgreSQL,
    SqlServer,
}

/// <summary>Section <c>Storage</c>; environment form <c>Storage__Provider</c>, <c>Storage__ConnectionString</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DefaultSqliteConnectionString = "Data Source=./data/asphalt.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Required for PostgreSQL and SqlServer; defaults to <c>./data/asphalt.db</c> for Sqlite.</summary>
    public string? ConnectionString { get; set; }

    public string EffectiveConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : Provider == StorageProvider.Sqlite ? DefaultSqliteConnectionString
        : throw new InvalidOperationException(
            $"Storage:ConnectionString is required when Storage:Provider is {Provider} (environment: Storage__ConnectionString).");

    /// <summary>The ADO.NET invariant Orleans uses to load the driver; null for the embedded profile.</summary>
    public string? AdoNetInvariant => Provider switch
    {
        StorageProvider.PostgreSQL => AdoNetInvariants.PostgreSql,
        StorageProvider.SqlServer => AdoNetInvariants.SqlServer,
        _ => null,
    };

    public static StorageOptions From(IConfiguration configuration)
    {
        var options = new StorageOptions();
        configuration.GetSection(Section).Bind(options);
        _ = options.EffectiveConnectionString; // fail at start, with the message above, not at first use
        return options;
    }
}

/// <summary>The driver names Orleans' ADO.NET providers accept (System.Data.SqlClient is refused by Orleans 10).</summary>
public static class AdoNetInvariants
{
    public const string PostgreSql = "Npgsql";
    public const string SqlServer = "Microsoft.Data.SqlClient";
}
