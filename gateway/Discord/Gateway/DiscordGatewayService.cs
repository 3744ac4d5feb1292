using System.Collections.Concurrent;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Gateway.Discord.Rest;
using Asphalt.Gateway.Discord.Tokens;
using Asphalt.Gateway.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Discord.Gateway;

/// <summary>What the rest of the gateway may ask of the Discord connection.</summary>
public interface IDiscordGateway
{
    /// <summary>Total shards of the bot (all instances); 0 until started.</summary>
    int ShardCount { get; }

    /// <summary>The shards this instance runs.</summary>
    IReadOnlyCollection<GatewayShard> Shards { get; }

    /// <summary>The bot's own user id and application id, known after the first READY.</summary>
    string? CurrentUserId { get; }
    string? ApplicationId { get; }

    /// <summary>True when start-up failed or a shard stopped fatally; <see cref="FatalReasons"/> says why.</summary>
    IReadOnlyList<string> FatalReasons { get; }

    GatewayShard? GetShard(int shardId);

    /// <summary>Completes with the application id at the first READY (or from configuration).</summary>
    Task<string> WhenApplicationKnownAsync(CancellationToken cancellationToken);

    /// <summary>Op 4 on the shard that owns <paramref name="guildId"/>; <paramref name="channelId"/> null leaves.</summary>
    ValueTask UpdateVoiceStateAsync(long guildId, long? channelId, bool selfMute, bool selfDeaf, CancellationToken cancellationToken);
}

/// <summary>
/// Starts this instance's shards: asks GET /gateway/bot for the URL, the recommended shard count
/// and the session start budget, then runs each configured shard until shutdown.
/// </summary>
public sealed class DiscordGatewayService(
    IOptions<DiscordOptions> options,
    DiscordRestClient rest,
    IDiscordTokenSource tokens,
    IShardSessionStore sessions,
    IGatewayDispatchHandler handler,
    GatewayMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService, IDiscordGateway
{
    private readonly ILogger _logger = loggers.CreateLogger<DiscordGatewayService>();
    private readonly ConcurrentDictionary<int, GatewayShard> _shards = new();
    private readonly ConcurrentQueue<string> _startupFailures = new();
    private readonly TaskCompletionSource<string> _application = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _currentUserId;

    public int ShardCount { get; private set; }
    public IReadOnlyCollection<GatewayShard> Shards => _shards.Values.OrderBy(s => s.Id).ToArray();
    public string? CurrentUserId => _currentUserId;
    public string? ApplicationId => _application.Task.IsCompletedSuccessfully ? _application.Task.Result : null;

    public IReadOnlyList<string> FatalReasons =>
        _startupFailures.Concat(_shards.Values.Where(s => s.State == ShardState.Fatal).Select(s => $"shard {s.Id}: {s.FatalReason}")).ToArray();

    public GatewayShard? GetShard(int shardId) => _shards.GetValueOrDefault(shardId);

    public Task<string> WhenApplicationKnownAsync(CancellationToken cancellationToken) => _application.Task.WaitAsync(cancellationToken);

    public ValueTask UpdateVoiceStateAsync(long guildId, long? channelId, bool selfMute, bool selfDeaf, CancellationToken cancellationToken)
    {
        var shardId = DiscordLimits.ShardFor(guildId, Math.Max(1, ShardCount));
        var shard = GetShard(shardId) ?? throw new InvalidOperationException($"Guild {guildId} belongs to shard {shardId}, which this gateway instance does not run.");
        return shard.UpdateVoiceStateAsync(new VoiceStateUpdateData(guildId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            channelId?.ToString(System.Globalization.CultureInfo.InvariantCulture), selfMute, selfDeaf), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.ApplicationId is { } configured) _application.TrySetResult(configured.ToString(System.Globalization.CultureInfo.InvariantCulture));
        GatewayBotResponse info;
        try
        {
            await tokens.GetTokenAsync(stoppingToken);
            info = await rest.GetGatewayBotAsync(stoppingToken);
        }
        catch (Exception e) when (e is DiscordTokenUnavailableException or DiscordRestException or HttpRequestException or TimeoutException)
        {
            var reason = e is DiscordRestException { Status: 401 }
                ? "Discord rejected the bot token (401 on GET /gateway/bot): set a valid token via Discord__Token, Discord__TokenFile or Discord__TokenUrl."
                : $"Could not start the Discord gateway: {e.Message}";
            _startupFailures.Enqueue(reason);
            _logger.LogError("{Reason}", reason);
            return;
        }

        ShardCount = o.ShardCount ?? Math.Max(1, info.Shards);
        var range = o.ShardIds is null ? ShardRange.All(ShardCount) : ShardRange.TryParse(o.ShardIds, out var parsed, out _) ? parsed! : ShardRange.All(ShardCount);
        if (range.Max >= ShardCount)
        {
            var reason = $"Discord:ShardIds '{o.ShardIds}' names shard {range.Max}, but there are {ShardCount} shards (Discord recommends {info.Shards}); set Discord:ShardCount or fix the range.";
            _startupFailures.Enqueue(reason);
            _logger.LogError("{Reason}", reason);
            return;
        }
        var limit = info.SessionStartLimit;
        var identify = new IdentifyQueue(time, limit.MaxConcurrency, limit.Total, limit.Remaining, TimeSpan.FromMilliseconds(limit.ResetAfter), o.Gateway.IdentifyReserve);
        _logger.LogInformation("Running shards {Shards} of {ShardCount} (Discord recommends {Recommended}); session starts left today {Remaining}/{Total}, max concurrency {MaxConcurrency}",
            range.ToString(), ShardCount, info.Shards, limit.Remaining, limit.Total, limit.MaxConcurrency);

        var runs = new List<Task>();
        foreach (var id in range.Ids)
        {
            var shard = new GatewayShard(new ShardSettings(id, ShardCount, info.Url, o.Intents, o.LargeThreshold), tokens, identify, sessions, handler,
                o.Gateway, metrics, time, loggers.CreateLogger($"Asphalt.Gateway.Discord.Shard"));
            shard.Ready += OnReady;
            _shards[id] = shard;
            runs.Add(shard.RunAsync(stoppingToken));
        }
        await Task.WhenAll(runs);
    }

    private void OnReady(GatewayShard shard, ReadyData ready)
    {
        _currentUserId = ready.User.Id;
        if (ready.Application?.Id is { } app) _application.TrySetResult(app);
    }
}
