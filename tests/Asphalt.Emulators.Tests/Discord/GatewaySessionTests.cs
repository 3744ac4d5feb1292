using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Tests.Discord;

public sealed class GatewaySessionTests
{
    [Fact]
    public async Task Hello_carries_the_configured_heartbeat_interval()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options() with { HeartbeatInterval = TimeSpan.FromMilliseconds(1234) });
        var (client, interval) = await GatewayTestClient.ConnectAndHelloAsync(emulator.GatewayUrl);
        await using var _ = client;

        Assert.Equal(1234, interval);
        var connection = await emulator.Log.Connections.WaitForAsync(_ => true);
        Assert.Equal(GatewayEndpointKind.Gateway, connection.Endpoint);
        Assert.False(connection.Compressed);
    }

    [Fact]
    public async Task Heartbeats_are_acknowledged_until_acks_are_withheld()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 0));
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await using var _ = client;

        await client.SendHeartbeatAsync(1);
        Assert.Equal(11, (int)(await client.ReceiveAsync())["op"]!);
        var first = await emulator.WaitForHeartbeatAsync(0);
        Assert.Equal(1, first.Seq);
        Assert.True(first.Acknowledged);

        emulator.WithholdHeartbeatAcks(0);
        await client.SendHeartbeatAsync(1);
        var withheld = await emulator.WaitForHeartbeatAsync(0, occurrence: 2);
        Assert.False(withheld.Acknowledged);

        emulator.WithholdHeartbeatAcks(0, withhold: false);
        await client.SendHeartbeatAsync(1);
        Assert.Equal(11, (int)(await client.ReceiveAsync())["op"]!);

        // Had the withheld heartbeat been acknowledged, a second ACK would arrive before this dispatch.
        await emulator.DispatchAsync(0, "MARKER", new { n = 1 });
        var next = await client.ReceiveAsync();
        Assert.Equal("MARKER", (string?)next["t"]);
    }

    [Fact]
    public async Task Server_requested_heartbeat_and_reconnect_are_sent_as_op_1_and_op_7()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 0));
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await using var _ = client;

        await emulator.RequestHeartbeatAsync(0);
        Assert.Equal(1, (int)(await client.ReceiveAsync())["op"]!);
        await emulator.SendReconnectAsync(0);
        Assert.Equal(7, (int)(await client.ReceiveAsync())["op"]!);
        await emulator.SendInvalidSessionAsync(0, resumable: true);
        var invalid = await client.ReceiveAsync();
        Assert.Equal(9, (int)invalid["op"]!);
        Assert.True((bool)invalid["d"]!);
    }

    [Fact]
    public async Task Resume_on_the_resume_url_replays_missed_events_then_sends_resumed()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 3));
        var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        var sessionId = (string)ready["d"]!["session_id"]!;
        var resumeUrl = (string)ready["d"]!["resume_gateway_url"]!;
        var seen = await emulator.DispatchAsync(0, "MESSAGE_CREATE", new { content = "seen" });
        var seenFrame = await client.ReceiveDispatchAsync("MESSAGE_CREATE");
        Assert.Equal(seen, (long)seenFrame["s"]!);

        client.Abort();
        var close = await emulator.WaitForCloseAsync(0);
        Assert.Null(close.ClientCloseCode);
        Assert.False(emulator.IsShardConnected(0));

        var missed1 = await emulator.DispatchAsync(0, "MESSAGE_CREATE", new { content = "missed 1" });
        var missed2 = await emulator.DispatchAsync(0, "MESSAGE_CREATE", new { content = "missed 2" });

        var (resumed, _) = await GatewayTestClient.ConnectAndHelloAsync(resumeUrl);
        await using var _ = resumed;
        await resumed.SendResumeAsync(EmulatorBuilder.Token, sessionId, seen);

        var first = await resumed.ReceiveAsync();
        var second = await resumed.ReceiveAsync();
        var done = await resumed.ReceiveAsync();
        Assert.Equal((missed1, "missed 1"), ((long)first["s"]!, (string)first["d"]!["content"]!));
        Assert.Equal((missed2, "missed 2"), ((long)second["s"]!, (string)second["d"]!["content"]!));
        Assert.Equal("RESUMED", (string?)done["t"]);
        Assert.Equal(missed2 + 1, (long)done["s"]!);

        var resume = await emulator.WaitForResumeAsync(0);
        Assert.True(resume.Succeeded);
        Assert.Equal(2, resume.Replayed);
        Assert.Equal(seen, resume.Seq);
        Assert.Equal(GatewayEndpointKind.ResumeGateway, resume.Endpoint);
        Assert.StartsWith("/gateway-resume", resume.PathAndQuery);
        Assert.True(emulator.IsShardConnected(0));

        var live = await emulator.DispatchAsync(0, "MESSAGE_CREATE", new { content = "live" });
        Assert.Equal(live, (long)(await resumed.ReceiveDispatchAsync("MESSAGE_CREATE"))["s"]!);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    public async Task A_session_the_client_closed_normally_cannot_be_resumed(int code)
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 0));
        var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await client.CloseAsync(code);
        await client.DisposeAsync();
        var close = await emulator.WaitForCloseAsync(0);
        Assert.Equal(code, close.ClientCloseCode);

        var (resumed, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.ResumeGatewayUrl);
        await using var _ = resumed;
        await resumed.SendResumeAsync(EmulatorBuilder.Token, (string)ready["d"]!["session_id"]!, 1);

        var invalid = await resumed.ReceiveAsync();
        Assert.Equal(9, (int)invalid["op"]!);
        Assert.False((bool)invalid["d"]!);
        Assert.False((await emulator.Log.Resumes.WaitForAsync(_ => true)).Succeeded);
    }

    [Fact]
    public async Task A_session_closed_with_another_code_stays_resumable()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 0));
        var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await client.CloseAsync(4000);
        await client.DisposeAsync();
        Assert.Equal(4000, (await emulator.WaitForCloseAsync(0)).ClientCloseCode);

        var (resumed, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.ResumeGatewayUrl);
        await using var _ = resumed;
        await resumed.SendResumeAsync(EmulatorBuilder.Token, (string)ready["d"]!["session_id"]!, 1);

        Assert.Equal("RESUMED", (string?)(await resumed.ReceiveAsync())["t"]);
    }

    [Fact]
    public async Task Resume_of_an_unknown_or_expired_session_gets_op_9_false()
    {
        var options = EmulatorBuilder.Options(guilds: 0) with { ResumeWindow = TimeSpan.FromMilliseconds(100) };
        await using var emulator = await EmulatorBuilder.StartAsync(options);
        var (unknown, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.ResumeGatewayUrl);
        await using var a = unknown;
        await unknown.SendResumeAsync(EmulatorBuilder.Token, "no-such-session", 1);
        Assert.False((bool)(await unknown.ReceiveUntilAsync(p => (int)p["op"]! == 9))["d"]!);

        var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        client.Abort();
        await emulator.WaitForCloseAsync(0);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        var (late, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.ResumeGatewayUrl);
        await using var b = late;
        await late.SendResumeAsync(EmulatorBuilder.Token, (string)ready["d"]!["session_id"]!, 1);
        Assert.False((bool)(await late.ReceiveUntilAsync(p => (int)p["op"]! == 9))["d"]!);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Invalid_session_false_ends_the_session()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 0));
        var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await emulator.SendInvalidSessionAsync(0, resumable: false);
        Assert.False((bool)(await client.ReceiveAsync())["d"]!);
        client.Abort();
        await emulator.WaitForCloseAsync(0);

        var (resumed, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.ResumeGatewayUrl);
        await using var _ = resumed;
        await resumed.SendResumeAsync(EmulatorBuilder.Token, (string)ready["d"]!["session_id"]!, 1);
        Assert.False((bool)(await resumed.ReceiveUntilAsync(p => (int)p["op"]! == 9))["d"]!);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Resume_ahead_of_the_session_closes_with_4007()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 0));
        var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        client.Abort();
        await emulator.WaitForCloseAsync(0);

        var (resumed, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.ResumeGatewayUrl);
        await using var _ = resumed;
        await resumed.SendResumeAsync(EmulatorBuilder.Token, (string)ready["d"]!["session_id"]!, 99);
        Assert.Equal(4007, await resumed.ReceiveCloseAsync());
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Faults_close_or_drop_the_shard_socket_and_keep_the_session_resumable()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 0));
        var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await using var a = client;
        var sessionId = (string)ready["d"]!["session_id"]!;

        await emulator.CloseShardAsync(0, 4000, "test fault");
        Assert.Equal(4000, await client.ReceiveCloseAsync());
        Assert.Equal(4000, (await emulator.WaitForCloseAsync(0)).ServerCloseCode);

        var (second, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.ResumeGatewayUrl);
        await using var b = second;
        await second.SendResumeAsync(EmulatorBuilder.Token, sessionId, 1);
        Assert.Equal("RESUMED", (string?)(await second.ReceiveAsync())["t"]);

        emulator.AbortShardConnection(0);
        await Assert.ThrowsAnyAsync<Exception>(() => second.ReceiveAsync(TimeSpan.FromSeconds(10)));
        await emulator.WaitForCloseAsync(0, occurrence: 2);

        var (third, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.ResumeGatewayUrl);
        await using var c = third;
        await third.SendResumeAsync(EmulatorBuilder.Token, sessionId, 2);
        Assert.Equal("RESUMED", (string?)(await third.ReceiveAsync())["t"]);
        Assert.Equal(2, emulator.Log.Resumes.Snapshot().Count(r => r.Succeeded));
    }

    [Fact]
    public async Task Zlib_stream_frames_end_with_a_sync_flush_and_inflate_through_one_context()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 5));
        var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, zlib: true);
        await using var _ = client;

        for (var i = 0; i < emulator.Guilds.Count; i++)
        {
            Assert.Equal("GUILD_CREATE", (string?)(await client.ReceiveAsync())["t"]);
        }

        await emulator.DispatchAsync(0, "MESSAGE_CREATE", new { content = "compressed" });
        Assert.Equal("compressed", (string?)(await client.ReceiveAsync())["d"]!["content"]);

        // HELLO, READY, the GUILD_CREATEs and the message: one zlib stream, so only the first frame has the header.
        Assert.Equal(2 + emulator.Guilds.Count + 1, client.CompressedFrames.Count);
        Assert.Equal(0x78, client.CompressedFrames[0][0]);
        Assert.All(client.CompressedFrames.Skip(1), frame => Assert.NotEqual(0x78, frame[0]));
        Assert.True((await emulator.Log.Connections.WaitForAsync(_ => true)).Compressed);
        Assert.Equal("READY", (string?)ready["t"]);
    }

    [Fact]
    public async Task Slash_command_from_a_dm_goes_to_shard_0_with_a_user_and_no_member()
    {
        var options = EmulatorBuilder.Options(guilds: 6, shards: 2) with { MaxConcurrency = 2 };
        await using var emulator = await EmulatorBuilder.StartAsync(options);
        var (shard0, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, 0, 2, intents: 0);
        await using var a = shard0;
        var (shard1, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, 1, 2, intents: 0);
        await using var b = shard1;

        var interaction = await emulator.SendSlashCommandAsync(null, 4242, "balance");

        var dispatch = await shard0.ReceiveDispatchAsync("INTERACTION_CREATE");
        Assert.Equal(0, interaction.ShardId);
        Assert.Null(dispatch["d"]!["member"]);
        Assert.Null(dispatch["d"]!["guild_id"]);
        Assert.Equal("4242", (string?)dispatch["d"]!["user"]!["id"]);
        Assert.Equal(1, (int)dispatch["d"]!["context"]!);

        var guildOnShard1 = emulator.Guilds.First(g => g.ShardId(2) == 1);
        await emulator.SendSlashCommandAsync(guildOnShard1.Id, 4242, "balance");
        var onShard1 = await shard1.ReceiveDispatchAsync("INTERACTION_CREATE");
        Assert.Equal(guildOnShard1.Id.ToString(), (string?)onShard1["d"]!["guild_id"]);
        Assert.Equal("4242", (string?)onShard1["d"]!["member"]!["user"]!["id"]);
    }

    [Fact]
    public async Task Streamed_dispatches_arrive_in_order_with_consecutive_seqs()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 4));
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, intents: 0);
        await using var _ = client;

        const int count = 300;
        var streaming = emulator.StreamDispatchesAsync(0, count);
        var seqs = new List<long>();
        var names = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var frame = await client.ReceiveAsync();
            seqs.Add((long)frame["s"]!);
            names.Add((string)frame["t"]!);
            Assert.NotNull(frame["d"]!["guild_id"]);
        }

        var result = await streaming;
        Assert.Equal(count, result.Sent);
        Assert.Equal(Enumerable.Range(2, count).Select(i => (long)i), seqs);
        Assert.Equal(seqs[^1], result.LastSeq);
        Assert.Contains("MESSAGE_CREATE", names);
        Assert.Contains("PRESENCE_UPDATE", names);
    }

    [Fact]
    public async Task Streaming_at_a_fixed_rate_is_paced()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 2));
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, intents: 0);
        await using var _ = client;

        // 21 events at 100/s: the last is due 200 ms after the first. Only the lower bound is asserted (shared machine).
        var streaming = emulator.StreamDispatchesAsync(0, 21, eventsPerSecond: 100, factory: g => g.MessageCreate());
        for (var i = 0; i < 21; i++)
        {
            Assert.Equal("MESSAGE_CREATE", (string?)(await client.ReceiveAsync())["t"]);
        }

        var result = await streaming;
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(190), $"21 events at 100/s took {result.Elapsed.TotalMilliseconds} ms.");
    }

    [Fact]
    public async Task Raw_frames_reach_the_client_unchanged()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 0));
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await using var _ = client;

        await emulator.SendRawAsync(0, "{\"op\":0,\"t\":\"WEIRD\",\"s\":77,\"d\":{\"x\":[1,2]}}");

        var frame = await client.ReceiveAsync();
        Assert.Equal(77, (long)frame["s"]!);
        Assert.Equal(2, frame["d"]!["x"]!.AsArray().Count);
    }
}
