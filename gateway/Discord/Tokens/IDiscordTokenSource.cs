namespace Asphalt.Gateway.Discord.Tokens;

/// <summary>Where the bot token comes from. Implementations register it with the log redactor as soon as they read it.</summary>
public interface IDiscordTokenSource
{
    /// <summary>The bot token (without the "Bot " prefix). Cached after the first successful read.</summary>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>The token could not be read; the message says which source failed and how to fix it (never the token).</summary>
public sealed class DiscordTokenUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
