namespace Asphalt.Emulators.Discord.Models;

/// <summary>Permission bits used in generated payloads (docs/topics/Permissions.md, "Bitwise Permission Flags").</summary>
public static class Permissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;
    public const ulong AddReactions = 1UL << 6;
    public const ulong ViewChannel = 1UL << 10;
    public const ulong SendMessages = 1UL << 11;
    public const ulong ManageMessages = 1UL << 13;
    public const ulong EmbedLinks = 1UL << 14;
    public const ulong AttachFiles = 1UL << 15;
    public const ulong ReadMessageHistory = 1UL << 16;
    public const ulong UseExternalEmojis = 1UL << 18;
    public const ulong Connect = 1UL << 20;
    public const ulong Speak = 1UL << 21;
    public const ulong UseApplicationCommands = 1UL << 31;

    /// <summary>What an ordinary member may do in a text channel.</summary>
    public const ulong DefaultMember = AddReactions | ViewChannel | SendMessages | EmbedLinks | AttachFiles
        | ReadMessageHistory | UseExternalEmojis | Connect | Speak | UseApplicationCommands;

    /// <summary>What the bot may do (app_permissions of interactions).</summary>
    public const ulong DefaultBot = DefaultMember | ManageMessages;
}
