using Asphalt.Emulators.Discord.Models;
using Asphalt.Gateway.Voice;
using Microsoft.Extensions.Logging.Abstractions;
using static Asphalt.Gateway.Tests.Integration.GatewayHarness;

namespace Asphalt.Gateway.Tests.Integration;

/// <summary>The gateway's voice side against the Discord emulator: op 4 on the guild's shard, and who is in voice at GUILD_CREATE.</summary>
public class VoiceGatewayTests
{
    private const ulong User = 1_200_000_000_000_000_007;

    private static ulong VoiceChannel(EmulatedGuild guild) => guild.Channels.First(c => c.Type == ChannelType.GuildVoice).Id;

    [Fact]
    public async Task The_observer_sends_op_4_on_the_guilds_shard_and_a_leave_carries_an_explicit_null_channel()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        var guild = h.Emulator.Guilds[0];
        var observer = new VoiceGatewayObserver(0, new DiscordVoiceStateSender(h.Gateway, TimeProvider.System), NullLogger.Instance);

        await observer.RequestVoiceStateAsync((long)guild.Id, (long)VoiceChannel(guild), selfDeaf: true);
        var join = await h.Emulator.WaitForVoiceStateRequestAsync(guild.Id, Patience);
        Assert.Equal(0, join.ShardId);
        Assert.Equal(VoiceChannel(guild).ToString(), join.Data!["channel_id"]!.GetValue<string>());
        Assert.False(join.Data["self_mute"]!.GetValue<bool>());
        Assert.True(join.Data["self_deaf"]!.GetValue<bool>());

        await observer.RequestVoiceStateAsync((long)guild.Id, null, selfDeaf: true);
        var leave = await h.Emulator.WaitForVoiceStateRequestAsync(guild.Id, Patience, occurrence: 2);
        Assert.True(leave.Data!.AsObject().ContainsKey("channel_id"));
        Assert.Null(leave.Data["channel_id"]);
    }

    [Fact]
    public async Task An_observer_refuses_a_guild_of_another_shard_so_the_registry_can_ask_the_right_gateway()
    {
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        var guild = h.Emulator.Guilds[0];
        var wrong = new VoiceGatewayObserver(1, new DiscordVoiceStateSender(h.Gateway, TimeProvider.System), NullLogger.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => wrong.RequestVoiceStateAsync((long)guild.Id, (long)VoiceChannel(guild), true));
        Assert.DoesNotContain(h.Emulator.Log.ClientPayloads.Snapshot(), p => p.Op == 4);
    }

    [Fact]
    public async Task GUILD_CREATE_tells_the_sink_who_is_in_voice_and_where_the_bot_is()
    {
        await using var h = await StartAsync(startGateway: false);
        var guild = h.Emulator.Guilds[0];
        await h.Emulator.SetVoiceStateAsync(guild.Id, User, VoiceChannel(guild));
        await h.Emulator.SetVoiceStateAsync(guild.Id, h.Emulator.BotUser.Id, VoiceChannel(guild));

        await h.StartGatewayAsync();
        await Eventually(() => h.Voice.GuildStates.Any(g => g.GuildId == (long)guild.Id), "GUILD_CREATE's voice states reach the sink");
        var states = h.Voice.GuildStates.Single(g => g.GuildId == (long)guild.Id);
        Assert.Equal([((long)User, (long)VoiceChannel(guild))], states.Members); // the bot is not a member listener …
        Assert.Equal((long)VoiceChannel(guild), states.BotChannelId); // … but its own channel is known
        Assert.Contains(h.Voice.GuildStates, g => g.GuildId == (long)h.Emulator.Guilds[1].Id && g.Members.Count == 0);
    }
}
