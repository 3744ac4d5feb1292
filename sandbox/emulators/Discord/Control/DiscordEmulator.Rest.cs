using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Rest;

namespace Asphalt.Emulators.Discord;

/// <summary>Control API: REST faults and state.</summary>
public sealed partial class DiscordEmulator
{
    /// <summary>Default <c>retry_after</c> of injected 429s.</summary>
    private static readonly TimeSpan DefaultInjectedRetryAfter = TimeSpan.FromMilliseconds(250);

    /// <summary>The next <paramref name="count"/> requests to <paramref name="route"/> (a <see cref="RestRoutes"/> name) get 429.</summary>
    public void InjectRateLimits(string route, int count, RateLimitScope scope = RateLimitScope.User, TimeSpan? retryAfter = null) =>
        _context.RateLimiter.Inject(route, count, scope, retryAfter ?? DefaultInjectedRetryAfter);

    /// <summary>What <c>GET /gateway/bot</c> reports as <c>session_start_limit.remaining</c>; at 0 IDENTIFY gets op 9.</summary>
    public void SetSessionStartRemaining(int remaining) => _context.Gateway.SetSessionStartRemaining(remaining);

    public int SessionStartRemaining => _context.Gateway.SessionStartRemaining;

    /// <summary>The commands registered for a guild, or the global ones when <paramref name="guildId"/> is null.</summary>
    public JsonArray RegisteredCommands(ulong? guildId = null) => _context.Commands.Get(guildId);

    /// <summary>The first message posted to the channel (past or future) that matches.</summary>
    public Task<ChannelMessageRecord> WaitForChannelMessageAsync(ulong channelId, Func<ChannelMessageRecord, bool>? predicate = null, TimeSpan? timeout = null) =>
        Log.ChannelMessages.WaitForAsync(m => m.ChannelId == channelId && (predicate?.Invoke(m) ?? true), timeout);
}
