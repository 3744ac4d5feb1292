using System.Globalization;
using System.Text;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Gateway.Commands.Audio;

/// <summary>Every sentence and embed the music commands show, in one place.</summary>
public static class AudioText
{
    public const string NotInVoice = "Join a voice channel first.";

    /// <summary>Discord's embed colour for music replies.</summary>
    private const int Color = 0x1DB954;

    /// <summary>Titles are cut here so that ten queue lines stay far below the 4096-character embed description limit.</summary>
    private const int MaxTitleLength = 80;

    public static string Refusal(AudioReply reply) => reply.Outcome switch
    {
        AudioOutcome.NotInVoice => NotInVoice,
        AudioOutcome.DifferentChannel => reply.Detail is { } channel ? $"I'm playing in <#{channel}>: join that channel to control the music." : "I'm playing in another voice channel: join it to control the music.",
        AudioOutcome.MissingDjRole => "You need the DJ role (or Manage Server) to do that.",
        AudioOutcome.NothingFound => $"Nothing found for `{Clip(StripSearchPrefix(reply.Detail ?? ""), 100)}`.",
        AudioOutcome.LoadFailed => $"Load failed: {reply.Detail ?? "the music server gave no reason"}.",
        AudioOutcome.NothingPlaying => "Nothing is playing.",
        AudioOutcome.InvalidArgument => reply.Detail ?? "That is not a valid value.",
        AudioOutcome.NoNodeAvailable => "No music server is available right now; try again in a minute.",
        _ => "That did not work.",
    };

    public static string Played(AudioReply reply)
    {
        var track = reply.Track!;
        var more = reply.Detail is { } playlist ? $" from playlist **{Escape(playlist)}** ({reply.Count} tracks)" : "";
        return reply.Outcome == AudioOutcome.Started
            ? $"▶️ Now playing {Line(track)}{more}"
            : reply.Count > 1 ? $"➕ Queued {reply.Count} tracks{more}, starting at position {reply.Needed}"
            : $"➕ Queued {Line(track)} at position {reply.Needed}";
    }

    /// <summary>**Title** by Author `[3:21]`.</summary>
    public static string Line(AudioTrack track) => $"**{Escape(Clip(track.Title, MaxTitleLength))}** by {Escape(Clip(track.Author, 40))} `[{Length(track)}]`";

    public static string Length(AudioTrack track) => track.IsStream ? "LIVE" : Duration(track.LengthMs);

    /// <summary>1:05, 12:00, 1:02:03.</summary>
    public static string Duration(long ms)
    {
        var t = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
    }

    public static Embed Queue(PlayerView view, int page, int pageSize)
    {
        var pages = Math.Max(1, (view.QueueLength + pageSize - 1) / pageSize);
        var text = new StringBuilder();
        if (view.NowPlaying is { } now) text.Append("**Now:** ").Append(Line(now)).Append('\n').Append('\n');
        if (view.QueuePage.Length == 0) text.Append(view.QueueLength == 0 ? "The queue is empty." : $"Page {page} is past the end: there are {pages}.");
        for (var i = 0; i < view.QueuePage.Length; i++)
            text.Append('`').Append((page - 1) * pageSize + i + 1).Append(".` ").Append(Line(view.QueuePage[i])).Append('\n');
        var footer = $"Page {Math.Min(page, pages)}/{pages} · {view.QueueLength} track{(view.QueueLength == 1 ? "" : "s")} · loop {view.Loop.ToString().ToLowerInvariant()}" +
            (view.Shuffle ? " · shuffle on" : "");
        return new Embed("Queue", text.ToString().TrimEnd(), Color: Color, Footer: new EmbedFooter(footer));
    }

    public static Embed NowPlaying(PlayerView view)
    {
        var track = view.NowPlaying!;
        var progress = track.IsStream ? "🔴 LIVE" : $"{Bar(view.PositionMs, track.LengthMs)} `{Duration(view.PositionMs)} / {Duration(track.LengthMs)}`";
        List<EmbedField> fields =
        [
            new("Author", Escape(Clip(track.Author, 100)), true),
            new("Requested by", track.RequestedBy == 0 ? "—" : $"<@{track.RequestedBy}>", true),
            new("Volume", $"{view.Volume}%", true),
            new("Loop", view.Loop.ToString().ToLowerInvariant(), true),
            new("Filters", Filters(view.Filters), true),
            new("Up next", view.QueueLength == 0 ? "nothing" : $"{view.QueueLength} in the queue", true),
        ];
        var state = view.Paused ? "⏸️ Paused" : "▶️ Playing";
        return new Embed(Clip(track.Title, 250), $"{state}\n{progress}", track.Uri, Color, fields,
            view.Node is { } node ? new EmbedFooter($"node {node}{(view.AlwaysOn ? " · 24/7" : "")}") : null);
    }

    public static Embed Results(string query, IReadOnlyList<AudioTrack> tracks)
    {
        var text = new StringBuilder();
        for (var i = 0; i < tracks.Count; i++)
            text.Append('`').Append(i + 1).Append(".` ").Append(Line(tracks[i])).Append(tracks[i].Uri is { } uri ? $"\n      <{uri}>" : "").Append('\n');
        return new Embed($"Results for \"{Clip(query, 100)}\"", text.ToString().TrimEnd(), Color: Color, Footer: new EmbedFooter("Play one with /play and its link"));
    }

    public static Embed History(IReadOnlyList<AudioTrack> tracks)
    {
        var text = new StringBuilder();
        for (var i = 0; i < tracks.Count; i++) text.Append('`').Append(i + 1).Append(".` ").Append(Line(tracks[i])).Append('\n');
        return new Embed("Recently played", tracks.Count == 0 ? "Nothing played yet." : text.ToString().TrimEnd(), Color: Color);
    }

    public static string Filters(AudioFilters filters) => filters == AudioFilters.None
        ? "none"
        : string.Join(", ", Enum.GetValues<AudioFilters>().Where(f => f != AudioFilters.None && filters.HasFlag(f)).Select(FilterName));

    public static string FilterName(AudioFilters filter) => filter switch
    {
        AudioFilters.BassBoost => "bass boost",
        AudioFilters.EightD => "8D",
        _ => filter.ToString().ToLowerInvariant(),
    };

    private static string Bar(long position, long length)
    {
        const int Width = 16;
        var at = length <= 0 ? 0 : (int)Math.Clamp(position * Width / length, 0, Width - 1);
        return string.Concat(Enumerable.Range(0, Width).Select(i => i == at ? "🔘" : "▬"));
    }

    private static string StripSearchPrefix(string detail) => detail.IndexOf("search:", StringComparison.Ordinal) is var i and > 0 and < 8 ? detail[(i + 7)..] : detail;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Markdown that would change how a title renders.</summary>
    private static string Escape(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '_' or '`' or '~' or '|' or '\\' or '[' or ']') b.Append('\\');
            b.Append(c);
        }
        return b.ToString();
    }
}
