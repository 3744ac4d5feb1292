using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Asphalt.Grains.Interfaces.Records;

namespace Asphalt.Gateway.Telemetry;

/// <summary>
/// The gateway's instruments, each named once here (meter <c>Asphalt.Gateway</c>, exported through
/// the <c>Asphalt.*</c> wildcard; docs/metrics.md lists them with their Prometheus names).
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Asphalt.Gateway";

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<int, string> _shardStates = new();
    private readonly ConcurrentDictionary<int, double> _heartbeatLatencyMs = new();
    private readonly Counter<long> _events;
    private readonly Counter<long> _eventsIgnored;
    private readonly Counter<long> _identifies;
    private readonly Counter<long> _resumes;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _malformedFrames;
    private readonly Counter<long> _restRequests;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _interactionLatency;
    private readonly Counter<long> _deadlineMissed;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _voiceEvents;

    public GatewayMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("asphalt.gateway.shards", ObserveShards, "{shard}", "Shards of this instance by state.");
        _meter.CreateObservableGauge("asphalt.gateway.heartbeat.latency", ObserveHeartbeats, "ms", "Last heartbeat → ACK round trip per shard.");
        _events = _meter.CreateCounter<long>("asphalt.gateway.events", "{event}", "Dispatch events received, by type.");
        _eventsIgnored = _meter.CreateCounter<long>("asphalt.gateway.events.ignored", "{event}", "Dispatch events no handler wants (not parsed, not queued), by type.");
        _identifies = _meter.CreateCounter<long>("asphalt.gateway.identifies", "{identify}", "IDENTIFY payloads sent, by shard.");
        _resumes = _meter.CreateCounter<long>("asphalt.gateway.resumes", "{resume}", "RESUME payloads sent, by shard.");
        _reconnects = _meter.CreateCounter<long>("asphalt.gateway.reconnects", "{reconnect}", "Connections ended and reopened, by close code (or reason).");
        _malformedFrames = _meter.CreateCounter<long>("asphalt.gateway.malformed_frames", "{frame}", "Frames skipped because they could not be understood, by reason.");
        _restRequests = _meter.CreateCounter<long>("asphalt.gateway.rest.requests", "{request}", "REST requests by route template and status code.");
        _rateLimited = _meter.CreateCounter<long>("asphalt.gateway.rest.rate_limited", "{response}", "429 responses by scope (user, global, shared).");
        _interactionLatency = _meter.CreateHistogram<double>("asphalt.gateway.interaction.latency", "s", "INTERACTION_CREATE received → first response sent, by command.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5, 10] });
        _deadlineMissed = _meter.CreateCounter<long>("asphalt.gateway.interaction.deadline_missed", "{interaction}", "Interactions not answered within Discord's 3 s, by command.");
        _commands = _meter.CreateCounter<long>("asphalt.gateway.commands", "{command}", "Slash command executions by command and outcome (Succeeded, Rejected, Failed).");
        _voiceEvents = _meter.CreateCounter<long>("asphalt.gateway.voice.events", "{event}", "The bot's own VOICE_STATE_UPDATE / VOICE_SERVER_UPDATE handed to the voice sink.");
    }

    internal Meter Meter => _meter;

    public void ShardState(int shardId, string state) => _shardStates[shardId] = state;
    public void HeartbeatLatency(int shardId, TimeSpan latency) => _heartbeatLatencyMs[shardId] = latency.TotalMilliseconds;
    public void EventReceived(string type) => _events.Add(1, new KeyValuePair<string, object?>("type", type));
    public void EventIgnored(string type) => _eventsIgnored.Add(1, new KeyValuePair<string, object?>("type", type));
    public void Identified(int shardId) => _identifies.Add(1, new KeyValuePair<string, object?>("shard", shardId));
    public void Resumed(int shardId) => _resumes.Add(1, new KeyValuePair<string, object?>("shard", shardId));
    public void Reconnected(string closeCode) => _reconnects.Add(1, new KeyValuePair<string, object?>("close_code", closeCode));
    public void MalformedFrame(string reason) => _malformedFrames.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RestRequest(string route, int status) =>
        _restRequests.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("status", status));

    public void RateLimited(string scope) => _rateLimited.Add(1, new KeyValuePair<string, object?>("scope", scope));

    public void InteractionAnswered(string command, TimeSpan latency)
    {
        _interactionLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("command", command));
        if (latency > Discord.DiscordLimits.InteractionResponseDeadline) DeadlineMissed(command);
    }

    public void CommandExecuted(string command, CommandOutcome outcome) =>
        _commands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    /// <summary>
    /// Starts every declared command's series at zero, so that rates and alerts see "none yet"
    /// rather than a missing series.
    /// </summary>
    public void CommandsDeclared(IEnumerable<string> commands)
    {
        foreach (var command in commands)
        {
            var name = new KeyValuePair<string, object?>("command", command);
            _deadlineMissed.Add(0, name);
            foreach (var outcome in Enum.GetValues<CommandOutcome>())
                _commands.Add(0, name, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        }
    }

    public void DeadlineMissed(string command) => _deadlineMissed.Add(1, new KeyValuePair<string, object?>("command", command));
    public void VoiceEvent(string type) => _voiceEvents.Add(1, new KeyValuePair<string, object?>("type", type));

    private IEnumerable<Measurement<long>> ObserveShards() =>
        _shardStates.Values.GroupBy(s => s).Select(g => new Measurement<long>(g.LongCount(), new KeyValuePair<string, object?>("state", g.Key)));

    private IEnumerable<Measurement<double>> ObserveHeartbeats() =>
        _heartbeatLatencyMs.Select(kv => new Measurement<double>(kv.Value, new KeyValuePair<string, object?>("shard", kv.Key)));

    public void Dispose() => _meter.Dispose();
}
