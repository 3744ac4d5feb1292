using Asphalt.Gateway.Voice;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Gateway.Commands.Audio;

public sealed class VolumeCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    /// <summary>Lavalink's volume is 0–1000; the player allows 0–200 % (above that it only distorts).</summary>
    public static readonly IntegerOption Level = new("level", "Volume in percent, 0 to 200", required: true) { MinValue = 0, MaxValue = 200 };

    public override SlashCommandDefinition Definition { get; } = new("volume", "Sets the volume", Level);

    public override async Task ExecuteAsync(CommandContext context)
    {
        var reply = Ensure(await Player(context).SetVolumeAsync(Caller(context), (int)context.Options.Get(Level)));
        await context.RespondAsync($"🔊 Volume {reply.Count}%");
    }
}

public sealed class LoopCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public static readonly StringOption Mode = new("mode", "What to repeat", required: true)
    {
        Choices = [new("off", "off"), new("track", "track"), new("queue", "queue")],
    };

    public override SlashCommandDefinition Definition { get; } = new("loop", "Repeats the track or the queue", Mode);

    public override async Task ExecuteAsync(CommandContext context)
    {
        var mode = context.Options.Get(Mode) switch { "track" => LoopMode.Track, "queue" => LoopMode.Queue, _ => LoopMode.Off };
        Ensure(await Player(context).SetLoopAsync(Caller(context), mode));
        await context.RespondAsync(mode switch
        {
            LoopMode.Track => "🔂 Repeating the current track.",
            LoopMode.Queue => "🔁 Repeating the queue.",
            _ => "➡️ Loop is off.",
        });
    }
}

/// <summary>/filter: toggles a preset (they combine; nightcore and vaporwave exclude each other); <c>off</c> clears them all.</summary>
public sealed class FilterCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    private static readonly IReadOnlyDictionary<string, AudioFilters> Presets = new Dictionary<string, AudioFilters>
    {
        ["off"] = AudioFilters.None,
        ["bassboost"] = AudioFilters.BassBoost,
        ["nightcore"] = AudioFilters.Nightcore,
        ["vaporwave"] = AudioFilters.Vaporwave,
        ["8d"] = AudioFilters.EightD,
        ["karaoke"] = AudioFilters.Karaoke,
    };

    public static readonly StringOption Name = new("name", "The filter to turn on or off", required: true)
    {
        Choices = Presets.Keys.Select(k => new OptionChoice<string>(k, k)).ToArray(),
    };

    public override SlashCommandDefinition Definition { get; } = new("filter", "Turns an audio filter on or off", Name);

    public override async Task ExecuteAsync(CommandContext context)
    {
        var caller = Caller(context);
        var player = Player(context);
        var preset = Presets[context.Options.Get(Name)];
        var current = (await player.GetAsync(0, 0)).Filters;
        var next = preset == AudioFilters.None ? AudioFilters.None
            : current.HasFlag(preset) ? current & ~preset
            : (current & ~Exclusive(preset)) | preset;
        Ensure(await player.SetFiltersAsync(caller, next));
        await context.RespondAsync($"🎛️ Filters: {AudioText.Filters(next)}");
    }

    private static AudioFilters Exclusive(AudioFilters preset) => preset switch
    {
        AudioFilters.Nightcore => AudioFilters.Vaporwave,
        AudioFilters.Vaporwave => AudioFilters.Nightcore,
        _ => AudioFilters.None,
    };
}

/// <summary>/247: the bot stays in the channel even when alone or idle; again to turn it off.</summary>
public sealed class AlwaysOnCommand(IGrainFactory grains, VoiceStateCache voice) : AudioCommand(grains, voice)
{
    public override SlashCommandDefinition Definition { get; } = new("247", "Keeps the bot in the voice channel around the clock (toggle)");

    public override async Task ExecuteAsync(CommandContext context)
    {
        var caller = Caller(context);
        var player = Player(context);
        var on = !(await player.GetAsync(0, 0)).AlwaysOn;
        Ensure(await player.SetAlwaysOnAsync(caller, on));
        await context.RespondAsync(on ? "🌙 24/7 is on: I stay in the channel." : "24/7 is off: I leave when alone or idle.");
    }
}

/// <summary>Registration of every music command.</summary>
public static class AudioCommandServiceCollectionExtensions
{
    public static IServiceCollection AddAudioCommands(this IServiceCollection services) => services
        .AddSlashCommand<PlayCommand>()
        .AddSlashCommand<SearchCommand>()
        .AddSlashCommand<PauseCommand>()
        .AddSlashCommand<ResumeCommand>()
        .AddSlashCommand<SkipCommand>()
        .AddSlashCommand<StopCommand>()
        .AddSlashCommand<QueueCommand>()
        .AddSlashCommand<NowPlayingCommand>()
        .AddSlashCommand<SeekCommand>()
        .AddSlashCommand<VolumeCommand>()
        .AddSlashCommand<LoopCommand>()
        .AddSlashCommand<ShuffleCommand>()
        .AddSlashCommand<RemoveCommand>()
        .AddSlashCommand<MoveCommand>()
        .AddSlashCommand<ClearCommand>()
        .AddSlashCommand<FilterCommand>()
        .AddSlashCommand<AlwaysOnCommand>()
        .AddSlashCommand<HistoryCommand>()
        .AddSlashCommand<LeaveCommand>();
}
