using Asphalt.Emulators.Discord.Models;
using Asphalt.Emulators.Discord.Rest;
using Asphalt.Gateway.Discord.Rest;
using Asphalt.Grains.Interfaces.Records;
using Microsoft.Extensions.DependencyInjection;
using static Asphalt.Gateway.Tests.Integration.GatewayHarness;

namespace Asphalt.Gateway.Tests.Integration;

/// <summary>Events to grains, slash commands end to end, and the REST client against the emulated API.</summary>
public class RoutingAndCommandTests
{
    private const ulong User = 1_200_000_000_000_000_001;

    private static async Task<GatewayHarness> ReadyWithCommandsAsync(Func<Asphalt.Emulators.Discord.DiscordEmulatorOptions, Asphalt.Emulators.Discord.DiscordEmulatorOptions>? emulator = null)
    {
        var h = await StartAsync(emulator);
        await h.WaitForReadyAsync();
        await h.Emulator.Log.CommandRegistrations.WaitForAsync(_ => true, Patience);
        return h;
    }

    [Fact]
    public async Task Commands_are_registered_from_their_declarations_with_one_bulk_overwrite()
    {
        await using var h = await ReadyWithCommandsAsync();
        var registration = Assert.Single(h.Emulator.Log.CommandRegistrations.Snapshot());
        Assert.Null(registration.GuildId);
        var names = registration.Commands.Select(c => c!["name"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["about", "boom", "ping", "roll", "slow"], names);
        var roll = registration.Commands.Single(c => c!["name"]!.GetValue<string>() == "roll")!;
        Assert.Equal(100, roll["options"]![0]!["max_value"]!.GetValue<int>());
    }

    [Fact]
    public async Task Commands_go_to_the_test_guild_when_one_is_configured()
    {
        await using var probe = await StartAsync(startGateway: false);
        var guild = probe.Emulator.Guilds[0].Id;
        await using var h = await StartAsync(config: new Dictionary<string, string?> { ["Discord:TestGuildId"] = guild.ToString() });
        var registration = await h.Emulator.Log.CommandRegistrations.WaitForAsync(_ => true, Patience);
        Assert.Equal(h.Emulator.Guilds[0].Id, registration.GuildId);
    }

    [Fact]
    public async Task Ping_is_answered_end_to_end_with_both_latencies_and_recorded()
    {
        await using var h = await ReadyWithCommandsAsync();
        var guild = h.Emulator.Guilds[0].Id;
        var interaction = await h.Emulator.SendSlashCommandAsync(guild, User, "ping");
        var reply = await interaction.WaitForFinalReplyAsync(Patience);
        Assert.Contains("Pong!", reply.Content);
        Assert.Contains("Gateway heartbeat:", reply.Content);
        Assert.Matches(@"REST: \d+ ms", reply.Content);
        var execution = await h.Journal.WaitForExecutionAsync();
        Assert.Equal("ping", execution.Command);
        Assert.Equal((long)User, execution.UserId);
        Assert.Equal((long)guild, execution.GuildId);
        Assert.Equal(CommandOutcome.Succeeded, execution.Outcome);
        Assert.Equal(1, h.Collected.Count("asphalt.gateway.interaction.latency"));
    }

    [Fact]
    public async Task About_tells_version_shard_and_cluster()
    {
        await using var h = await ReadyWithCommandsAsync();
        var interaction = await h.Emulator.SendSlashCommandAsync(h.Emulator.Guilds[0].Id, User, "about");
        var reply = await interaction.WaitForFinalReplyAsync(Patience);
        Assert.Contains("shard 0 of 1", reply.Content);
        Assert.Contains("2 active silos", reply.Content);
    }

    [Fact]
    public async Task An_out_of_range_option_gets_an_ephemeral_error_and_the_handler_never_runs()
    {
        await using var h = await ReadyWithCommandsAsync();
        var interaction = await h.Emulator.SendSlashCommandAsync(h.Emulator.Guilds[0].Id, User, "roll", [new CommandOptionValue("sides", CommandOptionType.Integer, 1000)]);
        var reply = await interaction.WaitForFinalReplyAsync(Patience);
        Assert.True(reply.Ephemeral);
        Assert.Contains("at most 100", reply.Content);
        var roll = h.Services.GetServices<Asphalt.Gateway.Commands.ISlashCommand>().OfType<RollCommand>().Single();
        Assert.Equal(0, roll.Runs);
        Assert.Equal(CommandOutcome.Rejected, (await h.Journal.WaitForExecutionAsync()).Outcome);

        var good = await h.Emulator.SendSlashCommandAsync(h.Emulator.Guilds[0].Id, User, "roll", [new CommandOptionValue("sides", CommandOptionType.Integer, 20)]);
        Assert.Equal("You rolled a d20.", (await good.WaitForFinalReplyAsync(Patience)).Content);
    }

    [Fact]
    public async Task A_slow_command_is_deferred_in_time_and_its_answer_edits_the_original()
    {
        await using var h = await ReadyWithCommandsAsync();
        var interaction = await h.Emulator.SendSlashCommandAsync(h.Emulator.Guilds[0].Id, User, "slow");
        var callback = await interaction.WaitForCallbackAsync(Patience);
        Assert.Equal(5, callback.CallbackType);
        var reply = await interaction.WaitForFinalReplyAsync(Patience);
        Assert.True(reply.Deferred);
        Assert.Equal("worth the wait", reply.Content);
        Assert.Equal(CommandOutcome.Succeeded, (await h.Journal.WaitForExecutionAsync()).Outcome);
        Assert.Equal(0, h.Collected.Sum("asphalt.gateway.interaction.deadline_missed"));
    }

    [Fact]
    public async Task An_unexpected_error_shows_the_user_an_error_id_and_records_the_error()
    {
        await using var h = await ReadyWithCommandsAsync();
        var interaction = await h.Emulator.SendSlashCommandAsync(h.Emulator.Guilds[0].Id, User, "boom");
        var reply = await interaction.WaitForFinalReplyAsync(Patience);
        Assert.True(reply.Ephemeral);
        var (id, error) = Assert.Single(h.Journal.Errors);
        Assert.Contains(id.ToString(), reply.Content);
        Assert.DoesNotContain("internal detail", reply.Content);
        Assert.Contains("internal detail", error.Message);
        var execution = await h.Journal.WaitForExecutionAsync();
        Assert.Equal(CommandOutcome.Failed, execution.Outcome);
        Assert.Equal(id, execution.ErrorId);
    }

    [Fact]
    public async Task Guild_lifecycle_reaches_the_guild_directory_and_an_outage_is_not_a_leave()
    {
        await using var h = await StartAsync(guilds: 3);
        await h.WaitForReadyAsync();
        foreach (var guild in h.Emulator.Guilds)
            await Eventually(() => h.Guilds.Joined.ContainsKey((long)guild.Id), $"GUILD_CREATE of {guild.Id}");
        Assert.Equal(h.Emulator.Guilds[0].Name, h.Guilds.Joined[(long)h.Emulator.Guilds[0].Id].Name);

        var outage = h.Emulator.Guilds[0].Id;
        var leave = h.Emulator.Guilds[1].Id;
        await h.Emulator.DispatchAsync(0, "GUILD_DELETE", new { id = outage.ToString(), unavailable = true });
        await h.Emulator.DispatchAsync(0, "GUILD_DELETE", new { id = leave.ToString() });
        await Eventually(() => h.Guilds.Left.ContainsKey((long)leave), "the leave is recorded");
        Assert.False(h.Guilds.Left.ContainsKey((long)outage));
    }

    [Fact]
    public async Task The_bots_own_voice_events_and_other_members_moves_reach_the_voice_sink_apart()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        var guild = h.Emulator.Guilds[0];
        var channel = guild.Channels[0].Id;
        await h.Emulator.DispatchAsync(0, "VOICE_STATE_UPDATE", new { guild_id = guild.Id.ToString(), channel_id = channel.ToString(), user_id = "999", session_id = "other" });
        await h.Emulator.DispatchAsync(0, "VOICE_STATE_UPDATE", new { guild_id = guild.Id.ToString(), channel_id = channel.ToString(), user_id = h.Emulator.BotUser.Id.ToString(), session_id = "ours" });
        await h.Emulator.DispatchAsync(0, "VOICE_SERVER_UPDATE", new { guild_id = guild.Id.ToString(), token = "voice-token", endpoint = "c-ewr07-1234.discord.media:443" });
        await Eventually(() => h.Voice.Servers.Count == 1, "the voice server reaches the sink");
        var state = Assert.Single(h.Voice.States);
        Assert.Equal("ours", state.SessionId);
        Assert.Equal((long)channel, state.ChannelId);
        Assert.Equal("c-ewr07-1234.discord.media:443", h.Voice.Servers.Single().Endpoint);
        var member = Assert.Single(h.Voice.Members);
        Assert.Equal((999L, (long?)channel, false), (member.UserId, member.ChannelId, member.IsBot));
    }

    [Fact]
    public async Task Rest_429s_are_waited_out_and_retried()
    {
        await using var h = await StartAsync();
        var channel = h.Emulator.Guilds[0].DefaultTextChannel.Id;
        h.Emulator.InjectRateLimits(RestRoutes.CreateMessage, 2);
        await h.Rest.CreateMessageAsync(channel.ToString(), "hello", CancellationToken.None);
        var statuses = h.Emulator.Log.RestRequests.Snapshot().Where(r => r.Route == RestRoutes.CreateMessage).Select(r => r.Status).ToArray();
        Assert.Equal([429, 429, 200], statuses);
        Assert.Equal(2, h.Collected.Sum("asphalt.gateway.rest.rate_limited"));
    }

    [Fact]
    public async Task Rest_buckets_learned_from_headers_keep_requests_under_the_limit()
    {
        await using var h = await StartAsync(e => e with { RateLimits = e.RateLimits with { Default = new(3, TimeSpan.FromSeconds(2)) } });
        var channel = h.Emulator.Guilds[0].DefaultTextChannel.Id.ToString();
        for (var i = 0; i < 7; i++)
            await h.Rest.CreateMessageAsync(channel, $"message {i}", CancellationToken.None);
        var statuses = h.Emulator.Log.RestRequests.Snapshot().Where(r => r.Route == RestRoutes.CreateMessage).Select(r => r.Status).ToArray();
        Assert.Equal(7, statuses.Length);
        Assert.All(statuses, s => Assert.Equal(200, s));
    }

    [Fact]
    public async Task A_rejected_token_is_reported_and_not_hammered()
    {
        await using var h = await StartAsync(config: new Dictionary<string, string?> { ["Discord:Token"] = "not-the-right-token" });
        await Eventually(() => h.Gateway.FatalReasons.Count > 0, "start-up fails");
        Assert.Contains("401", h.Gateway.FatalReasons[0]);
        Assert.Contains("Discord__Token", h.Gateway.FatalReasons[0]);
        Assert.Equal(0, h.Emulator.Log.Connections.Count);
        Assert.Single(h.Emulator.Log.RestRequests.Snapshot());
    }
}
