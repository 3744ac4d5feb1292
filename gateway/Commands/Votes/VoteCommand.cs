using System.Globalization;
using System.Text;
using Asphalt.Gateway.Votes;
using Asphalt.Grains.Interfaces.Votes;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Commands.Votes;

/// <summary>/vote: where to vote (each active source's URL), when each site lets the user vote again, and the streak.</summary>
public sealed class VoteCommand(IGrainFactory grains, IOptions<VoteWebhookOptions> options, TimeProvider time) : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("vote", "Shows where to vote for the bot, when you can vote again, and your streak");

    public async Task ExecuteAsync(CommandContext context)
    {
        var status = await grains.GetGrain<IVotesGrain>(context.UserId).GetStatusAsync().WaitAsync(context.CancellationToken);
        await context.RespondAsync(Render(options.Value, status, time.GetUtcNow()), ephemeral: true);
    }

    /// <summary>One line per active source with a vote URL; Discord shows <c>&lt;t:…:R&gt;</c> as "in 3 hours" in the user's language.</summary>
    public static string Render(VoteWebhookOptions options, VoteStatus status, DateTimeOffset now)
    {
        var text = new StringBuilder("**Vote for Asphalt** — every vote earns coins, and voting on consecutive days grows a streak bonus.\n");
        var listed = 0;
        foreach (var (name, source) in options.ActiveSources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(source.VoteUrl)) continue;
            listed++;
            var last = status.Sources.FirstOrDefault(s => string.Equals(s.Source, name, StringComparison.OrdinalIgnoreCase));
            var when = last is not null && last.NextVoteAt > now
                ? string.Create(CultureInfo.InvariantCulture, $"next vote <t:{last.NextVoteAt.ToUnixTimeSeconds()}:R>")
                : "you can vote now";
            text.Append(CultureInfo.InvariantCulture, $"• [{source.DisplayName ?? name}](<{source.VoteUrl}>) — {when}\n");
        }
        if (listed == 0) text.Append("No voting sites are set up right now.\n");
        text.Append(status.Streak switch
        {
            0 => "No voting streak yet: vote today to start one.",
            1 => "Voting streak: **1 day**.",
            var n => string.Create(CultureInfo.InvariantCulture, $"Voting streak: **{n} days**."),
        });
        return text.ToString();
    }
}
