using System.Collections.Concurrent;
using Asphalt.Emulators.Discord;
using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Commands.Builtin;
using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Discord.Rest;
using Asphalt.Gateway.Health;
using Asphalt.Gateway.Routing;
using Asphalt.Gateway.Telemetry;
using Asphalt.Gateway.Tests.Support;
using Asphalt.Grains.Interfaces.Guilds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Tests.Integration;

/// <summary>
/// The gateway's Discord side as it runs in production (shards, REST, router, commands), pointed at the
/// Discord emulator. Only the Orleans boundary is replaced: sessions, journal, guilds and cluster info live in memory.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public const string Token = "emulated-bot-token-for-tests";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, string?> _config;
    private IHost? _host;

    private GatewayHarness(DiscordEmulator emulator, Dictionary<string, string?> config)
    {
        Emulator = emulator;
        _config = config;
        Collected = new MetricCollector(Metrics);
    }

    public DiscordEmulator Emulator { get; }
    public InMemoryShardSessionStore Sessions { get; } = new();
    public InMemoryCommandJournal Journal { get; } = new();
    public InMemoryGuildDirectory Guilds { get; } = new();
    public RecordingVoiceSink Voice { get; } = new();
    public GatewayMetrics Metrics { get; } = new();
    public MetricCollector Collected { get; }
    public ConcurrentQueue<string> Logs { get; } = new();

    public IServiceProvider Services => _host!.Services;
    public IDiscordGateway Gateway => Services.GetRequiredService<IDiscordGateway>();
    public DiscordRestClient Rest => Services.GetRequiredService<DiscordRestClient>();
    public GatewayShard Shard(int id) => Gateway.GetShard(id) ?? throw new InvalidOperationException($"shard {id} not running");

    public static async Task<GatewayHarness> StartAsync(
        Func<DiscordEmulatorOptions, DiscordEmulatorOptions>? emulator = null,
        IDictionary<string, string?>? config = null,
        bool startGateway = true,
        int guilds = 2)
    {
        var options = DiscordEmulatorOptions.WithGeneratedGuilds(Token, guilds);
        var started = await DiscordEmulator.StartAsync(emulator?.Invoke(options) ?? options);
        var settings = new Dictionary<string, string?>
        {
            ["Discord:Token"] = Token,
            ["Discord:ApiBaseUrl"] = started.ApiBaseUrl,
            ["Discord:Gateway:ReconnectBaseDelay"] = "00:00:00.100",
            ["Discord:Gateway:ReconnectMaxDelay"] = "00:00:01",
            ["Discord:Gateway:SessionSaveInterval"] = "00:00:01",
            ["Discord:Rest:RetryBaseDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in config ?? new Dictionary<string, string?>()) settings[key] = value;
        var harness = new GatewayHarness(started, settings);
        if (startGateway) await harness.StartGatewayAsync();
        return harness;
    }

    /// <summary>Starts (or, after <see cref="StopGatewayAsync"/>, restarts) the gateway; the session store survives restarts like the grain does.</summary>
    public async Task StartGatewayAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(_config);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(new QueueLoggerProvider(Logs));
        var services = builder.Services;
        services.AddSingleton(Metrics);
        services.AddSingleton<IShardSessionStore>(Sessions);
        services.AddSingleton<ICommandJournal>(Journal);
        services.AddSingleton<IGuildDirectory>(Guilds);
        services.AddSingleton<IVoiceEventSink>(Voice);
        services.AddSingleton<IClusterInfo>(new FixedClusterInfo());
        services.AddDiscordClient(builder.Configuration);
        services.AddEventRouting();
        services.AddSlashCommands().AddSlashCommand<PingCommand>().AddSlashCommand<AboutCommand>().AddSlashCommand<RollCommand>()
            .AddSlashCommand<SlowCommand>().AddSlashCommand<BoomCommand>();
        services.AddSingleton<DiscordShardsHealthCheck>();
        _host = builder.Build();
        await _host.StartAsync();
    }

    /// <summary>What SIGTERM does: the host stops gracefully.</summary>
    public async Task StopGatewayAsync()
    {
        if (_host is null) return;
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
        _host = null;
    }

    /// <summary>Until the emulator saw the shard become ready and the shard itself processed READY/RESUMED.</summary>
    public async Task WaitForReadyAsync(int shardId = 0, int occurrence = 1)
    {
        var ready = await Emulator.WaitForConnectionAsync(shardId, Patience, occurrence);
        await Eventually(() => Gateway.GetShard(shardId) is { State: ShardState.Ready } shard && shard.SessionId == ready.SessionId, $"shard {shardId} is ready");
    }

    public async Task<HealthCheckResult> ShardHealthAsync() =>
        await Services.GetRequiredService<DiscordShardsHealthCheck>().CheckHealthAsync(new HealthCheckContext());

    /// <summary>Polls a condition that becomes true asynchronously (generous bound; nothing is asserted on the time taken).</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"never happened: {what}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopGatewayAsync();
        await Emulator.DisposeAsync();
        Collected.Dispose();
    }

    private sealed class FixedClusterInfo : IClusterInfo
    {
        public Task<IReadOnlyList<ClusterMemberInfo>> GetActiveMembersAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ClusterMemberInfo>>([new("S127.0.0.1:11111:1", "Active"), new("S127.0.0.1:11112:1", "Active")]);
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(lines, categoryName);
        public void Dispose() { }

        private sealed class QueueLogger(ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
        }
    }
}

/// <summary>A test command with a bounded option, to exercise parsing end to end.</summary>
public sealed class RollCommand : ISlashCommand
{
    public static readonly IntegerOption Sides = new("sides", "Sides of the die", required: true) { MinValue = 2, MaxValue = 100 };
    public int Runs;

    public SlashCommandDefinition Definition { get; } = new("roll", "Rolls a die", Sides);

    public Task ExecuteAsync(CommandContext context)
    {
        Interlocked.Increment(ref Runs);
        return context.RespondAsync($"You rolled a d{context.Options.Get(Sides)}.");
    }
}

/// <summary>Takes longer than Discord's 3 s and never defers itself: the framework must.</summary>
public sealed class SlowCommand : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("slow", "Takes its time");

    public async Task ExecuteAsync(CommandContext context)
    {
        await Task.Delay(TimeSpan.FromSeconds(3.5), context.CancellationToken);
        await context.RespondAsync("worth the wait");
    }
}

/// <summary>Fails unexpectedly.</summary>
public sealed class BoomCommand : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("boom", "Always fails");

    public Task ExecuteAsync(CommandContext context) => throw new InvalidOperationException("internal detail the user must not see");
}

/// <summary>Stands in for the guild grains (the Orleans boundary).</summary>
public sealed class InMemoryGuildDirectory : IGuildDirectory
{
    public ConcurrentDictionary<long, GuildSnapshot> Joined { get; } = new();
    public ConcurrentDictionary<long, DateTimeOffset> Left { get; } = new();

    public Task RecordJoinedAsync(long guildId, GuildSnapshot snapshot)
    {
        Joined[guildId] = snapshot;
        return Task.CompletedTask;
    }

    public Task RecordLeftAsync(long guildId, DateTimeOffset at)
    {
        Left[guildId] = at;
        return Task.CompletedTask;
    }
}

/// <summary>Stands in for the audio feature's voice entry point.</summary>
public sealed class RecordingVoiceSink : IVoiceEventSink
{
    public ConcurrentQueue<VoiceStateEvent> States { get; } = new();
    public ConcurrentQueue<VoiceServerEvent> Servers { get; } = new();
    public ConcurrentQueue<MemberVoiceStateEvent> Members { get; } = new();
    public ConcurrentQueue<GuildVoiceStatesEvent> GuildStates { get; } = new();
    public ConcurrentQueue<long> GuildsGone { get; } = new();

    public ValueTask OnMemberVoiceStateAsync(MemberVoiceStateEvent memberState)
    {
        Members.Enqueue(memberState);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnGuildVoiceStatesAsync(GuildVoiceStatesEvent guildStates)
    {
        GuildStates.Enqueue(guildStates);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnGuildGoneAsync(long guildId)
    {
        GuildsGone.Enqueue(guildId);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnVoiceStateAsync(VoiceStateEvent voiceState)
    {
        States.Enqueue(voiceState);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnVoiceServerAsync(VoiceServerEvent voiceServer)
    {
        Servers.Enqueue(voiceServer);
        return ValueTask.CompletedTask;
    }
}
