using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Tests.Discord;

public sealed class GatewayHandshakeTests
{
    [Fact]
    public async Task Each_shard_gets_ready_then_guild_create_for_exactly_its_guilds()
    {
        const int shards = 3;
        var options = EmulatorBuilder.Options(guilds: 30, shards: shards) with { MaxConcurrency = shards };
        await using var emulator = await EmulatorBuilder.StartAsync(options);

        var seen = new HashSet<ulong>();
        for (var shard = 0; shard < shards; shard++)
        {
            var expected = emulator.Guilds.Where(g => (g.Id >> 22) % shards == (ulong)shard).Select(g => g.Id).ToHashSet();
            var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, shard, shards);
            await using var _ = client;

            Assert.Equal(1, (long)ready["s"]!);
            var d = ready["d"]!;
            Assert.Equal(10, (int)d["v"]!);
            Assert.Equal(emulator.ResumeGatewayUrl, (string?)d["resume_gateway_url"]);
            Assert.NotEqual(emulator.GatewayUrl, (string?)d["resume_gateway_url"]);
            Assert.False(string.IsNullOrEmpty((string?)d["session_id"]));
            Assert.Equal([shard, shards], d["shard"]!.AsArray().Select(n => (int)n!));
            Assert.Equal(emulator.Options.ApplicationId.ToString(), (string?)d["application"]!["id"]);
            Assert.True((bool)d["user"]!["bot"]!);
            Assert.Equal(expected, d["guilds"]!.AsArray().Select(g => ulong.Parse((string)g!["id"]!)).ToHashSet());
            Assert.All(d["guilds"]!.AsArray(), g => Assert.True((bool)g!["unavailable"]!));

            var received = new HashSet<ulong>();
            for (var i = 0; i < expected.Count; i++)
            {
                var create = await client.ReceiveAsync();
                Assert.Equal("GUILD_CREATE", (string?)create["t"]);
                Assert.Equal(2 + i, (long)create["s"]!);
                var guild = emulator.Guilds.Single(g => g.Id == ulong.Parse((string)create["d"]!["id"]!));
                Assert.Equal(guild.Name, (string?)create["d"]!["name"]);
                Assert.Equal(guild.MemberCount, (int)create["d"]!["member_count"]!);
                Assert.Equal(guild.PreferredLocale, (string?)create["d"]!["preferred_locale"]);
                Assert.Equal(guild.Channels.Count, create["d"]!["channels"]!.AsArray().Count);
                Assert.Equal(guild.Roles.Count, create["d"]!["roles"]!.AsArray().Count);
                Assert.NotNull((string?)create["d"]!["joined_at"]);
                received.Add(guild.Id);
            }

            Assert.Equal(expected, received);
            seen.UnionWith(received);
            var identify = await emulator.WaitForIdentifyAsync(shard);
            Assert.Equal(shards, identify.ShardCount);
            Assert.Equal("asphalt-tests", (string?)identify.Properties!["browser"]);
        }

        Assert.Equal(emulator.Guilds.Select(g => g.Id).ToHashSet(), seen);
    }

    [Fact]
    public async Task Gateway_bot_advertises_the_emulator_and_counts_identifies()
    {
        var options = EmulatorBuilder.Options(guilds: 4, shards: 2) with { MaxConcurrency = 2, SessionStartLimitTotal = 1000, SessionStartLimitRemaining = 900 };
        await using var emulator = await EmulatorBuilder.StartAsync(options);
        using var http = EmulatorBuilder.Http(emulator);

        var before = JsonNode.Parse(await http.GetStringAsync("gateway/bot"))!;
        Assert.Equal(emulator.GatewayUrl, (string?)before["url"]);
        Assert.Equal(2, (int)before["shards"]!);
        Assert.Equal(1000, (int)before["session_start_limit"]!["total"]!);
        Assert.Equal(900, (int)before["session_start_limit"]!["remaining"]!);
        Assert.Equal(2, (int)before["session_start_limit"]!["max_concurrency"]!);
        Assert.True((long)before["session_start_limit"]!["reset_after"]! > 0);

        var (client, _) = await GatewayTestClient.IdentifyAsync((string)before["url"]!, EmulatorBuilder.Token, 0, 2);
        await using var _ = client;
        var after = JsonNode.Parse(await http.GetStringAsync("gateway/bot"))!;
        Assert.Equal(899, (int)after["session_start_limit"]!["remaining"]!);

        emulator.SetSessionStartRemaining(0);
        var exhausted = JsonNode.Parse(await http.GetStringAsync("gateway/bot"))!;
        Assert.Equal(0, (int)exhausted["session_start_limit"]!["remaining"]!);

        var (second, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.GatewayUrl);
        await using var __ = second;
        await second.SendIdentifyAsync(EmulatorBuilder.Token, 1, 2);
        var refused = await second.ReceiveAsync();
        Assert.Equal(9, (int)refused["op"]!);
        Assert.False((bool)refused["d"]!);
    }

    [Fact]
    public async Task Identify_is_limited_to_one_per_concurrency_bucket_per_interval()
    {
        var options = EmulatorBuilder.Options(guilds: 8, shards: 4) with { MaxConcurrency = 2 };
        await using var emulator = await EmulatorBuilder.StartAsync(options);

        var (shard0, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, 0, 4);
        await using var a = shard0;

        // Shard 2 shares bucket 0 (2 % 2) with shard 0: refused within the 5 s window.
        var (shard2, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.GatewayUrl);
        await using var b = shard2;
        await shard2.SendIdentifyAsync(EmulatorBuilder.Token, 2, 4);
        var refused = await shard2.ReceiveAsync();
        Assert.Equal(9, (int)refused["op"]!);
        Assert.False((bool)refused["d"]!);
        var rejection = await emulator.Log.IdentifyRejections.WaitForAsync(r => r.ShardId == 2);
        Assert.Contains("bucket 0", rejection.Reason);

        // Shard 1 is in bucket 1: accepted at once.
        var (shard1, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, 1, 4);
        await using var c = shard1;
        Assert.Equal([1, 4], ready["d"]!["shard"]!.AsArray().Select(n => (int)n!));
        Assert.Equal([0, 1], emulator.Log.Identifies.Snapshot().Select(i => i.ShardId).Order());
    }

    [Fact]
    public async Task A_bad_token_closes_with_4004()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        var (client, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.GatewayUrl);
        await using var _ = client;

        await client.SendIdentifyAsync("not-the-token");

        Assert.Equal(4004, await client.ReceiveCloseAsync());
        Assert.Empty(emulator.Log.Identifies.Snapshot());
    }

    [Fact]
    public async Task Privileged_intents_are_refused_with_4014_unless_enabled()
    {
        var intents = (long)(GatewayIntents.Guilds | GatewayIntents.GuildMembers);
        await using (var emulator = await EmulatorBuilder.StartAsync())
        {
            var (client, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.GatewayUrl);
            await using var _ = client;
            await client.SendIdentifyAsync(EmulatorBuilder.Token, intents: intents);
            Assert.Equal(4014, await client.ReceiveCloseAsync());
        }

        var enabled = EmulatorBuilder.Options() with { AllowedPrivilegedIntents = GatewayIntents.GuildMembers };
        await using (var emulator = await EmulatorBuilder.StartAsync(enabled))
        {
            var (client, ready) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, intents: intents);
            await using var _ = client;
            Assert.Equal("READY", (string?)ready["t"]);
        }
    }

    [Theory]
    [InlineData(1L << 30, 0, 1, 4013)]
    [InlineData(1L, 1, 1, 4010)]
    [InlineData(1L, -1, 2, 4010)]
    public async Task Invalid_identify_fields_close_with_the_documented_code(long intents, int shardId, int shardCount, int expected)
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        var (client, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.GatewayUrl);
        await using var _ = client;

        await client.SendIdentifyAsync(EmulatorBuilder.Token, shardId, shardCount, intents);

        Assert.Equal(expected, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Too_few_shards_for_the_guilds_closes_with_4011()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: DiscordLimits.MaxGuildsPerShard + 1));
        Assert.Equal(2, emulator.RecommendedShards);
        var (client, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.GatewayUrl);
        await using var _ = client;

        await client.SendIdentifyAsync(EmulatorBuilder.Token, 0, 1);

        Assert.Equal(4011, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_payload_before_identify_closes_with_4003()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        var (client, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.GatewayUrl);
        await using var _ = client;

        await client.SendAsync(new JsonObject { ["op"] = 3, ["d"] = new JsonObject { ["status"] = "online", ["since"] = null, ["activities"] = new JsonArray(), ["afk"] = false } });

        Assert.Equal(4003, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_second_identify_closes_with_4005()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options() with { IdentifyInterval = TimeSpan.Zero });
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await using var _ = client;

        await client.SendIdentifyAsync(EmulatorBuilder.Token);

        Assert.Equal(4005, await client.ReceiveCloseAsync());
        var close = await emulator.WaitForCloseAsync(0);
        Assert.Equal(4005, close.ServerCloseCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"d\":null}")]
    [InlineData("[1,2,3]")]
    public async Task Undecodable_payloads_close_with_4002(string frame)
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        var (client, _) = await GatewayTestClient.ConnectAndHelloAsync(emulator.GatewayUrl);
        await using var _ = client;

        await client.SendTextAsync(frame);

        Assert.Equal(4002, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task An_unknown_opcode_closes_with_4001()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await using var _ = client;

        await client.SendTextAsync("{\"op\":42,\"d\":null}");

        Assert.Equal(4001, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_payload_over_4096_bytes_closes_with_4002()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await using var _ = client;

        var presence = new JsonObject { ["op"] = 3, ["d"] = new JsonObject { ["status"] = new string('x', DiscordLimits.MaxClientPayloadBytes) } };
        await client.SendAsync(presence);

        Assert.Equal(4002, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task More_than_120_payloads_a_minute_closes_with_4008()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await using var _ = client;

        // IDENTIFY was one; 120 heartbeats more make 121.
        for (var i = 0; i < DiscordLimits.MaxClientPayloadsPerWindow; i++)
        {
            await client.SendHeartbeatAsync(1);
        }

        Assert.Equal(4008, await client.ReceiveCloseAsync());
        Assert.Equal(DiscordLimits.MaxClientPayloadsPerWindow - 1, emulator.Log.Heartbeats.Count);
    }

    [Fact]
    public async Task Client_commands_after_identify_are_logged()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token);
        await using var _ = client;
        var guild = emulator.Guilds[0];

        await client.SendAsync(new JsonObject
        {
            ["op"] = 4,
            ["d"] = new JsonObject { ["guild_id"] = guild.Id.ToString(), ["channel_id"] = null, ["self_mute"] = false, ["self_deaf"] = true },
        });

        var voice = await emulator.Log.ClientPayloads.WaitForAsync(p => p.Op == 4);
        Assert.Equal(0, voice.ShardId);
        Assert.Equal(guild.Id.ToString(), (string?)voice.Data!["guild_id"]);
    }
}
