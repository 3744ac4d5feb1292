using Asphalt.Audio.Tests.Support;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Audio.Tests;

/// <summary>Auto-leave on the audio clock (a FakeTimeProvider): alone for 2 minutes or idle for 5, unless 24/7.</summary>
public sealed class AutoLeaveTests : IAsyncLifetime
{
    private const long Channel = 6000;
    private AudioWorld _world = null!;

    public async Task InitializeAsync() => _world = await AudioWorld.Create().WithNode("us-east").WithFakeClock().StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<bool> ConnectedAsync(long guild) => (await _world.Player(guild).GetAsync(0, 0)).VoiceChannelId is not null;

    /// <summary>Several of the grain's checks run (every 100 ms of real time) without changing anything.</summary>
    private static Task SomeChecksPassAsync() => Task.Delay(600);

    [Fact]
    public async Task Alone_in_the_channel_it_leaves_after_the_alone_timeout_and_not_before()
    {
        const long guild = 201;
        var player = _world.Player(guild);
        await player.PlayAsync(AudioWorld.Caller(1, Channel), "Long Delta");
        await Eventually.UntilAsync(() => _world.Node("node1").Player(guild)?.Track is not null, "it plays");

        await player.OnMemberVoiceStateAsync(1, null); // the only listener leaves
        _world.Clock!.Advance(TimeSpan.FromSeconds(90));
        await SomeChecksPassAsync();
        Assert.True(await ConnectedAsync(guild));

        _world.Clock.Advance(TimeSpan.FromSeconds(31));
        await Eventually.UntilAsync(async () => !await ConnectedAsync(guild), "it left");
        Assert.Contains((guild, (long?)null), _world.Discord.Requests);
        Assert.Null(_world.Node("node1").Player(guild));
        Assert.Equal("t-delta", (await player.GetAsync(0, 0)).NowPlaying?.Identifier); // the queue is kept for next time
    }

    [Fact]
    public async Task Idle_it_leaves_after_the_idle_timeout_but_in_24_7_mode_it_stays()
    {
        const long idleGuild = 202, alwaysOnGuild = 203;
        foreach (var guild in new[] { idleGuild, alwaysOnGuild })
        {
            await _world.Player(guild).PlayAsync(AudioWorld.Caller(1, Channel), "Long Delta");
            await Eventually.UntilAsync(() => _world.Node("node1").Player(guild)?.Track is not null, "it plays");
            await _world.Player(guild).SetPausedAsync(AudioWorld.Caller(1, Channel), true); // paused counts as idle; the listener stays
        }
        await _world.Player(alwaysOnGuild).SetAlwaysOnAsync(AudioWorld.Caller(1, Channel), true);

        _world.Clock!.Advance(TimeSpan.FromMinutes(4));
        await SomeChecksPassAsync();
        Assert.True(await ConnectedAsync(idleGuild));

        _world.Clock.Advance(TimeSpan.FromMinutes(1.1));
        await Eventually.UntilAsync(async () => !await ConnectedAsync(idleGuild), "the idle player left");

        _world.Clock.Advance(TimeSpan.FromHours(3));
        await SomeChecksPassAsync();
        Assert.True(await ConnectedAsync(alwaysOnGuild));
    }
}
