using Asphalt.Grains.Interfaces.Guilds;
using Asphalt.Tests.Support;
using Orleans.TestingHost;

namespace Asphalt.Silo.Tests.Grains;

public sealed class GuildGrainTests : IAsyncLifetime
{
    private readonly SqliteDatabase _database = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = AsphaltTestCluster.Build(_database.Settings);
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _database.Dispose();
    }

    private IGuildGrain Guild(long id) => _cluster.Client.GetGrain<IGuildGrain>(id);

    [Fact]
    public async Task A_guild_never_seen_is_not_a_member_and_has_default_settings()
    {
        var profile = await Guild(1).GetAsync();

        Assert.False(profile.IsMember);
        Assert.Null(profile.JoinedAt);
        Assert.Equal(GuildSettings.Default, profile.Settings);
        Assert.Equal(1, profile.GuildId);
    }

    [Fact]
    public async Task Joining_again_after_a_reconnect_keeps_the_first_join_time_and_takes_the_new_details()
    {
        var first = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Guild(2).RecordJoinedAsync(new GuildSnapshot("Old Name", 10, "en-US", first));

        var profile = await Guild(2).RecordJoinedAsync(new GuildSnapshot("New Name", 11, "de", first.AddDays(3)));

        Assert.Equal(first, profile.JoinedAt);
        Assert.Equal("New Name", profile.Name);
        Assert.Equal(11, profile.MemberCount);
        Assert.Equal("de", profile.Locale);
    }

    [Fact]
    public async Task Leaving_records_the_time_and_a_later_join_makes_it_a_member_again()
    {
        var joined = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        await Guild(3).RecordJoinedAsync(new GuildSnapshot("Fickle", 5, "en-US", joined));

        var left = await Guild(3).RecordLeftAsync(joined.AddHours(1));
        Assert.False(left.IsMember);
        Assert.Equal(joined.AddHours(1), left.LeftAt);

        var again = await Guild(3).RecordJoinedAsync(new GuildSnapshot("Fickle", 5, "en-US", joined.AddDays(1)));
        Assert.True(again.IsMember);
        Assert.Equal(joined.AddDays(1), again.JoinedAt);
    }

    [Fact]
    public async Task Settings_are_stored_and_survive_deactivation()
    {
        await Guild(4).UpdateSettingsAsync(new GuildSettings(false, "shells", "🐚"));

        await _cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(new GuildSettings(false, "shells", "🐚"), (await Guild(4).GetAsync()).Settings);
    }

    [Fact]
    public async Task Economy_channels_are_stored_and_limit_where_the_economy_runs()
    {
        var settings = GuildSettings.Default with { EconomyChannelIds = [111, 222] };
        await Guild(5).UpdateSettingsAsync(settings);

        await _cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var stored = (await Guild(5).GetAsync()).Settings;
        Assert.Equal(settings, stored);
        Assert.Equal([111L, 222L], stored.EconomyChannelIds);
        Assert.True(stored.AllowsEconomyIn(222));
        Assert.False(stored.AllowsEconomyIn(333));
        Assert.True(GuildSettings.Default.AllowsEconomyIn(333)); // no list: every channel
        Assert.False((GuildSettings.Default with { EconomyEnabled = false }).AllowsEconomyIn(333));
    }
}
