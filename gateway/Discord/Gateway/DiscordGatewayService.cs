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
/// The shards this instance runs and what they learned (shard count, the bot's ids, fatal
/// reasons): the <see cref="IDiscordGateway"/> seam. It depends on nothing, so commands and
/// health checks can use it while <see cref="DiscordGatewayService"/> (which needs the router) fills it.
/// </summary>
public sealed class DiscordShardRegistry : IDiscordGateway
{
    private readonly ConcurrentDictionary<int, GatewayShard> _shards = new();
    private readonly ConcurrentQueue<string> _startupFailures = new();
    private readonly TaskCompletionSource<string> _application = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _currentUserId;
    private volatile int _shardCount;

    public int ShardCount => _shardCount;
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

    internal void SetShardCount(int count) => _shardCount = count;

    internal void StartupFailed(string reason) => _startupFailures.Enqueue(reason);

    internal void ApplicationKnown(string applicationId) => _application.TrySetResult(applicationId);

    internal void Add(GatewayShard shard)
    {
        shard.Ready += (_, ready) =>
        {
            _currentUserId = ready.User.Id;
            if (ready.Application?.Id is { } app) ApplicationKnown(app);
        };
        _shards[shard.Id] = shard;
    }
}

/// <summary>
/// Starts this instance's shards: asks GET /gateway/bot for the URL, the recommended shard count
/// and the session start budget, then runs each configured shard until shutdown.
/// </summary>
public sealed class DiscordGatewayService(
    IOptions<DiscordOptions> options,
    DiscordShardRegistry registry,
    DiscordRestClient rest,
    IDiscordTokenSource tokens,
    IShardSessionStore sessions,
    IGatewayDispatchHandler handler,
    GatewayMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<DiscordGatewayService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.ApplicationId is { } configured) registry.ApplicationKnown(configured.ToString(System.Globalization.CultureInfo.InvariantCulture));
        GatewayBotResponse info;
        try
        {
            await tokens.GetTokenAsync(stoppingToken);
            info = await rest.GetGatewayBotAsync(stoppingToken);
        }
        catch (Exception e) when (e is DiscordTokenUnavailableException or DiscordRestException or HttpRequestException or TimeoutException)
        {
            Fail(e is DiscordRestException { Status: 401 }
                ? "Discord rejected the bot token (401 on GET /gateway/bot): set a valid token via Discord__Token, Discord__TokenFile or Discord__TokenUrl."
                : $"Could not start the Discord gateway: {e.Message}");
            return;
        }

        var shardCount = o.ShardCount ?? Math.Max(1, info.Shards);
        var range = o.ShardIds is not null && ShardRange.TryParse(o.ShardIds, out var parsed, out _) ? parsed! : ShardRange.All(shardCount);
        if (range.Max >= shardCount)
        {
            Fail($"Discord:ShardIds '{o.ShardIds}' names shard {range.Max}, but there are {shardCount} shards (Discord recommends {info.Shards}); set Discord:ShardCount or fix the range.");
            return;
        }
        registry.SetShardCount(shardCount);
        var limit = info.SessionStartLimit;
        var identify = new IdentifyQueue(time, limit.MaxConcurrency, limit.Total, limit.Remaining, TimeSpan.FromMilliseconds(limit.ResetAfter), o.Gateway.IdentifyReserve);
        _logger.LogInformation("Running shards {Shards} of {ShardCount} (Discord recommends {Recommended}); session starts left today {Remaining}/{Total}, max concurrency {MaxConcurrency}",
            range.ToString(), shardCount, info.Shards, limit.Remaining, limit.Total, limit.MaxConcurrency);

        var shardLogger = loggers.CreateLogger<GatewayShard>();
        var runs = new List<Task>();
        foreach (var id in range.Ids)
        {
            var shard = new GatewayShard(new ShardSettings(id, shardCount, info.Url, o.Intents, o.LargeThreshold), tokens, identify, sessions, handler,
                o.Gateway, metrics, time, shardLogger);
            registry.Add(shard);
            runs.Add(shard.RunAsync(stoppingToken));
        }
        await Task.WhenAll(runs);
    }

    private void Fail(string reason)
    {
        registry.StartupFailed(reason);
        _logger.LogError("{Reason}", reason);
    }
}
