namespace Asphalt.Gateway.Discord;

/// <summary>Permission bits the bot checks (Permissions.md "Bitwise Permission Flags").</summary>
public static class DiscordPermissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;

    /// <summary>Whether <paramref name="permissions"/> holds <paramref name="required"/>; Administrator implies every permission.</summary>
    public static bool Has(ulong? permissions, ulong required) =>
        permissions is { } bits && ((bits & Administrator) != 0 || (bits & required) == required);
}
