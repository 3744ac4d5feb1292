using System.Reflection;
using Asphalt.Gateway.Discord.Gateway;

namespace Asphalt.Gateway.Commands.Builtin;

/// <summary>/about: the version, the shard that answered, and the cluster's active members.</summary>
public sealed class AboutCommand(IDiscordGateway gateway, IClusterInfo cluster) : ISlashCommand
{
    private static readonly string Version =
        typeof(AboutCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public SlashCommandDefinition Definition { get; } = new("about", "Shows the bot's version, shard and cluster");

    public async Task ExecuteAsync(CommandContext context)
    {
        var members = await cluster.GetActiveMembersAsync(context.CancellationToken);
        await context.RespondAsync(
            $"Asphalt {Version} · shard {context.ShardId} of {gateway.ShardCount} · cluster: {members.Count} active silo{(members.Count == 1 ? "" : "s")}");
    }
}
