using Asphalt.Gateway.Voice;

namespace Asphalt.Gateway.Tests.Voice;

public class VoiceStateCacheTests
{
    private const long Guild = 81_000_000_000_000_001, Lounge = 500, Stage = 501;

    [Fact]
    public void Joins_moves_and_leaves_are_tracked_and_report_where_the_user_was()
    {
        var cache = new VoiceStateCache();
        Assert.Null(cache.Set(Guild, 1, Lounge));
        Assert.Equal(Lounge, cache.Set(Guild, 1, Stage));
        Assert.Equal(Stage, cache.ChannelOf(Guild, 1));
        Assert.Equal(Stage, cache.Set(Guild, 1, null));
        Assert.Null(cache.ChannelOf(Guild, 1));
        Assert.Null(cache.Set(Guild, 1, null)); // leaving twice is nothing
    }

    [Fact]
    public void A_guild_with_nobody_in_voice_takes_no_entry()
    {
        var cache = new VoiceStateCache();
        cache.Set(Guild, 1, Lounge);
        cache.Set(Guild + 1, 2, Lounge);
        Assert.Equal(2, cache.GuildsWithVoice);
        cache.Set(Guild, 1, null);
        Assert.Equal(1, cache.GuildsWithVoice);
        cache.Seed(Guild + 2, []);
        Assert.Equal(1, cache.GuildsWithVoice);
        Assert.True(cache.IsKnown(Guild + 2));
    }

    [Fact]
    public void A_seed_replaces_what_was_known_and_forgetting_makes_the_guild_unknown()
    {
        var cache = new VoiceStateCache();
        cache.Set(Guild, 9, Stage); // before an outage
        Assert.False(cache.IsKnown(Guild));
        cache.Seed(Guild, [(1, Lounge), (2, Lounge), (3, Stage)]);
        Assert.True(cache.IsKnown(Guild));
        Assert.Null(cache.ChannelOf(Guild, 9));
        Assert.Equal([2L], cache.UsersIn(Guild, Lounge, except: 1));
        Assert.Equal([1L, 2L], cache.UsersIn(Guild, Lounge, except: 0).Order());

        cache.Forget(Guild);
        Assert.False(cache.IsKnown(Guild));
        Assert.Null(cache.ChannelOf(Guild, 1));
    }

    [Fact]
    public async Task Concurrent_joins_and_leaves_of_one_guild_lose_no_one()
    {
        var cache = new VoiceStateCache();
        // Half the users churn (join, leave, join …) while the others join once: the emptied-guild removal must not drop anyone.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var user = worker * 10_000 + i;
                cache.Set(Guild, user, Lounge);
                if (worker % 2 == 0) cache.Set(Guild, user, null);
            }
        })));
        Assert.Equal(4 * 2_000, cache.UsersIn(Guild, Lounge, except: -1).Count);
    }
}
