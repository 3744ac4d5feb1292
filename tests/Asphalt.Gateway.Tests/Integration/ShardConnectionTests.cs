using System.Text.Json;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Discord.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Asphalt.Gateway.Tests.Integration.GatewayHarness;

namespace Asphalt.Gateway.Tests.Integration;

/// <summary>The shard against the emulated Discord gateway: handshake, heartbeats, reconnects, close codes, limits.</summary>
public class ShardConnectionTests
{
    private static readonly TimeSpan FastHeartbeats = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task Identifies_over_zlib_stream_then_heartbeats_with_the_last_sequence()
    {
        await using var h = await StartAsync(e => e with { HeartbeatInterval = FastHeartbeats });
        var identify = await h.Emulator.WaitForIdentifyAsync(0, Patience);
        Assert.Equal(1, identify.ShardCount);
        Assert.Equal((long)(GatewayIntents.Guilds | GatewayIntents.GuildVoiceStates), identify.Intents);
        var connection = h.Emulator.Log.Connections.Snapshot().First();
        Assert.True(connection.Compressed);
        Assert.Contains("v=10", connection.PathAndQuery);
        Assert.Contains("encoding=json", connection.PathAndQuery);
        Assert.Contains("compress=zlib-stream", connection.PathAndQuery);

        await h.WaitForReadyAsync();
        var beat = await h.Emulator.Log.Heartbeats.WaitForAsync(b => b.ShardId == 0 && b.Seq > 0, Patience);
        Assert.True(beat.Seq <= h.Shard(0).Sequence);
        await Eventually(() => h.Shard(0).HeartbeatLatency is not null, "a heartbeat ACK measured the latency");
        Assert.Equal(ShardState.Ready, h.Shard(0).State);
        Assert.Equal(HealthStatus.Healthy, (await h.ShardHealthAsync()).Status);
    }

    [Fact]
    public async Task A_heartbeat_request_from_Discord_is_answered_at_once()
    {
        // Scheduled beats are an hour apart here, so a heartbeat can only be the answer to op 1.
        await using var h = await StartAsync(e => e with { HeartbeatInterval = TimeSpan.FromHours(1) });
        await h.WaitForReadyAsync();
        var before = h.Emulator.Log.Heartbeats.Count;
        await h.Emulator.RequestHeartbeatAsync(0);
        await h.Emulator.WaitForHeartbeatAsync(0, Patience, before + 1);
    }

    [Fact]
    public async Task A_zombie_connection_is_closed_with_a_resumable_code_and_resumed()
    {
        await using var h = await StartAsync(e => e with { HeartbeatInterval = FastHeartbeats });
        await h.WaitForReadyAsync();
        h.Emulator.WithholdHeartbeatAcks(0);
        var close = await h.Emulator.WaitForCloseAsync(0, Patience);
        Assert.Equal(GatewayCloseCodes.ClientZombie, close.ClientCloseCode);
        h.Emulator.WithholdHeartbeatAcks(0, false);
        var resume = await h.Emulator.Log.Resumes.WaitForAsync(r => r.Succeeded, Patience);
        Assert.Equal(GatewayEndpointKind.ResumeGateway, resume.Endpoint);
        await h.WaitForReadyAsync(occurrence: 2);
        Assert.Equal(1, h.Emulator.Log.Identifies.Count);
        Assert.Equal(1, h.Collected.Sum("asphalt.gateway.reconnects", "close_code", "zombie"));
    }

    [Fact]
    public async Task Op_7_reconnects_and_resumes_on_the_resume_url()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        await h.Emulator.SendReconnectAsync(0);
        var close = await h.Emulator.WaitForCloseAsync(0, Patience);
        Assert.NotEqual(1000, close.ClientCloseCode);
        Assert.NotEqual(1001, close.ClientCloseCode);
        var resume = await h.Emulator.Log.Resumes.WaitForAsync(r => r.Succeeded, Patience);
        Assert.Equal(GatewayEndpointKind.ResumeGateway, resume.Endpoint);
        Assert.Equal(h.Emulator.Log.Identifies.Snapshot()[0].SessionId, resume.SessionId);
        Assert.Equal(1, h.Emulator.Log.Identifies.Count);
    }

    [Fact]
    public async Task A_dropped_tcp_connection_is_resumed()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        h.Emulator.AbortShardConnection(0);
        await h.Emulator.Log.Resumes.WaitForAsync(r => r.Succeeded, Patience);
        Assert.Equal(1, h.Emulator.Log.Identifies.Count);
    }

    [Fact]
    public async Task Op_9_resumable_resumes()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        await h.Emulator.SendInvalidSessionAsync(0, resumable: true);
        await h.Emulator.Log.Resumes.WaitForAsync(r => r.Succeeded, Patience);
        await h.WaitForReadyAsync(occurrence: 2);
        Assert.Equal(1, h.Emulator.Log.Identifies.Count);
    }

    [Fact]
    public async Task Op_9_not_resumable_identifies_afresh_after_a_pause()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        var firstSession = h.Shard(0).SessionId;
        await h.Emulator.SendInvalidSessionAsync(0, resumable: false);
        var second = await h.Emulator.WaitForIdentifyAsync(0, Patience, occurrence: 2);
        Assert.NotEqual(firstSession, second.SessionId);
        Assert.Empty(h.Emulator.Log.Resumes.Snapshot());
        await Eventually(() => h.Shard(0).SessionId == second.SessionId && h.Shard(0).State == ShardState.Ready, "the new session is ready");
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(4003)]
    [InlineData(4005)]
    [InlineData(4008)]
    public async Task Resumable_close_codes_reconnect_and_resume(int code)
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        await h.Emulator.CloseShardAsync(0, code);
        await h.Emulator.Log.Resumes.WaitForAsync(r => r.Succeeded, Patience);
        Assert.Equal(1, h.Emulator.Log.Identifies.Count);
        Assert.Equal(1, h.Collected.Sum("asphalt.gateway.reconnects", "close_code", code));
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task Close_codes_that_end_the_session_identify_anew(int code)
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        await h.Emulator.CloseShardAsync(0, code);
        await h.Emulator.WaitForIdentifyAsync(0, Patience, occurrence: 2);
        Assert.Empty(h.Emulator.Log.Resumes.Snapshot());
    }

    [Theory]
    [InlineData(4004, "Discord__Token")]
    [InlineData(4010, "Discord:ShardIds")]
    [InlineData(4011, "Discord:ShardCount")]
    [InlineData(4012, "v10")]
    [InlineData(4013, "Discord:Intents")]
    [InlineData(4014, "Privileged Gateway Intents")]
    public async Task Fatal_close_codes_stop_the_shard_with_a_clear_error_and_no_retry(int code, string hint)
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        await h.Emulator.CloseShardAsync(0, code);
        await Eventually(() => h.Shard(0).State == ShardState.Fatal, "the shard stops");
        Assert.Contains(hint, h.Shard(0).FatalReason);
        Assert.Contains(h.Logs, l => l.StartsWith("Error") && l.Contains(hint));
        var health = await h.ShardHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains(hint, health.Description);
        await Task.Delay(TimeSpan.FromSeconds(2)); // several reconnect delays: a retry would have happened by now
        Assert.Equal(1, h.Emulator.Log.Connections.Count);
        Assert.Equal(1, h.Emulator.Log.Identifies.Count);
    }

    [Fact]
    public async Task Disallowed_privileged_intents_stop_without_burning_identifies()
    {
        await using var h = await StartAsync(config: new Dictionary<string, string?> { ["Discord:Intents"] = "Guilds, GuildMembers" });
        await h.Emulator.Log.Closes.WaitForAsync(c => c.ServerCloseCode == 4014, Patience);
        await Eventually(() => h.Shard(0).State == ShardState.Fatal, "the shard stops");
        Assert.Contains("Privileged Gateway Intents", h.Shard(0).FatalReason);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, h.Emulator.Log.Connections.Count);
    }

    [Fact]
    public async Task Refuses_to_identify_when_the_daily_budget_is_down_to_the_reserve()
    {
        await using var h = await StartAsync(e => e with { SessionStartLimitRemaining = 3 });
        await Eventually(() => h.Gateway.GetShard(0)?.State == ShardState.Fatal, "the shard refuses to identify");
        Assert.Contains("session start budget", h.Shard(0).FatalReason);
        Assert.Equal(0, h.Emulator.Log.Identifies.Count);
        Assert.Equal(HealthStatus.Unhealthy, (await h.ShardHealthAsync()).Status);
    }

    [Fact]
    public async Task Runs_only_the_configured_shards_with_the_configured_count()
    {
        await using var h = await StartAsync(config: new Dictionary<string, string?> { ["Discord:ShardCount"] = "3", ["Discord:ShardIds"] = "1-2" });
        var one = await h.Emulator.WaitForIdentifyAsync(1, Patience);
        var two = await h.Emulator.WaitForIdentifyAsync(2, Patience);
        Assert.Equal(3, one.ShardCount);
        Assert.Equal(3, two.ShardCount);
        Assert.DoesNotContain(h.Emulator.Log.Identifies.Snapshot(), i => i.ShardId == 0);
        Assert.Null(h.Gateway.GetShard(0));
        Assert.True(two.At - one.At >= TimeSpan.FromSeconds(4.9) || one.At - two.At >= TimeSpan.FromSeconds(4.9),
            "max_concurrency 1: the two identifies must be 5 s apart");
    }

    [Fact]
    public async Task Malformed_frames_are_counted_and_skipped_and_the_shard_stays_up()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        var connections = h.Emulator.Log.Connections.Count;
        await h.Emulator.SendRawAsync(0, "this is not json");
        await h.Emulator.SendRawAsync(0, """{"op":99,"d":null}""");
        await h.Emulator.SendRawAsync(0, """{"d":{}}""");
        await h.Emulator.SendRawAsync(0, """{"op":0,"d":{"id":"1"}}""");
        await h.Emulator.DispatchAsync(0, "GUILD_CREATE", new { id = "515151515151515151", name = "After the garbage" });
        await Eventually(() => h.Guilds.Joined.ContainsKey(515151515151515151), "a good event after the bad frames is still handled");
        Assert.Equal(1, h.Collected.Sum("asphalt.gateway.malformed_frames", "reason", "invalid_json"));
        Assert.Equal(1, h.Collected.Sum("asphalt.gateway.malformed_frames", "reason", "unknown_op"));
        Assert.Equal(1, h.Collected.Sum("asphalt.gateway.malformed_frames", "reason", "missing_op"));
        Assert.Equal(1, h.Collected.Sum("asphalt.gateway.malformed_frames", "reason", "missing_field"));
        Assert.Equal(connections, h.Emulator.Log.Connections.Count);
        Assert.Equal(ShardState.Ready, h.Shard(0).State);
    }

    [Fact]
    public async Task Outbound_commands_stay_under_the_send_limit_and_heartbeats_still_go_out()
    {
        await using var h = await StartAsync(e => e with { HeartbeatInterval = FastHeartbeats });
        await h.WaitForReadyAsync();
        var guild = (long)h.Emulator.Guilds[0].Id;
        using var stop = new CancellationTokenSource();
        var flood = Enumerable.Range(0, 130).Select(i => h.Gateway.UpdateVoiceStateAsync(guild, null, false, i % 2 == 0, stop.Token).AsTask()).ToArray();
        await h.Emulator.Log.ClientPayloads.WaitForCountAsync(p => p.Op == GatewayOpcode.VoiceStateUpdate, 100, Patience);
        var beatsBefore = h.Emulator.Log.Heartbeats.Count;
        await h.Emulator.WaitForHeartbeatAsync(0, Patience, beatsBefore + 2); // heartbeats keep flowing while ordinary sends wait
        var sent = h.Emulator.Log.ClientPayloads.Snapshot();
        Assert.True(sent.Count(p => p.Op == GatewayOpcode.VoiceStateUpdate) <= 120 - 6, $"{sent.Count(p => p.Op == 4)} voice updates in the first minute");
        Assert.True(sent.Count <= 120, $"{sent.Count} payloads in the first minute");
        Assert.DoesNotContain(h.Emulator.Log.Closes.Snapshot(), c => c.ShardId == 0);
        stop.Cancel();
        await Task.WhenAll(flood.Select(t => t.ContinueWith(_ => { })));
    }

    [Fact]
    public async Task Payloads_over_4096_bytes_are_refused_before_sending()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        var huge = JsonSerializer.SerializeToElement(new string('x', 5000), DiscordJsonContext.Default.String);
        var refused = await Assert.ThrowsAsync<GatewayPayloadTooLargeException>(() =>
            h.Shard(0).SendAsync(GatewayOpcode.PresenceUpdate, huge, DiscordJsonContext.Default.OutboundPayloadJsonElement, CancellationToken.None).AsTask());
        Assert.True(refused.Bytes > 4096);
        Assert.DoesNotContain(h.Emulator.Log.ClientPayloads.Snapshot(), p => p.Op == GatewayOpcode.PresenceUpdate);
        Assert.Equal(ShardState.Ready, h.Shard(0).State);
    }

    [Fact]
    public async Task A_restarted_gateway_resumes_the_saved_session_instead_of_identifying()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        var session = h.Shard(0).SessionId;
        await h.StopGatewayAsync();
        var close = await h.Emulator.WaitForCloseAsync(0, Patience);
        Assert.Equal(GatewayCloseCodes.ClientRestarting, close.ClientCloseCode);
        Assert.Equal(session, (await h.Sessions.LoadAsync(0, CancellationToken.None))?.SessionId);

        // Sent while no gateway runs: the RESUME must replay it.
        await h.Emulator.DispatchAsync(0, "GUILD_CREATE", new { id = "424242424242424242", name = "Missed while away", member_count = 7, preferred_locale = "de" });
        await h.StartGatewayAsync();
        var resume = await h.Emulator.Log.Resumes.WaitForAsync(r => r.ShardId == 0, Patience);
        Assert.True(resume.Succeeded);
        Assert.Equal(session, resume.SessionId);
        Assert.True(resume.Replayed >= 1);
        await Eventually(() => h.Guilds.Joined.ContainsKey(424242424242424242), "the replayed GUILD_CREATE reached the guild directory");
        Assert.Equal("Missed while away", h.Guilds.Joined[424242424242424242].Name);
        Assert.Equal(1, h.Emulator.Log.Identifies.Count);
    }

    [Fact]
    public async Task A_saved_session_whose_resume_url_cannot_be_reached_is_given_up_for_a_fresh_identify()
    {
        await using var h = await StartAsync(startGateway: false);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more: connecting is refused
        var dead = $"ws://127.0.0.1:{port}/gone";
        await h.Sessions.SaveAsync(0, new ShardSessionState("stale-session", 41, dead, 1, DateTimeOffset.UtcNow), CancellationToken.None);

        await h.StartGatewayAsync();

        var identify = await h.Emulator.WaitForIdentifyAsync(0, Patience);
        Assert.Equal(0, identify.ShardId);
        await h.WaitForReadyAsync();
        Assert.NotEqual("stale-session", h.Shard(0).SessionId);
    }

    [Fact]
    public async Task A_saved_session_too_old_to_resume_is_not_resumed()
    {
        await using var h = await StartAsync(startGateway: false);
        await h.Sessions.SaveAsync(0, new ShardSessionState("old-session", 41, h.Emulator.ResumeGatewayUrl, 1,
            DateTimeOffset.UtcNow - Asphalt.Gateway.Discord.DiscordLimits.SavedSessionMaxAge - TimeSpan.FromMinutes(1)), CancellationToken.None);

        await h.StartGatewayAsync();

        await h.WaitForReadyAsync();
        Assert.Empty(h.Emulator.Log.Resumes.Snapshot());
        Assert.Equal(1, h.Emulator.Log.Identifies.Count);
    }
}
