using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Discord.Rest;

namespace Asphalt.Gateway.Commands.Builtin;

/// <summary>/ping: the heartbeat latency of the shard that delivered the command and a measured REST round trip.</summary>
public sealed class PingCommand(IDiscordGateway gateway, DiscordRestClient rest) : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("ping", "Shows the bot's gateway heartbeat latency and REST latency");

    public async Task ExecuteAsync(CommandContext context)
    {
        var heartbeat = gateway.GetShard(context.ShardId)?.HeartbeatLatency;
        var restLatency = await rest.MeasureLatencyAsync(context.CancellationToken);
        var heartbeatText = heartbeat is { } h ? $"{h.TotalMilliseconds:0} ms" : "not measured yet";
        await context.RespondAsync($"Pong! Gateway heartbeat: {heartbeatText} (shard {context.ShardId}) · REST: {restLatency.TotalMilliseconds:0} ms");
    }
}
