using System.Globalization;
using Asphalt.Gateway.Voice;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Gateway.Commands.Audio;

/// <summary>
/// What every music command shares: the guild's <see cref="IAudioPlayerGrain"/>, the caller as the grain
/// needs them (voice channel from <see cref="VoiceStateCache"/>, roles and Manage Server from the
/// interaction's member), and the one translation of refused <see cref="AudioReply"/>s into ephemeral errors.
/// </summary>
public abstract class AudioCommand(IGrainFactory grains, VoiceStateCache voice) : ISlashCommand
{
    /// <summary>Permission bits (Permissions.md "Bitwise Permission Flags"): Administrator, Manage Server.</summary>
    private const ulong Administrator = 1 << 3, ManageGuild = 1 << 5;

    public abstract SlashCommandDefinition Definition { get; }

    public abstract Task ExecuteAsync(CommandContext context);

    protected static long GuildOf(CommandContext context) =>
        context.GuildId ?? throw new CommandRejectedException("Music works in servers, not in DMs.");

    protected IAudioPlayerGrain Player(CommandContext context) => grains.GetGrain<IAudioPlayerGrain>(GuildOf(context));

    /// <summary>The caller; with <paramref name="requireVoice"/> a caller outside voice is refused here, before any grain call.</summary>
    protected AudioCaller Caller(CommandContext context, bool requireVoice = true)
    {
        var guild = GuildOf(context);
        var channel = voice.ChannelOf(guild, context.UserId);
        if (requireVoice && channel is null)
            throw new CommandRejectedException(voice.IsKnown(guild)
                ? AudioText.NotInVoice
                : AudioText.NotInVoice + " (If you are in one, I may have missed it: leave and join it again.)");
        var member = context.Interaction.Member;
        var roles = (member?.Roles ?? []).Select(r => long.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id != 0).ToArray();
        var permissions = ulong.TryParse(member?.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        long? text = long.TryParse(context.Interaction.ChannelId, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
        return new AudioCaller(context.UserId, channel, roles, (permissions & (Administrator | ManageGuild)) != 0, text);
    }

    /// <summary>Returns a successful reply; turns a refusal into an ephemeral error (recorded as Rejected).</summary>
    protected static AudioReply Ensure(AudioReply reply) =>
        reply.Succeeded ? reply : throw new CommandRejectedException(AudioText.Refusal(reply));
}
