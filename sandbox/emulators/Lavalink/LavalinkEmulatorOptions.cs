namespace Asphalt.Emulators.Lavalink;

/// <summary>How the emulated Lavalink v4 node behaves.</summary>
public sealed record LavalinkEmulatorOptions
{
    /// <summary>lavalink.server.password: the Authorization header of every request.</summary>
    public string Password { get; init; } = "youshallnotpass";

    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>lavalink.server.playerUpdateInterval (Lavalink's default is 5 s).</summary>
    public TimeSpan PlayerUpdateInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Lavalink sends stats every 60 s.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(60);

    public IReadOnlyList<FakeTrack> Tracks { get; init; } = FakeCatalogue.DefaultTracks;

    public IReadOnlyList<FakePlaylist> Playlists { get; init; } = FakeCatalogue.DefaultPlaylists;

    /// <summary>The ping (ms) reported in playerUpdate for players whose voice endpoint is in a region.</summary>
    public IReadOnlyDictionary<string, int> VoicePing { get; init; } = new Dictionary<string, int>();

    public int DefaultVoicePing { get; init; } = 20;

    /// <summary>What stats report; unset members report the real counts.</summary>
    public NodeLoad Load { get; init; } = new();

    public string Version { get; init; } = "4.1.1";

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Password)) throw new ArgumentException("LavalinkEmulatorOptions.Password is required.", nameof(Password));
        if (PlayerUpdateInterval <= TimeSpan.Zero) throw new ArgumentException("PlayerUpdateInterval must be positive.", nameof(PlayerUpdateInterval));
        if (StatsInterval <= TimeSpan.Zero) throw new ArgumentException("StatsInterval must be positive.", nameof(StatsInterval));
        if (Port is < 0 or > 65535) throw new ArgumentException("Port must be 0–65535.", nameof(Port));
        var duplicate = Tracks.GroupBy(t => t.Identifier).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Track identifier '{duplicate.Key}' appears twice.", nameof(Tracks));
    }
}

/// <summary>A node's reported load. Null counts mean "the real number of players".</summary>
public sealed record NodeLoad(
    int? Players = null,
    int? PlayingPlayers = null,
    double SystemLoad = 0.05,
    double LavalinkLoad = 0.01,
    int Cores = 4,
    // Per minute, as Lavalink reports them; null = 3000 sent per playing player, none nulled, no deficit.
    FrameLoad? Frames = null);

public sealed record FrameLoad(int Sent, int Nulled, int Deficit);
