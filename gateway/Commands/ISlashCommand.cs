namespace Asphalt.Gateway.Commands;

/// <summary>
/// A slash command: its one declaration and its handler. The handler answers through the
/// <see cref="CommandContext"/> (respond, defer, edit); if it has not answered ~2 s after the
/// interaction arrived, the framework defers for it so Discord's 3 s deadline is always met.
/// </summary>
public interface ISlashCommand
{
    SlashCommandDefinition Definition { get; }

    Task ExecuteAsync(CommandContext context);
}

/// <summary>Thrown by a handler to refuse what the user asked (no funds, cooldown …): shown to the user, recorded as Rejected.</summary>
public sealed class CommandRejectedException(string userMessage) : Exception(userMessage);
