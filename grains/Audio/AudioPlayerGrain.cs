using Microsoft.Extensions.DependencyInjection;
using Asphalt.Grains.Interfaces.Audio;
using Asphalt.Grains.Interfaces.Guilds;
using Asphalt.Grains.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asphalt.Grains.Audio;

/// <summary>
/// See <see cref="IAudioPlayerGrain"/>. The queue, now playing, settings, voice connection and node
/// placement are persisted on every change that matters (the position is not: the node reports it
/// every few seconds, and a resumed node session keeps playing). Listeners, votes and idle clocks
/// are transient.
/// </summary>
public sealed class AudioPlayerGrain(
    [PersistentState("audio-player", StorageNames.Default)] IPersistentState<AudioPlayerState> state,
    IAudioNodeClient nodes,
    IOptions<AudioOptions> options,
    [FromKeyedServices(AudioOptions.ClockKey)] TimeProvider time,
    ILogger<AudioPlayerGrain> logger) : Grain, IAudioPlayerGrain
{
    public const int MaxVolume = 200;
    private const int MaxQueryLength = 500;

    private readonly AudioOptions _options = options.Value;
    private readonly HashSet<long> _listeners = [];
    private readonly HashSet<long> _skipVotes = [];
    private DateTimeOffset? _aloneSince;
    private DateTimeOffset? _idleSince;
    private DateTimeOffset _lastPingReport = DateTimeOffset.MinValue;
    private IGrainTimer? _checkTimer;

    private AudioPlayerState S => state.State;
    private long GuildId => this.GetPrimaryKeyLong();
    private IAudioNodeDirectoryGrain Directory => GrainFactory.GetGrain<IAudioNodeDirectoryGrain>(0);
    private NodeAssignment? Assignment => S.Node is { } n && S.NodeSession is { } s ? new NodeAssignment(n, s) : null;
    private bool VoiceReady => S.VoiceChannelId is not null && S.VoiceSessionId is not null && S.VoiceToken is not null && S.VoiceEndpoint is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.VoiceChannelId is not null) StartChecks();
        return Task.CompletedTask;
    }

    // ───────────── commands ─────────────

    public async Task<AudioReply> PlayAsync(AudioCaller caller, string query)
    {
        query = query?.Trim() ?? "";
        if (query.Length == 0 || query.Length > MaxQueryLength)
            return new AudioReply(AudioOutcome.InvalidArgument, $"Give a URL or search text of 1 to {MaxQueryLength} characters.");
        if (CheckChannel(caller) is { } refused) return refused;
        if (S.Queue.Count >= _options.Player.MaxQueueLength)
            return new AudioReply(AudioOutcome.InvalidArgument, $"The queue is full ({_options.Player.MaxQueueLength} tracks).");

        var loaded = await LoadAsync(IsUrl(query) ? query : _options.Player.SearchPrefix + query);
        if (loaded.Reply is { } failed) return failed;
        var result = loaded.Result!;
        var tracks = (result.Kind == TrackLoadKind.Playlist ? result.Tracks : result.Tracks.Take(1))
            .Take(_options.Player.MaxQueueLength - S.Queue.Count)
            .Select(t => t with { RequestedBy = caller.UserId })
            .ToList();
        if (tracks.Count == 0) return new AudioReply(AudioOutcome.NothingFound, query);

        if (caller.TextChannelId is { } text) S.TextChannelId = text;
        var joining = S.VoiceChannelId is null;
        if (joining)
        {
            S.VoiceChannelId = caller.VoiceChannelId;
            S.VoiceToken = null;
            S.VoiceEndpoint = null;
        }
        _listeners.Add(caller.UserId);

        AudioReply reply;
        if (S.Current is null)
        {
            SetCurrent(tracks[0]);
            S.Queue.AddRange(tracks.Skip(1));
            reply = new AudioReply(AudioOutcome.Started, result.PlaylistName, tracks[0], tracks.Count);
        }
        else
        {
            S.Queue.AddRange(tracks);
            reply = new AudioReply(AudioOutcome.Queued, result.PlaylistName, tracks[0], tracks.Count, Needed: S.Queue.Count - tracks.Count + 1);
        }
        await state.WriteStateAsync();

        if (joining)
        {
            StartChecks();
            await RequestVoiceAsync(S.VoiceChannelId);
        }
        else if (reply.Outcome == AudioOutcome.Started)
        {
            await SyncNodeAsync();
        }
        return reply;
    }

    public async Task<AudioTrack[]> SearchAsync(string query, int limit)
    {
        query = query?.Trim() ?? "";
        if (query.Length == 0 || query.Length > MaxQueryLength) return [];
        var loaded = await LoadAsync(IsUrl(query) ? query : _options.Player.SearchPrefix + query);
        return loaded.Result?.Tracks.Take(Math.Clamp(limit, 1, 25)).ToArray() ?? [];
    }

    public async Task<AudioReply> SetPausedAsync(AudioCaller caller, bool paused)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        if (S.Current is null) return new AudioReply(AudioOutcome.NothingPlaying);
        if (S.Paused == paused) return new AudioReply(AudioOutcome.Ok, paused ? "already paused" : "already playing", S.Current);
        S.PositionMs = EstimatedPosition();
        S.PositionAt = time.GetUtcNow();
        S.Paused = paused;
        await state.WriteStateAsync();
        await PatchIfConnectedAsync(new PlayerPatch { Paused = paused });
        return new AudioReply(AudioOutcome.Ok, Track: S.Current);
    }

    public async Task<AudioReply> SkipAsync(AudioCaller caller)
    {
        if (CheckChannel(caller, mustBeConnected: true) is { } refused) return refused;
        if (S.Current is null) return new AudioReply(AudioOutcome.NothingPlaying);
        _listeners.Add(caller.UserId);
        var skipped = S.Current;
        if (!await IsDjAsync(caller) && skipped.RequestedBy != caller.UserId)
        {
            _skipVotes.Add(caller.UserId);
            _skipVotes.IntersectWith(_listeners);
            var needed = _listeners.Count / 2 + 1;
            if (_skipVotes.Count < needed)
                return new AudioReply(AudioOutcome.VoteRecorded, Track: skipped, Count: _skipVotes.Count, Needed: needed);
        }
        await AdvanceAsync(TrackEndReason.Stopped, userSkip: true);
        return new AudioReply(AudioOutcome.Ok, Track: skipped, Count: _skipVotes.Count);
    }

    public async Task<AudioReply> StopAsync(AudioCaller caller)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        var had = S.Current is not null || S.Queue.Count > 0;
        if (S.Current is { } current) AddHistory(current);
        S.Queue.Clear();
        SetCurrent(null);
        await state.WriteStateAsync();
        await PatchIfConnectedAsync(new PlayerPatch { StopTrack = true });
        return new AudioReply(had ? AudioOutcome.Ok : AudioOutcome.NothingPlaying);
    }

    public async Task<AudioReply> SeekAsync(AudioCaller caller, long positionMs)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        if (S.Current is not { } current) return new AudioReply(AudioOutcome.NothingPlaying);
        if (!current.IsSeekable || current.IsStream) return new AudioReply(AudioOutcome.InvalidArgument, "This track cannot be seeked.");
        if (positionMs < 0 || positionMs >= current.LengthMs)
            return new AudioReply(AudioOutcome.InvalidArgument, $"The position must be between 0 and {TimeSpan.FromMilliseconds(current.LengthMs):m\\:ss}.");
        S.PositionMs = positionMs;
        S.PositionAt = time.GetUtcNow();
        await state.WriteStateAsync();
        await PatchIfConnectedAsync(new PlayerPatch { PositionMs = positionMs });
        return new AudioReply(AudioOutcome.Ok, Track: current);
    }

    public async Task<AudioReply> SetVolumeAsync(AudioCaller caller, int volume)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        if (volume is < 0 or > MaxVolume) return new AudioReply(AudioOutcome.InvalidArgument, $"The volume must be between 0 and {MaxVolume}.");
        S.Volume = volume;
        await state.WriteStateAsync();
        await PatchIfConnectedAsync(new PlayerPatch { Volume = volume });
        return new AudioReply(AudioOutcome.Ok, Count: volume);
    }

    public async Task<AudioReply> SetLoopAsync(AudioCaller caller, LoopMode mode)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        if (!Enum.IsDefined(mode)) return new AudioReply(AudioOutcome.InvalidArgument, "Loop is off, track or queue.");
        S.Loop = mode;
        await state.WriteStateAsync();
        return new AudioReply(AudioOutcome.Ok, mode.ToString());
    }

    public async Task<AudioReply> SetShuffleAsync(AudioCaller caller, bool shuffle)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        S.Shuffle = shuffle;
        await state.WriteStateAsync();
        return new AudioReply(AudioOutcome.Ok, Count: S.Queue.Count);
    }

    public async Task<AudioReply> RemoveAsync(AudioCaller caller, int position)
    {
        if (CheckChannel(caller, mustBeConnected: true) is { } refused) return refused;
        if (position < 1 || position > S.Queue.Count)
            return new AudioReply(AudioOutcome.InvalidArgument, S.Queue.Count == 0 ? "The queue is empty." : $"Pick a position from 1 to {S.Queue.Count}.");
        var track = S.Queue[position - 1];
        if (track.RequestedBy != caller.UserId && !await IsDjAsync(caller)) return new AudioReply(AudioOutcome.MissingDjRole);
        S.Queue.RemoveAt(position - 1);
        await state.WriteStateAsync();
        return new AudioReply(AudioOutcome.Ok, Track: track, Count: position);
    }

    public async Task<AudioReply> MoveAsync(AudioCaller caller, int from, int to)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        if (from < 1 || from > S.Queue.Count || to < 1 || to > S.Queue.Count)
            return new AudioReply(AudioOutcome.InvalidArgument, S.Queue.Count == 0 ? "The queue is empty." : $"Positions go from 1 to {S.Queue.Count}.");
        var track = S.Queue[from - 1];
        S.Queue.RemoveAt(from - 1);
        S.Queue.Insert(to - 1, track);
        await state.WriteStateAsync();
        return new AudioReply(AudioOutcome.Ok, Track: track, Count: to);
    }

    public async Task<AudioReply> ClearAsync(AudioCaller caller)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        var count = S.Queue.Count;
        S.Queue.Clear();
        await state.WriteStateAsync();
        return new AudioReply(AudioOutcome.Ok, Count: count);
    }

    public async Task<AudioReply> SetFiltersAsync(AudioCaller caller, AudioFilters filters)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        if ((filters & ~AllFilters) != 0) return new AudioReply(AudioOutcome.InvalidArgument, "Unknown filter.");
        S.Filters = filters;
        await state.WriteStateAsync();
        await PatchIfConnectedAsync(new PlayerPatch { Filters = filters });
        return new AudioReply(AudioOutcome.Ok, filters.ToString());
    }

    public async Task<AudioReply> SetAlwaysOnAsync(AudioCaller caller, bool alwaysOn)
    {
        if (await CheckControlAsync(caller, mustBeConnected: false) is { } refused) return refused;
        S.AlwaysOn = alwaysOn;
        await state.WriteStateAsync();
        return new AudioReply(AudioOutcome.Ok, alwaysOn ? "on" : "off");
    }

    public async Task<AudioReply> LeaveAsync(AudioCaller caller)
    {
        if (await CheckControlAsync(caller) is { } refused) return refused;
        await DisconnectAsync("asked to leave");
        return new AudioReply(AudioOutcome.Ok);
    }

    public Task<PlayerView> GetAsync(int queueOffset, int queueCount)
    {
        var offset = Math.Clamp(queueOffset, 0, S.Queue.Count);
        var page = S.Queue.Skip(offset).Take(Math.Clamp(queueCount, 0, 100)).ToArray();
        return Task.FromResult(new PlayerView(GuildId, S.VoiceChannelId, S.TextChannelId, S.Current, EstimatedPosition(), S.Paused, S.Volume,
            S.Loop, S.Shuffle, S.Filters, S.AlwaysOn, page, S.Queue.Count, S.Node, S.NodeConnected));
    }

    public Task<AudioTrack[]> GetHistoryAsync(int count) =>
        Task.FromResult(S.History.AsEnumerable().Reverse().Take(Math.Clamp(count, 0, _options.Player.HistoryLength)).ToArray());

    // ───────────── voice (from the gateway) ─────────────

    public async Task OnVoiceStateAsync(VoiceStateUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.ChannelId is null)
        {
            if (S.VoiceChannelId is null && S.VoiceSessionId is null) return;
            await DisconnectAsync("the bot left the voice channel", sendLeave: false);
            return;
        }
        if (S.VoiceChannelId != update.ChannelId)
        {
            // Moved (or joined on its own): the listeners of the old channel mean nothing here.
            _listeners.Clear();
            _skipVotes.Clear();
            _aloneSince = time.GetUtcNow();
        }
        var changed = S.VoiceChannelId != update.ChannelId || S.VoiceSessionId != update.SessionId;
        S.VoiceChannelId = update.ChannelId;
        S.VoiceSessionId = update.SessionId;
        StartChecks();
        if (!changed) return;
        await state.WriteStateAsync();
        await SyncNodeAsync();
    }

    public async Task OnVoiceServerAsync(VoiceServerUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        S.VoiceToken = update.Token;
        S.VoiceEndpoint = update.Endpoint;
        if (update.Endpoint is null)
        {
            await state.WriteStateAsync(); // Discord is allocating a server; another update follows
            return;
        }
        var region = VoiceRegion.Parse(update.Endpoint);
        if (Assignment is null || !S.NodePlayerCreated || region != S.VoiceRegion)
        {
            // The player is (re)placed now that the voice region is known.
            var previous = S.NodePlayerCreated ? Assignment : null;
            S.VoiceRegion = region;
            var target = await Directory.PlaceAsync(GuildId, region);
            if (target is not null && previous is not null && target != previous)
            {
                await TryDestroyAsync(previous);
                S.NodePlayerCreated = false;
                S.NodeHasTrack = false;
            }
            SetAssignment(target);
        }
        await state.WriteStateAsync();
        await SyncNodeAsync();
    }

    public Task OnMemberVoiceStateAsync(long userId, long? channelId)
    {
        if (channelId is not null && channelId == S.VoiceChannelId)
        {
            _listeners.Add(userId);
            _aloneSince = null;
        }
        else if (_listeners.Remove(userId))
        {
            _skipVotes.Remove(userId);
            if (_listeners.Count == 0) _aloneSince = time.GetUtcNow();
        }
        return Task.CompletedTask;
    }

    // ───────────── node messages (from the silo's Lavalink client) ─────────────

    public Task OnNodePlayerStateAsync(NodePlayerState update)
    {
        if (!FromCurrentSession(update.Node, update.SessionId)) return Task.CompletedTask;
        S.PositionMs = update.PositionMs;
        S.PositionAt = time.GetUtcNow();
        S.NodeConnected = update.Connected;
        var now = time.GetUtcNow();
        if (update.Connected && update.PingMs >= 0 && S.VoiceRegion is { } region && now - _lastPingReport >= _options.Player.PingReportInterval)
        {
            _lastPingReport = now;
            Directory.ReportVoicePingAsync(update.Node, region, update.PingMs).Ignore();
        }
        return Task.CompletedTask;
    }

    public async Task OnNodeEventAsync(NodePlayerEvent e)
    {
        if (!FromCurrentSession(e.Node, e.SessionId)) return;
        switch (e.Kind)
        {
            case NodeEventKind.TrackStart:
                S.NodeHasTrack = true;
                break;
            case NodeEventKind.TrackEnd when e.Encoded == S.Current?.Encoded:
                S.NodeHasTrack = false;
                // stopped / replaced / cleanup were caused by us (or by a move): the queue stays where it is.
                if (e.MayStartNext) await AdvanceAsync(e.Reason!.Value, userSkip: false);
                break;
            case NodeEventKind.TrackException:
                logger.LogWarning("Track {Track} failed in guild {GuildId} on node {Node}: {Error}", S.Current?.Identifier, GuildId, e.Node, e.Detail);
                break;
            case NodeEventKind.TrackStuck when e.Encoded == S.Current?.Encoded:
                logger.LogWarning("Track {Track} stuck in guild {GuildId} on node {Node}; skipping", S.Current?.Identifier, GuildId, e.Node);
                await AdvanceAsync(TrackEndReason.LoadFailed, userSkip: true);
                break;
            case NodeEventKind.WebSocketClosed:
                S.NodeConnected = false;
                logger.LogWarning("Voice connection of guild {GuildId} on node {Node} closed: {Code} {Reason}", GuildId, e.Node, e.CloseCode, e.Detail);
                // 4006: the voice session is no longer valid — join again for a fresh one.
                if (e.CloseCode == 4006 && S.VoiceChannelId is { } channel) await RequestVoiceAsync(channel);
                break;
        }
    }

    public async Task MoveToNodeAsync(NodeAssignment target, bool oldNodeAlive)
    {
        ArgumentNullException.ThrowIfNull(target);
        var old = Assignment;
        if (old == target) return;
        var position = EstimatedPosition();
        if (old is not null && oldNodeAlive && S.NodePlayerCreated)
        {
            await TryDestroyAsync(old);
            await Task.Delay(_options.MoveDelay); // wall clock on purpose: Discord's voice server needs it
        }
        SetAssignment(target);
        S.PositionMs = position;
        S.PositionAt = time.GetUtcNow();
        await state.WriteStateAsync();
        logger.LogInformation("Player of guild {GuildId} moves from {Old} to {New} at {Position} ms", GuildId, old?.Node, target.Node, position);
        await SyncNodeAsync();
    }

    // ───────────── internals ─────────────

    private static readonly AudioFilters AllFilters = Enum.GetValues<AudioFilters>().Aggregate(AudioFilters.None, (a, f) => a | f);

    private async Task<(TrackLoadResult? Result, AudioReply? Reply)> LoadAsync(string identifier)
    {
        var node = Assignment?.Node;
        if (node is null)
        {
            var placed = await Directory.PlaceAsync(GuildId, S.VoiceRegion);
            if (placed is null) return (null, new AudioReply(AudioOutcome.NoNodeAvailable));
            SetAssignment(placed);
            node = placed.Node;
        }
        try
        {
            var result = await nodes.LoadTracksAsync(node, identifier);
            return result.Kind switch
            {
                TrackLoadKind.Empty => (null, new AudioReply(AudioOutcome.NothingFound, identifier)),
                TrackLoadKind.Error => (null, new AudioReply(AudioOutcome.LoadFailed, result.ErrorMessage)),
                _ when result.Tracks.Count == 0 => (null, new AudioReply(AudioOutcome.NothingFound, identifier)),
                _ => (result, null),
            };
        }
        catch (AudioNodeException e)
        {
            logger.LogWarning("Loading {Identifier} for guild {GuildId} failed: {Error}", identifier, GuildId, e.Message);
            return (null, new AudioReply(AudioOutcome.LoadFailed, e.Reason));
        }
    }

    /// <summary>Moves the queue on after the current track ended (or was skipped), honoring the loop mode.</summary>
    private async Task AdvanceAsync(TrackEndReason reason, bool userSkip)
    {
        var ended = S.Current;
        _skipVotes.Clear();
        AudioTrack? next;
        if (ended is not null && !userSkip && reason == TrackEndReason.Finished && S.Loop == LoopMode.Track)
        {
            next = ended;
        }
        else
        {
            if (ended is not null)
            {
                AddHistory(ended);
                if (S.Loop == LoopMode.Queue && reason != TrackEndReason.LoadFailed) S.Queue.Add(ended);
            }
            next = TakeNext();
        }
        SetCurrent(next);
        await state.WriteStateAsync();
        if (next is not null) await SyncNodeAsync(forceTrack: true);
        else if (userSkip) await PatchIfConnectedAsync(new PlayerPatch { StopTrack = true });
    }

    private AudioTrack? TakeNext()
    {
        if (S.Queue.Count == 0) return null;
        var index = S.Shuffle ? Random.Shared.Next(S.Queue.Count) : 0;
        var track = S.Queue[index];
        S.Queue.RemoveAt(index);
        return track;
    }

    private void SetCurrent(AudioTrack? track)
    {
        S.Current = track;
        S.PositionMs = 0;
        S.PositionAt = time.GetUtcNow();
        S.NodeHasTrack = false;
        _idleSince = track is null ? time.GetUtcNow() : null;
    }

    private void AddHistory(AudioTrack track)
    {
        S.History.Add(track);
        if (S.History.Count > _options.Player.HistoryLength) S.History.RemoveRange(0, S.History.Count - _options.Player.HistoryLength);
    }

    private void SetAssignment(NodeAssignment? target)
    {
        if (target is not null && Assignment == target) return;
        S.Node = target?.Node;
        S.NodeSession = target?.SessionId;
        S.NodePlayerCreated = false;
        S.NodeHasTrack = false;
        S.NodeConnected = false;
    }

    /// <summary>Brings the node's player up to date: voice, settings and (when it lacks it) the current track at its position.</summary>
    private async Task SyncNodeAsync(bool forceTrack = false)
    {
        if (!VoiceReady) return;
        if (Assignment is null)
        {
            SetAssignment(await Directory.PlaceAsync(GuildId, S.VoiceRegion));
            if (Assignment is null) return; // no node: the directory's failover places it when one comes back
        }
        var sendTrack = S.Current is not null && (forceTrack || !S.NodeHasTrack);
        var patch = new PlayerPatch
        {
            Voice = new VoiceConnection(S.VoiceToken!, S.VoiceEndpoint!, S.VoiceSessionId!, S.VoiceChannelId!.Value),
            Volume = S.Volume,
            Paused = S.Paused,
            Filters = S.Filters,
            Track = sendTrack ? S.Current!.Encoded : null,
            PositionMs = sendTrack ? EstimatedPosition() : null,
        };
        try
        {
            await nodes.UpdatePlayerAsync(Assignment!, GuildId, patch);
            S.NodePlayerCreated = true;
            if (sendTrack) S.NodeHasTrack = true;
            await state.WriteStateAsync();
        }
        catch (AudioNodeException e)
        {
            logger.LogWarning("Updating the player of guild {GuildId} on node {Node} failed: {Error}", GuildId, e.Node, e.Message);
        }
    }

    private async Task PatchIfConnectedAsync(PlayerPatch patch)
    {
        if (Assignment is not { } at || !S.NodePlayerCreated) return;
        try
        {
            await nodes.UpdatePlayerAsync(at, GuildId, patch);
            if (patch.StopTrack)
            {
                S.NodeHasTrack = false;
                await state.WriteStateAsync();
            }
        }
        catch (AudioNodeException e)
        {
            logger.LogWarning("Updating the player of guild {GuildId} on node {Node} failed: {Error}", GuildId, e.Node, e.Message);
        }
    }

    private async Task DisconnectAsync(string reason, bool sendLeave = true)
    {
        logger.LogInformation("Player of guild {GuildId} leaves voice: {Reason}", GuildId, reason);
        if (sendLeave && S.VoiceChannelId is not null) await RequestVoiceAsync(null);
        if (Assignment is { } at)
        {
            if (S.NodePlayerCreated) await TryDestroyAsync(at);
            await Directory.ReleaseAsync(GuildId);
        }
        if (S.Current is not null)
        {
            S.PositionMs = EstimatedPosition();
            S.PositionAt = time.GetUtcNow();
        }
        S.VoiceChannelId = null;
        S.VoiceSessionId = null;
        S.VoiceToken = null;
        S.VoiceEndpoint = null;
        SetAssignment(null);
        _listeners.Clear();
        _skipVotes.Clear();
        _checkTimer?.Dispose();
        _checkTimer = null;
        await state.WriteStateAsync();
    }

    private async Task TryDestroyAsync(NodeAssignment at)
    {
        try
        {
            await nodes.DestroyPlayerAsync(at, GuildId);
        }
        catch (AudioNodeException e)
        {
            logger.LogInformation("Destroying the player of guild {GuildId} on node {Node} failed (it moves anyway): {Error}", GuildId, at.Node, e.Message);
        }
    }

    private async Task RequestVoiceAsync(long? channelId)
    {
        var sent = await GrainFactory.GetGrain<IVoiceGatewayRegistryGrain>(0).RequestVoiceStateAsync(GuildId, channelId, selfDeaf: true);
        if (!sent) logger.LogWarning("No gateway holds the shard of guild {GuildId}: voice state {Channel} not sent", GuildId, channelId?.ToString() ?? "leave");
    }

    private void StartChecks()
    {
        if (_checkTimer is not null) return;
        var now = time.GetUtcNow();
        if (_listeners.Count == 0) _aloneSince ??= now;
        if (S.Current is null || S.Paused) _idleSince ??= now;
        _checkTimer = this.RegisterGrainTimer(_ => CheckIdleAsync(), new GrainTimerCreationOptions(_options.Player.CheckInterval, _options.Player.CheckInterval) { KeepAlive = true });
    }

    /// <summary>Auto-leave: alone for <see cref="AudioPlayerOptions.AloneTimeout"/> or idle for <see cref="AudioPlayerOptions.IdleTimeout"/>, unless 24/7.</summary>
    private async Task CheckIdleAsync()
    {
        if (S.VoiceChannelId is null) return;
        var now = time.GetUtcNow();
        if (S.Current is null || S.Paused) _idleSince ??= now;
        else _idleSince = null;
        if (_listeners.Count == 0) _aloneSince ??= now;
        if (S.AlwaysOn) return;
        if (_aloneSince is { } alone && now - alone >= _options.Player.AloneTimeout)
            await DisconnectAsync("alone in the channel");
        else if (_idleSince is { } idle && now - idle >= _options.Player.IdleTimeout)
            await DisconnectAsync("idle");
    }

    private bool FromCurrentSession(string node, string sessionId) => S.Node == node && S.NodeSession == sessionId;

    private long EstimatedPosition()
    {
        if (S.Current is not { } current) return 0;
        var position = S.PositionMs;
        if (!S.Paused && S.NodeHasTrack) position += (long)(time.GetUtcNow() - S.PositionAt).TotalMilliseconds;
        return current.IsStream ? Math.Max(0, position) : Math.Clamp(position, 0, current.LengthMs);
    }

    private AudioReply? CheckChannel(AudioCaller caller, bool mustBeConnected = false)
    {
        if (caller.VoiceChannelId is null) return new AudioReply(AudioOutcome.NotInVoice);
        if (S.VoiceChannelId is { } mine && mine != caller.VoiceChannelId) return new AudioReply(AudioOutcome.DifferentChannel, Count: 0) with { Detail = mine.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (mustBeConnected && S.VoiceChannelId is null) return new AudioReply(AudioOutcome.NothingPlaying);
        return null;
    }

    private async Task<AudioReply?> CheckControlAsync(AudioCaller caller, bool mustBeConnected = true)
    {
        if (CheckChannel(caller, mustBeConnected) is { } refused) return refused;
        if (S.VoiceChannelId == caller.VoiceChannelId) _listeners.Add(caller.UserId);
        return await IsDjAsync(caller) ? null : new AudioReply(AudioOutcome.MissingDjRole);
    }

    /// <summary>DJ: no DJ role configured, Manage Guild, the DJ role, or alone with the bot.</summary>
    private async Task<bool> IsDjAsync(AudioCaller caller)
    {
        if (caller.CanManageGuild) return true;
        if (_listeners.Count == 1 && _listeners.Contains(caller.UserId)) return true;
        var settings = (await GrainFactory.GetGrain<IGuildGrain>(GuildId).GetAsync()).Settings;
        return settings.DjRoleId is not { } role || caller.RoleIds.Contains(role);
    }

    private static bool IsUrl(string query) =>
        Uri.TryCreate(query, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

[GenerateSerializer, Alias("asphalt.audio.player.state")]
public sealed class AudioPlayerState
{
    [Id(0)] public long? VoiceChannelId { get; set; }
    [Id(1)] public long? TextChannelId { get; set; }
    [Id(2)] public string? VoiceSessionId { get; set; }
    [Id(3)] public string? VoiceToken { get; set; }
    [Id(4)] public string? VoiceEndpoint { get; set; }
    [Id(5)] public string? VoiceRegion { get; set; }
    [Id(6)] public string? Node { get; set; }
    [Id(7)] public string? NodeSession { get; set; }
    [Id(8)] public bool NodePlayerCreated { get; set; }
    [Id(9)] public bool NodeHasTrack { get; set; }
    [Id(10)] public bool NodeConnected { get; set; }
    [Id(11)] public AudioTrack? Current { get; set; }
    [Id(12)] public long PositionMs { get; set; }
    [Id(13)] public DateTimeOffset PositionAt { get; set; }
    [Id(14)] public bool Paused { get; set; }
    [Id(15)] public int Volume { get; set; } = 100;
    [Id(16)] public LoopMode Loop { get; set; }
    [Id(17)] public bool Shuffle { get; set; }
    [Id(18)] public AudioFilters Filters { get; set; }
    [Id(19)] public bool AlwaysOn { get; set; }
    [Id(20)] public List<AudioTrack> Queue { get; set; } = [];
    [Id(21)] public List<AudioTrack> History { get; set; } = [];
}
