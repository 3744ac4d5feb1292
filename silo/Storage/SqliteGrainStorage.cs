using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace Asphalt.Silo.Storage;

/// <summary>
/// Grain state in a SQLite file: the embedded profile's default provider. Rows are keyed by the
/// full grain id (type and key) and the state name; the ETag is a version number, so a write
/// based on a stale read fails with <see cref="InconsistentStateException"/>, as ADO.NET's does.
/// </summary>
public sealed class SqliteGrainStorage(string name, string connectionString, IGrainStorageSerializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, payload FROM grain_state WHERE state_name = $state AND grain_id = $grain";
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var version = reader.GetInt64(0);
        var payload = (byte[])reader.GetValue(1);
        grainState.State = serializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
        long newVersion;
        if (grainState.ETag is null)
        {
            // First write: the row must not exist yet; a concurrent creator wins and we fail.
            command.CommandText = """
                INSERT INTO grain_state (state_name, grain_id, version, payload, updated_at)
                VALUES ($state, $grain, 1, $payload, $now)
                ON CONFLICT (state_name, grain_id) DO NOTHING
                """;
            newVersion = 1;
        }
        else
        {
            var expected = ParseETag(grainState.ETag, stateName, grainId);
            command.CommandText = """
                UPDATE grain_state SET version = version + 1, payload = $payload, updated_at = $now
                WHERE state_name = $state AND grain_id = $grain AND version = $expected
                """;
            command.Parameters.AddWithValue("$expected", expected);
            newVersion = expected + 1;
        }
        if (await command.ExecuteNonQueryAsync() != 1)
            throw Conflict("write", stateName, grainId, grainState.ETag);
        grainState.ETag = newVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null)
        {
            var expected = ParseETag(grainState.ETag, stateName, grainId);
            await using var connection = await OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain AND version = $expected";
            command.Parameters.AddWithValue("$state", stateName);
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            command.Parameters.AddWithValue("$expected", expected);
            if (await command.ExecuteNonQueryAsync() != 1)
                throw Conflict("clear", stateName, grainId, grainState.ETag);
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private long ParseETag(string etag, string stateName, GrainId grainId) =>
        long.TryParse(etag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException($"Storage '{name}': ETag '{etag}' of {grainId}/{stateName} is not one this provider issued.");

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag) =>
        new($"Storage '{name}': {operation} of {grainId}/{stateName} with ETag '{etag ?? "(none)"}' lost a race: the stored version changed.",
            storedEtag: "unknown", currentEtag: etag ?? "");
}
