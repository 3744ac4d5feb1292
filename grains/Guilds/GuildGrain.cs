using Asphalt.Grains.Interfaces.Guilds;

namespace Asphalt.Grains.Guilds;

public sealed class GuildGrain(
    [PersistentState("guild", StorageNames.Default)] IPersistentState<GuildState> state) : Grain, IGuildGrain
{
    public Task<GuildProfile> GetAsync() => Task.FromResult(Profile());

    public async Task<GuildProfile> RecordJoinedAsync(GuildSnapshot snapshot)
    {
        var s = state.State;
        var changed = !s.IsMember || s.Name != snapshot.Name || s.MemberCount != snapshot.MemberCount || s.Locale != snapshot.Locale;
        if (!s.IsMember)
        {
            s.JoinedAt = snapshot.SeenAt;
            s.IsMember = true;
        }
        s.Name = snapshot.Name;
        s.MemberCount = snapshot.MemberCount;
        s.Locale = snapshot.Locale;
        // GUILD_CREATE repeats at every (re)connect: write only what changed.
        if (changed) await state.WriteStateAsync();
        return Profile();
    }

    public async Task<GuildProfile> RecordLeftAsync(DateTimeOffset at)
    {
        if (state.State.IsMember)
        {
            state.State.IsMember = false;
            state.State.LeftAt = at;
            await state.WriteStateAsync();
        }
        return Profile();
    }

    public async Task<GuildProfile> UpdateSettingsAsync(GuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        state.State.Settings = settings;
        await state.WriteStateAsync();
        return Profile();
    }

    private GuildProfile Profile()
    {
        var s = state.State;
        return new GuildProfile(this.GetPrimaryKeyLong(), s.Name, s.IsMember, s.JoinedAt, s.LeftAt, s.MemberCount, s.Locale, s.Settings);
    }
}

[GenerateSerializer, Alias("asphalt.guild.state")]
public sealed class GuildState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public bool IsMember { get; set; }
    [Id(2)] public DateTimeOffset? JoinedAt { get; set; }
    [Id(3)] public DateTimeOffset? LeftAt { get; set; }
    [Id(4)] public int MemberCount { get; set; }
    [Id(5)] public string Locale { get; set; } = "en-US";
    [Id(6)] public GuildSettings Settings { get; set; } = GuildSettings.Default;
}
