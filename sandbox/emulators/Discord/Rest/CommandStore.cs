using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>
/// Registered application commands per scope (global or one guild). A bulk overwrite replaces the scope;
/// a command that keeps its name and type keeps its id, as on Discord.
/// </summary>
internal sealed class CommandStore(SnowflakeGenerator snowflakes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, List<JsonObject>> _scopes = [];

    /// <summary>Stores a validated overwrite and returns the stored commands.</summary>
    public JsonArray Overwrite(ulong applicationId, ulong? guildId, JsonArray commands)
    {
        lock (_gate)
        {
            var scope = guildId ?? 0;
            var previous = _scopes.GetValueOrDefault(scope) ?? [];
            var stored = new List<JsonObject>(commands.Count);
            foreach (var command in commands.OfType<JsonObject>())
            {
                var type = command["type"] is JsonValue t && t.TryGetValue(out int value) ? value : CommandValidator.ChatInput;
                var name = RestJson.AsString(command["name"])!;
                var existing = previous.FirstOrDefault(c => RestJson.AsString(c["name"]) == name && (int)c["type"]! == type);
                var result = (JsonObject)command.DeepClone();
                result["id"] = existing?["id"]?.DeepClone() ?? DiscordPayloads.Id(snowflakes.Next());
                result["application_id"] = DiscordPayloads.Id(applicationId);
                if (guildId is { } gid)
                {
                    result["guild_id"] = DiscordPayloads.Id(gid);
                }

                result["type"] = type;
                result["version"] = DiscordPayloads.Id(snowflakes.Next());
                result["description"] ??= "";
                result["default_member_permissions"] ??= null;
                result["nsfw"] ??= false;
                stored.Add(result);
            }

            _scopes[scope] = stored;
            return ToArray(stored);
        }
    }

    public JsonArray Get(ulong? guildId)
    {
        lock (_gate)
        {
            return ToArray(_scopes.GetValueOrDefault(guildId ?? 0) ?? []);
        }
    }

    /// <summary>The CHAT_INPUT command of that name, guild commands first, as Discord resolves them.</summary>
    public JsonObject? FindChatInput(ulong? guildId, string name)
    {
        lock (_gate)
        {
            IEnumerable<ulong> scopes = guildId is { } gid ? [gid, 0] : [0];
            return scopes
                .SelectMany(scope => _scopes.GetValueOrDefault(scope) ?? [])
                .FirstOrDefault(c => RestJson.AsString(c["name"]) == name && (int)c["type"]! == CommandValidator.ChatInput)
                ?.DeepClone().AsObject();
        }
    }

    private static JsonArray ToArray(IEnumerable<JsonObject> commands) => new([.. commands.Select(c => c.DeepClone())]);
}
