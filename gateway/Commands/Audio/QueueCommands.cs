using Asphalt.Gateway.Voice;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Gateway.Commands.Audio;

public sealed class QueueCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public const int PageSize = 10;
    public static readonly IntegerOption Page = new("page", "Which page") { MinValue = 1, MaxValue = 1000 };

    public override SlashCommandDefinition Definition { get; } = new("queue", "Shows the queue", Page);

    public override async Task ExecuteAsync(CommandContext context)
    {
        var page = (int)context.Options.GetOrDefault(Page, 1);
        var view = await Player(context).GetAsync((page - 1) * PageSize, PageSize);
        await context.RespondAsync(null, [AudioText.Queue(view, page, PageSize)]);
    }
}

public sealed class NowPlayingCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public override SlashCommandDefinition Definition { get; } = new("nowplaying", "Shows the track that is playing");

    public override async Task ExecuteAsync(CommandContext context)
    {
        var view = await Player(context).GetAsync(0, 0);
        if (view.NowPlaying is null) throw new CommandRejectedException(AudioText.Refusal(new AudioReply(AudioOutcome.NothingPlaying)));
        await context.RespondAsync(null, [AudioText.NowPlaying(view)]);
    }
}

public sealed class RemoveCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public static readonly IntegerOption Position = new("position", "Queue position to remove", required: true) { MinValue = 1, MaxValue = 10_000 };

    public override SlashCommandDefinition Definition { get; } = new("remove", "Removes a track from the queue", Position);

    public override async Task ExecuteAsync(CommandContext context)
    {
        var reply = Ensure(await Player(context).RemoveAsync(Caller(context), (int)context.Options.Get(Position)));
        await context.RespondAsync($"🗑️ Removed {AudioText.Line(reply.Track!)} from position {reply.Count}");
    }
}

public sealed class MoveCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public static readonly IntegerOption From = new("from", "Queue position of the track", required: true) { MinValue = 1, MaxValue = 10_000 };
    public static readonly IntegerOption To = new("to", "Where it goes", required: true) { MinValue = 1, MaxValue = 10_000 };

    public override SlashCommandDefinition Definition { get; } = new("move", "Moves a track within the queue", From, To);

    public override async Task ExecuteAsync(CommandContext context)
    {
        var reply = Ensure(await Player(context).MoveAsync(Caller(context), (int)context.Options.Get(From), (int)context.Options.Get(To)));
        await context.RespondAsync($"↕️ Moved {AudioText.Line(reply.Track!)} to position {reply.Count}");
    }
}

public sealed class ClearCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public override SlashCommandDefinition Definition { get; } = new("clear", "Empties the queue (the current track plays on)");

    public override async Task ExecuteAsync(CommandContext context)
    {
        var reply = Ensure(await Player(context).ClearAsync(Caller(context)));
        await context.RespondAsync($"🧹 Cleared {reply.Count} track{(reply.Count == 1 ? "" : "s")} from the queue.");
    }
}

/// <summary>/shuffle: turns shuffled play order on, or off again.</summary>
public sealed class ShuffleCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public override SlashCommandDefinition Definition { get; } = new("shuffle", "Turns shuffle on or off");

    public override async Task ExecuteAsync(CommandContext context)
    {
        var caller = Caller(context);
        var player = Player(context);
        var on = !(await player.GetAsync(0, 0)).Shuffle;
        Ensure(await player.SetShuffleAsync(caller, on));
        await context.RespondAsync(on ? "🔀 Shuffle is on." : "➡️ Shuffle is off: the queue plays in order.");
    }
}

public sealed class HistoryCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public const int Count = 10;

    public override SlashCommandDefinition Definition { get; } = new("history", "Shows the recently played tracks");

    public override async Task ExecuteAsync(CommandContext context)
    {
        var tracks = await Player(context).GetHistoryAsync(Count);
        await context.RespondAsync(null, [AudioText.History(tracks)]);
    }
}
