using System.Text.RegularExpressions;
using Asphalt.Hosting.Storage;
using Asphalt.Silo.Storage;

namespace Asphalt.Silo.Tests.Storage;

/// <summary>
/// SQL Server cannot run here, so its scripts are held to the PostgreSQL ones, which do run:
/// the same files, the same Orleans query keys, the same tables of our own.
/// </summary>
public sealed partial class SqlDialectParityTests
{
    [Fact]
    public void Both_dialects_have_the_same_script_names()
    {
        Assert.Equal(
            SchemaMigrator.Scripts(StorageProvider.PostgreSQL).Select(s => s.Name),
            SchemaMigrator.Scripts(StorageProvider.SqlServer).Select(s => s.Name));
    }

    [Fact]
    public void Both_dialects_define_the_same_Orleans_query_keys_and_all_the_required_ones()
    {
        var postgres = QueryKeys(StorageProvider.PostgreSQL);
        var sqlServer = QueryKeys(StorageProvider.SqlServer);

        Assert.Equal(postgres.Order(), sqlServer.Order());
        Assert.Empty(SchemaMigratorTests.RequiredOrleansQueryKeys.Except(sqlServer));
    }

    [Fact]
    public void Both_dialects_create_the_same_tables_of_our_own()
    {
        static IEnumerable<string> Tables(StorageProvider provider) => SchemaMigrator.Scripts(provider)
            .SelectMany(s => CreateTable().Matches(s.Contents).Select(m => m.Groups["name"].Value.ToLowerInvariant()))
            .Distinct().Order();

        Assert.Equal(Tables(StorageProvider.PostgreSQL), Tables(StorageProvider.SqlServer));
        Assert.Contains("command_executions", Tables(StorageProvider.SqlServer));
        Assert.Contains("error_log", Tables(StorageProvider.Sqlite));
    }

    private static HashSet<string> QueryKeys(StorageProvider provider) => SchemaMigrator.Scripts(provider)
        .SelectMany(s => QueryKey().Matches(s.Contents).Select(m => m.Groups["key"].Value))
        .ToHashSet();

    // The key column of every OrleansQuery row: 'SomethingKey' as the first value of an insert.
    [GeneratedRegex(@"'(?<key>[A-Za-z0-9]+Key)'\s*,")]
    private static partial Regex QueryKey();

    [GeneratedRegex(@"CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(\[?dbo\]?\.)?\[?(?<name>[A-Za-z_]+)\]?", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();
}
