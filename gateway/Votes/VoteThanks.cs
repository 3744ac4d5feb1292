using System.Globalization;
using Asphalt.Gateway.Discord.Rest;
using Asphalt.Grains.Interfaces.Votes;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Votes;

/// <summary>
/// Thanks a voter in a DM (create DM channel, post message) after the credit. Runs after the
/// webhook was answered and never fails the vote: users with closed DMs are common.
/// </summary>
public sealed class VoteThanks(DiscordRestClient rest, IOptions<VoteWebhookOptions> options, VoteMetrics metrics, ILogger<VoteThanks> logger)
{
    public static string Message(string site, VoteReceipt receipt) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Thanks for voting for Asphalt on {site}! You got **{receipt.Reward:N0} coins**") +
        (receipt.Streak > 1
            ? string.Create(CultureInfo.InvariantCulture, $" ({receipt.StreakBonus:N0} of them for your {receipt.Streak}-day voting streak).")
            : ".");

    public void ThankInBackground(VoteEvent vote, VoteReceipt receipt)
    {
        if (!options.Value.ThankByDirectMessage) return;
        var site = options.Value.Sources.TryGetValue(vote.Source, out var source) ? source.DisplayName ?? vote.Source : vote.Source;
        _ = Task.Run(async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var channel = await rest.CreateDmAsync(vote.UserId.ToString(CultureInfo.InvariantCulture), timeout.Token);
                await rest.CreateMessageAsync(channel.Id, Message(site, receipt), timeout.Token);
                metrics.Thanked(true);
            }
            catch (Exception e)
            {
                metrics.Thanked(false);
                logger.LogInformation("Could not thank user {UserId} for vote {VoteId} by DM ({Error}); the vote stands", vote.UserId, vote.Id, e.Message);
            }
        });
    }
}
