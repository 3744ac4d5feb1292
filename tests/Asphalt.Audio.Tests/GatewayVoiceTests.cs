using Asphalt.Audio.Tests.Support;
using Asphalt.Gateway.Routing;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Audio.Tests;

/// <summary>The gateway's voice side (registry → per-shard observer → op 4; voice events → sink → player) with real grains.</summary>
public sealed class GatewayVoiceTests : IAsyncLifetime
{
    private const long Channel = 5000, OtherChannel = 5001;
    private AudioWorld _world = null!;

    public async Task InitializeAsync() => _world = await AudioWorld.Create().WithNode("us-east").StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private Task UntilPlayingAsync(long guild, string identifier) =>
        Eventually.UntilAsync(() => _world.Node("node1").Player(guild)?.Track?.Identifier == identifier, $"node plays {identifier} for guild {guild}");

    [Fact]
    public async Task Op_4_goes_out_through_the_observer_registered_for_the_guilds_shard_and_leaving_sends_a_null_channel()
    {
        const long guild = 301;
        var player = _world.Player(guild);
        await player.PlayAsync(AudioWorld.Caller(1, Channel), "Long Delta");
        await UntilPlayingAsync(guild, "t-delta");
        Assert.Equal([(guild, (long?)Channel)], _world.Discord.Requests.Where(r => r.GuildId == guild));
        var node = _world.Node("node1").Player(guild)!;
        Assert.Equal($"voice-session-{guild}", node.VoiceSessionId); // the bot's VOICE_STATE_UPDATE went through the sink

        Assert.Equal(AudioOutcome.Ok, (await player.LeaveAsync(AudioWorld.Caller(1, Channel))).Outcome);
        Assert.Equal((guild, (long?)null), _world.Discord.Requests.Last(r => r.GuildId == guild));
        await Eventually.UntilAsync(() => _world.Voice.Cache.ChannelOf(guild, AudioWorld.BotUserId) is null, "the bot's leave reached the voice-state cache");
    }

    [Fact]
    public async Task Members_already_in_the_channel_when_the_bot_joins_are_listeners_and_leaving_through_the_gateway_removes_them()
    {
        const long guild = 302;
        await _world.SetDjRoleAsync(guild, roleId: 999);
        // GUILD_CREATE said: four people in the channel, one elsewhere.
        await _world.Voice.Sink.OnGuildVoiceStatesAsync(new GuildVoiceStatesEvent(0, guild,
            [(1, Channel), (2, Channel), (3, Channel), (4, Channel), (5, OtherChannel)], BotChannelId: null));
        var player = _world.Player(guild);
        await player.PlayAsync(AudioWorld.Caller(1, Channel), "Long Delta");
        await UntilPlayingAsync(guild, "t-delta"); // the listeners are delivered with the bot's voice state, before the voice server

        // Four listeners: a skip needs three votes (it would need two if the grain knew only the caller and the voter).
        var vote = await player.SkipAsync(AudioWorld.Caller(2, Channel));
        Assert.Equal((AudioOutcome.VoteRecorded, 1, 3), (vote.Outcome, vote.Count, vote.Needed));

        // Two of them leave (one to another channel): two listeners remain, so the next vote skips.
        await _world.Voice.MemberMovedAsync(guild, 3, null);
        await _world.Voice.MemberMovedAsync(guild, 4, OtherChannel);
        await Eventually.UntilAsync(async () => (await player.SkipAsync(AudioWorld.Caller(2, Channel))).Needed == 2, "the leaves reached the player");
        Assert.Equal(OtherChannel, _world.Voice.Cache.ChannelOf(guild, 4));
    }
}
