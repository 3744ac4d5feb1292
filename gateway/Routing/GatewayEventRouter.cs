using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Gateway.Telemetry;
using Asphalt.Grains.Interfaces.Guilds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Routing;

/// <summary>
/// Turns dispatches into work: INTERACTION_CREATE → slash commands (started, not awaited, so one
/// slow command never holds the shard's events); GUILD_CREATE/UPDATE/DELETE → the guild directory
/// (a DELETE with unavailable:true is an outage, not a leave); voice events (the bot's own, other
/// members', and GUILD_CREATE's voice_states) → the voice sink. Other events never reach it:
/// <see cref="Wants"/> tells the shards to skip them (counted as ignored).
/// </summary>
public sealed class GatewayEventRouter(
    SlashCommandDispatcher commands,
    IGuildDirectory guilds,
    IVoiceEventSink voice,
    GatewayMetrics metrics,
    TimeProvider time,
    IHostApplicationLifetime? lifetime,
    ILogger<GatewayEventRouter> logger) : IGatewayDispatchHandler
{
    /// <summary>The dispatches this router acts on; the shards skip the payloads of all others.</summary>
    public static readonly FrozenSet<string> HandledEvents = FrozenSet.Create(StringComparer.Ordinal,
        "READY", "INTERACTION_CREATE", "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "VOICE_STATE_UPDATE", "VOICE_SERVER_UPDATE");

    private volatile string? _botUserId;

    public bool Wants(string eventType) => HandledEvents.Contains(eventType);

    public async ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        try
        {
            switch (dispatch.Type)
            {
                case "READY":
                    _botUserId = Read(dispatch.Data, DiscordJsonContext.Default.ReadyData).User.Id;
                    break;
                case "INTERACTION_CREATE":
                    var interaction = Read(dispatch.Data, DiscordJsonContext.Default.Interaction);
                    _ = Task.Run(() => commands.HandleAsync(interaction, dispatch.ShardId, dispatch.ReceivedAt, lifetime?.ApplicationStopping ?? CancellationToken.None),
                        CancellationToken.None);
                    break;
                case "GUILD_CREATE":
                case "GUILD_UPDATE":
                    var guild = Read(dispatch.Data, DiscordJsonContext.Default.GuildCreateData);
                    if (guild.Unavailable == true) break; // still in an outage; it comes back with a full GUILD_CREATE
                    if (guild.VoiceStates is { } voiceStates) await voice.OnGuildVoiceStatesAsync(GuildVoiceStates(dispatch.ShardId, guild, voiceStates));
                    await guilds.RecordJoinedAsync(Snowflake(guild.Id),
                        new GuildSnapshot(guild.Name ?? "", guild.MemberCount ?? 0, guild.PreferredLocale ?? "en-US", time.GetUtcNow()));
                    break;
                case "GUILD_DELETE":
                    var deleted = Read(dispatch.Data, DiscordJsonContext.Default.GuildDeleteData);
                    await voice.OnGuildGoneAsync(Snowflake(deleted.Id));
                    if (deleted.Unavailable == true)
                    {
                        logger.LogWarning("Guild {GuildId} became unavailable (Discord outage); not a leave", deleted.Id);
                        break;
                    }
                    await guilds.RecordLeftAsync(Snowflake(deleted.Id), time.GetUtcNow());
                    break;
                case "VOICE_STATE_UPDATE":
                    var state = Read(dispatch.Data, DiscordJsonContext.Default.VoiceStateData);
                    if (state.GuildId is null) break; // DM calls are not the bot's business
                    var channel = state.ChannelId is null ? (long?)null : Snowflake(state.ChannelId);
                    if (state.UserId == _botUserId)
                        await voice.OnVoiceStateAsync(new VoiceStateEvent(dispatch.ShardId, Snowflake(state.GuildId), channel, Snowflake(state.UserId), state.SessionId));
                    else
                        await voice.OnMemberVoiceStateAsync(new MemberVoiceStateEvent(dispatch.ShardId, Snowflake(state.GuildId), Snowflake(state.UserId), channel,
                            state.Member?.User?.Bot == true));
                    break;
                case "VOICE_SERVER_UPDATE":
                    var server = Read(dispatch.Data, DiscordJsonContext.Default.VoiceServerUpdateData);
                    await voice.OnVoiceServerAsync(new VoiceServerEvent(dispatch.ShardId, Snowflake(server.GuildId), server.Token, server.Endpoint));
                    break;
                default:
                    metrics.EventIgnored(dispatch.Type);
                    break;
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException)
        {
            metrics.MalformedFrame("bad_event_payload");
            logger.LogWarning("Skipped a {Event} whose payload could not be read: {Error}", dispatch.Type, e.Message);
        }
    }

    private GuildVoiceStatesEvent GuildVoiceStates(int shardId, GuildCreateData guild, IReadOnlyList<VoiceStateData> states)
    {
        var bots = (guild.Members ?? []).Where(m => m.User is { Bot: true }).Select(m => m.User!.Id).ToHashSet(StringComparer.Ordinal);
        var bot = _botUserId;
        long? botChannel = null;
        var members = new List<(long, long)>();
        foreach (var s in states)
        {
            if (s.ChannelId is null) continue;
            if (s.UserId == bot) botChannel = Snowflake(s.ChannelId);
            else if (!bots.Contains(s.UserId)) members.Add((Snowflake(s.UserId), Snowflake(s.ChannelId)));
        }
        return new GuildVoiceStatesEvent(shardId, Snowflake(guild.Id), members, botChannel);
    }

    private static T Read<T>(JsonElement data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        data.ValueKind == JsonValueKind.Object ? data.Deserialize(type) ?? throw new JsonException("null payload") : throw new JsonException("payload is not an object");

    private static long Snowflake(string id) => long.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);
}
