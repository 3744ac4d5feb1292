using Asphalt.Gateway.Voice;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Gateway.Commands.Audio;

/// <summary>/play: a URL or a search; deferred (loading can take a while), then edited with what started or was queued.</summary>
public sealed class PlayCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public static readonly StringOption Query = new("query", "A link, or what to search for", required: true) { MinLength = 1, MaxLength = 500 };

    public override SlashCommandDefinition Definition { get; } = new("play", "Plays a song or playlist (link or search) in your voice channel", Query);

    public override async Task ExecuteAsync(CommandContext context)
    {
        var caller = Caller(context); // "join a voice channel first" before the deferral, so it stays ephemeral and instant
        await context.DeferAsync();
        var reply = Ensure(await Player(context).PlayAsync(caller, context.Options.Get(Query)));
        await context.RespondAsync(AudioText.Played(reply));
    }
}

/// <summary>/search: the top results, without queueing anything.</summary>
public sealed class SearchCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public const int Results = 5;
    public static readonly StringOption Query = new("query", "What to search for", required: true) { MinLength = 1, MaxLength = 500 };

    public override SlashCommandDefinition Definition { get; } = new("search", "Shows the top search results", Query);

    public override async Task ExecuteAsync(CommandContext context)
    {
        GuildOf(context);
        await context.DeferAsync();
        var query = context.Options.Get(Query);
        var tracks = await Player(context).SearchAsync(query, Results);
        if (tracks.Length == 0) throw new CommandRejectedException(AudioText.Refusal(new AudioReply(AudioOutcome.NothingFound, query)));
        await context.RespondAsync(null, [AudioText.Results(query, tracks)]);
    }
}

public sealed class PauseCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public override SlashCommandDefinition Definition { get; } = new("pause", "Pauses the music");

    public override async Task ExecuteAsync(CommandContext context)
    {
        var reply = Ensure(await Player(context).SetPausedAsync(Caller(context), paused: true));
        await context.RespondAsync(reply.Detail == "already paused" ? "Already paused." : $"⏸️ Paused {AudioText.Line(reply.Track!)}");
    }
}

public sealed class ResumeCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public override SlashCommandDefinition Definition { get; } = new("resume", "Resumes the music");

    public override async Task ExecuteAsync(CommandContext context)
    {
        var reply = Ensure(await Player(context).SetPausedAsync(Caller(context), paused: false));
        await context.RespondAsync(reply.Detail == "already playing" ? "Already playing." : $"▶️ Resumed {AudioText.Line(reply.Track!)}");
    }
}

/// <summary>/skip: at once for a DJ, the requester or a lone listener; otherwise a vote.</summary>
public sealed class SkipCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public override SlashCommandDefinition Definition { get; } = new("skip", "Skips the current track (or votes to)");

    public override async Task ExecuteAsync(CommandContext context)
    {
        var reply = Ensure(await Player(context).SkipAsync(Caller(context)));
        await context.RespondAsync(reply.Outcome == AudioOutcome.VoteRecorded
            ? $"🗳️ Vote to skip {AudioText.Line(reply.Track!)}: {reply.Count}/{reply.Needed}"
            : $"⏭️ Skipped {AudioText.Line(reply.Track!)}");
    }
}

public sealed class StopCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public override SlashCommandDefinition Definition { get; } = new("stop", "Stops the music and clears the queue");

    public override async Task ExecuteAsync(CommandContext context)
    {
        Ensure(await Player(context).StopAsync(Caller(context)));
        await context.RespondAsync("⏹️ Stopped and cleared the queue.");
    }
}

public sealed class SeekCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public static readonly StringOption Position = new("position", "Where to go, e.g. 1:23 or 83 (seconds)", required: true) { MaxLength = 12 };

    public override SlashCommandDefinition Definition { get; } = new("seek", "Jumps to a position in the current track", Position);

    public override async Task ExecuteAsync(CommandContext context)
    {
        var text = context.Options.Get(Position);
        if (!TrackPosition.TryParse(text, out var ms))
            throw new CommandRejectedException($"`{text}` is not a position: use e.g. `1:23` or `83` (seconds).");
        var reply = Ensure(await Player(context).SeekAsync(Caller(context), ms));
        await context.RespondAsync($"⏩ Jumped to `{AudioText.Duration(ms)}` in {AudioText.Line(reply.Track!)}");
    }
}

public sealed class LeaveCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public override SlashCommandDefinition Definition { get; } = new("leave", "Leaves the voice channel (the queue is kept)");

    public override async Task ExecuteAsync(CommandContext context)
    {
        Ensure(await Player(context).LeaveAsync(Caller(context)));
        await context.RespondAsync("👋 Left the voice channel. The queue is kept for next time.");
    }
}
