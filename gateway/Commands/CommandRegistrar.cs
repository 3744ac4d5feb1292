using System.Globalization;
using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Commands;

/// <summary>
/// Registers every declared command once the application id is known, with one bulk overwrite
/// (PUT /applications/{id}/commands), or to <c>Discord:TestGuildId</c> when it is set (guild
/// commands update instantly; global ones can take a while to show).
/// </summary>
public sealed class CommandRegistrar(IDiscordGateway gateway, SlashCommandDispatcher dispatcher, DiscordRestClient rest, IOptions<DiscordOptions> options,
    ILogger<CommandRegistrar> logger) : BackgroundService
{
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the commands are registered (tests wait for it).</summary>
    public Task Registered => _registered.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var applicationId = await gateway.WhenApplicationKnownAsync(stoppingToken);
            var guild = options.Value.TestGuildId?.ToString(CultureInfo.InvariantCulture);
            var commands = dispatcher.RegistrationPayload();
            await rest.BulkOverwriteCommandsAsync(applicationId, guild, commands, stoppingToken);
            logger.LogInformation("Registered {Count} slash commands ({Where}): {Names}", commands.Count, guild is null ? "globally" : $"to test guild {guild}",
                string.Join(", ", commands.Select(c => "/" + c.Name)));
            _registered.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _registered.TrySetCanceled(stoppingToken);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not register the slash commands; users see the previously registered set");
            _registered.TrySetException(e);
        }
    }
}
