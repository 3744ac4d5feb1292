using System.Diagnostics.Metrics;

namespace Asphalt.Gateway.Votes;

/// <summary>
/// The vote dispatcher's instruments, each named once here (meter <c>Asphalt.Votes</c>, exported
/// through the <c>Asphalt.*</c> wildcard; docs/metrics.md lists them).
/// </summary>
public sealed class VoteMetrics : IDisposable
{
    public const string MeterName = "Asphalt.Votes";

    /// <summary>Every value of the <c>outcome</c> label of <c>asphalt.votes.webhooks</c>.</summary>
    public static readonly IReadOnlyList<string> Outcomes =
    [
        "credited", "duplicate", "refused", "test", "not_a_vote",
        "unknown_source", "unauthorized", "forbidden", "too_large", "invalid", "failed",
    ];

    /// <summary>The <c>source</c> label of deliveries to a source that is not configured (their path is not a label value).</summary>
    public const string UnknownSource = "unknown";

    private readonly Meter _meter;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _coins;
    private readonly Counter<long> _thanks;

    public VoteMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _webhooks = _meter.CreateCounter<long>("asphalt.votes.webhooks", "{delivery}", "Vote webhook deliveries by source and outcome.");
        _coins = _meter.CreateCounter<long>("asphalt.votes.coins", "{coin}", "Coins credited for votes, by source.");
        _thanks = _meter.CreateCounter<long>("asphalt.votes.thanks", "{message}", "Thank-you DMs after a credited vote, by outcome (sent, failed).");
    }

    /// <summary>Starts every source × outcome series at zero, so rates and alerts see "none yet" rather than no series.</summary>
    public void SourcesConfigured(IEnumerable<string> sources)
    {
        foreach (var source in sources.Append(UnknownSource))
            foreach (var outcome in Outcomes)
                _webhooks.Add(0, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void Delivery(string source, string outcome) =>
        _webhooks.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", outcome));

    public void Credited(string source, long coins) => _coins.Add(coins, new KeyValuePair<string, object?>("source", source));

    public void Thanked(bool sent) => _thanks.Add(1, new KeyValuePair<string, object?>("outcome", sent ? "sent" : "failed"));

    public void Dispose() => _meter.Dispose();
}
