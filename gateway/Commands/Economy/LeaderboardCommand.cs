using System.Globalization;
using Asphalt.Grains.Interfaces.Economy;
using static Asphalt.Gateway.Commands.Economy.EconomyMessages;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>/leaderboard [scope]: the richest users by net worth, in this server (default in a server) or globally.</summary>
public sealed class LeaderboardCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly StringOption Scope = new("scope", "This server (default) or everyone") { Choices = [new("Server", "server"), new("Global", "global")] };

    public SlashCommandDefinition Definition { get; } = new("leaderboard", "Shows the richest users", Scope);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var global = context.Options.GetOrDefault(Scope, context.GuildId is null ? "global" : "server") == "global";
        if (!global && context.GuildId is null) throw new CommandRejectedException("The server leaderboard only works in a server; try `scope:Global`.");
        var key = global ? ILeaderboardGrain.Global : context.GuildId!.Value;
        var top = await economy.Grains.GetGrain<ILeaderboardGrain>(key).GetTopAsync(EconomyCommandLimits.LeaderboardRows).WaitAsync(context.CancellationToken);
        var description = top.Count == 0
            ? "Nobody is on this leaderboard yet. Claim your `/daily` to be the first!"
            : string.Join("\n", top.Select(e => $"**{e.Rank.ToString(CultureInfo.InvariantCulture)}.** {Mention(e.UserId)} — {scope.Coins(e.NetWorth)}"));
        await context.RespondAsync(null, [Embed(global ? "Global leaderboard" : "Server leaderboard", description)]);
    }
}
