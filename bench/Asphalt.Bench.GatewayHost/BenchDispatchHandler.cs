using System.Collections.Concurrent;
using System.Text.Json;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Routing;

namespace Asphalt.Bench.GatewayHost;

/// <summary>
/// Counts dispatches and otherwise does nothing — or, with <c>guildCache</c>, keeps per guild what
/// commands need and no more: name, owner, member count, locale, channels (id, type, parent) and
/// roles (id, permissions, position) — enough to compute permissions and validate channel options.
/// It wants the events the production router handles (so the shards skip the others exactly as in
/// production), or every event with <c>wantAll</c>.
/// </summary>
public sealed class BenchDispatchHandler(bool guildCache, bool wantAll) : IGatewayDispatchHandler
{
    private long _dispatches;
    private long _guildCreates;

    public ConcurrentDictionary<ulong, CachedGuild> Guilds { get; } = new();

    public long Dispatches => Interlocked.Read(ref _dispatches);

    public long GuildCreates => Interlocked.Read(ref _guildCreates);

    public bool KeepsGuildCache => guildCache;

    public bool Wants(string eventType) => wantAll || GatewayEventRouter.HandledEvents.Contains(eventType);

    public ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        if (dispatch.Type == "GUILD_CREATE")
        {
            Interlocked.Increment(ref _guildCreates);
            if (guildCache && dispatch.Data.ValueKind == JsonValueKind.Object)
            {
                var guild = CachedGuild.From(dispatch.Data);
                Guilds[guild.Id] = guild;
            }
        }
        Interlocked.Increment(ref _dispatches);
        return ValueTask.CompletedTask;
    }
}

public sealed record CachedGuild(ulong Id, string Name, ulong OwnerId, int MemberCount, string Locale, CachedChannel[] Channels, CachedRole[] Roles)
{
    public static CachedGuild From(JsonElement d)
    {
        var channels = d.TryGetProperty("channels", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Select(x => new CachedChannel(
                ReadId(x, "id"), (byte)x.GetProperty("type").GetInt32(), x.TryGetProperty("parent_id", out var p) && p.ValueKind == JsonValueKind.String ? ulong.Parse(p.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0)).ToArray()
            : [];
        var roles = d.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => new CachedRole(ReadId(x, "id"), ReadId(x, "permissions"), x.GetProperty("position").GetInt32())).ToArray()
            : [];
        return new CachedGuild(ReadId(d, "id"), d.GetProperty("name").GetString() ?? "", ReadId(d, "owner_id"),
            d.TryGetProperty("member_count", out var m) ? m.GetInt32() : 0,
            d.TryGetProperty("preferred_locale", out var l) ? l.GetString() ?? "en-US" : "en-US", channels, roles);
    }

    private static ulong ReadId(JsonElement e, string name) => ulong.Parse(e.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct CachedChannel(ulong Id, byte Type, ulong ParentId);

public readonly record struct CachedRole(ulong Id, ulong Permissions, int Position);
