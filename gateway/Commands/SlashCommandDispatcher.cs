using System.Globalization;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Gateway.Discord.Rest;
using Asphalt.Gateway.Telemetry;
using Asphalt.Grains.Interfaces.Records;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Commands;

/// <summary>
/// Runs slash commands: finds the declaration, parses the options (an ephemeral error and no
/// handler run when they are wrong), runs the handler, defers for it when it is slow, turns an
/// unexpected error into an ephemeral message with an error id, measures the time to the first
/// response, and records every execution without delaying the reply.
/// </summary>
public sealed class SlashCommandDispatcher
{
    /// <summary>Defer on the handler's behalf this long after the interaction arrived: Discord's 3 s minus a second for the callback itself.</summary>
    public static readonly TimeSpan AutoDeferAfter = TimeSpan.FromSeconds(2);

    /// <summary>How long an error report may take before the user is shown a locally made id instead.</summary>
    private static readonly TimeSpan ErrorRecordTimeout = TimeSpan.FromSeconds(1.5);

    private readonly Dictionary<string, ISlashCommand> _commands;
    private readonly DiscordRestClient _rest;
    private readonly ICommandJournal _journal;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<SlashCommandDispatcher> _logger;

    public SlashCommandDispatcher(IEnumerable<ISlashCommand> commands, DiscordRestClient rest, ICommandJournal journal, GatewayMetrics metrics,
        TimeProvider time, ILogger<SlashCommandDispatcher> logger)
    {
        _commands = new Dictionary<string, ISlashCommand>(StringComparer.Ordinal);
        foreach (var command in commands)
            if (!_commands.TryAdd(command.Definition.Name, command))
                throw new InvalidOperationException($"Two slash commands are named '{command.Definition.Name}'.");
        _rest = rest;
        _journal = journal;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        metrics.CommandsDeclared(_commands.Keys);
    }

    public IReadOnlyCollection<ISlashCommand> Commands => _commands.Values;

    /// <summary>The bulk-overwrite body: every declared command.</summary>
    public IReadOnlyList<ApplicationCommandPayload> RegistrationPayload() =>
        _commands.Values.OrderBy(c => c.Definition.Name, StringComparer.Ordinal).Select(c => c.Definition.ToPayload()).ToArray();

    /// <param name="receivedAt">TimeProvider timestamp at which the gateway read the INTERACTION_CREATE.</param>
    public async Task HandleAsync(Interaction interaction, int shardId, long receivedAt, CancellationToken cancellationToken)
    {
        if (interaction.Type != InteractionType.ApplicationCommand || interaction.Data is null)
        {
            _logger.LogDebug("Ignoring interaction of type {Type}", interaction.Type);
            return;
        }
        var name = interaction.Data.Name;
        using var activity = GatewayTracing.Source.StartActivity($"/{name}", System.Diagnostics.ActivityKind.Server);
        activity?.SetTag("discord.command", name);
        activity?.SetTag("discord.interaction.id", interaction.Id);
        activity?.SetTag("discord.shard", shardId);
        var known = _commands.TryGetValue(name, out var command);
        string? error = $"`/{name}` is not a command this bot knows (any more).";
        var options = known ? command!.Definition.ParseOptions(interaction.Data.Options, out error) : null;
        var context = new CommandContext(interaction, shardId, options ?? CommandOptions.None, _rest, _time, cancellationToken);

        var outcome = CommandOutcome.Succeeded;
        Guid? errorId = null;
        try
        {
            if (options is null)
            {
                outcome = CommandOutcome.Rejected;
                await context.RespondAsync(error!, ephemeral: true);
            }
            else
            {
                (outcome, errorId) = await RunAsync(command!, context, receivedAt);
            }
        }
        catch (Exception e)
        {
            // Answering itself failed (Discord down, interaction expired): nothing more to tell the user.
            _logger.LogWarning(e, "Could not answer /{Command} (interaction {InteractionId})", name, interaction.Id);
            if (outcome == CommandOutcome.Succeeded) outcome = CommandOutcome.Failed;
        }

        var answeredAt = context.FirstResponseAt;
        var latency = answeredAt == 0 ? _time.GetElapsedTime(receivedAt) : _time.GetElapsedTime(receivedAt, answeredAt);
        if (answeredAt == 0) _metrics.DeadlineMissed(name);
        else _metrics.InteractionAnswered(name, latency);
        _metrics.CommandExecuted(name, outcome);
        activity?.SetTag("asphalt.outcome", outcome.ToString());
        Record(new CommandExecution(long.Parse(interaction.Id, CultureInfo.InvariantCulture), name, context.UserId, context.GuildId, shardId, latency, outcome,
            _time.GetUtcNow(), errorId));
    }

    private async Task<(CommandOutcome, Guid?)> RunAsync(ISlashCommand command, CommandContext context, long receivedAt)
    {
        var run = Task.Run(() => command.ExecuteAsync(context), context.CancellationToken);
        var untilDefer = AutoDeferAfter - _time.GetElapsedTime(receivedAt);
        if (untilDefer > TimeSpan.Zero)
        {
            using var cancelDelay = new CancellationTokenSource();
            await Task.WhenAny(run, Task.Delay(untilDefer, _time, cancelDelay.Token));
            cancelDelay.Cancel();
        }
        if (!run.IsCompleted && !context.HasAnswered)
        {
            try
            {
                await context.DeferAsync(command.Definition.EphemeralWhenDeferred);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not defer /{Command} on the handler's behalf", command.Definition.Name);
            }
        }
        try
        {
            await run;
            if (!context.HasAnswered || context.IsDeferred)
            {
                _logger.LogWarning("/{Command} finished without answering; answering for it", command.Definition.Name);
                await context.RespondAsync("Done.", ephemeral: true);
            }
            return (CommandOutcome.Succeeded, null);
        }
        catch (CommandRejectedException e)
        {
            await context.RespondAsync(e.Message, ephemeral: true);
            return (CommandOutcome.Rejected, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            var errorId = await ReportErrorAsync(command.Definition.Name, context, e);
            await context.RespondAsync($"Something went wrong running `/{command.Definition.Name}`. Error id: `{errorId}`", ephemeral: true);
            return (CommandOutcome.Failed, errorId);
        }
    }

    private async Task<Guid> ReportErrorAsync(string command, CommandContext context, Exception e)
    {
        var report = new ErrorReport($"command:/{command}", e.Message, e.ToString(),
            $"interaction {context.Interaction.Id}, user {context.UserId}, guild {context.GuildId?.ToString(CultureInfo.InvariantCulture) ?? "DM"}, shard {context.ShardId}",
            _time.GetUtcNow());
        try
        {
            var id = await _journal.RecordErrorAsync(report).WaitAsync(ErrorRecordTimeout);
            _logger.LogError(e, "/{Command} failed; error id {ErrorId}", command, id);
            return id;
        }
        catch (Exception recordFailure)
        {
            var id = Guid.NewGuid();
            _logger.LogError(e, "/{Command} failed; error id {ErrorId} (not stored: {RecordFailure})", command, id, recordFailure.Message);
            return id;
        }
    }

    private void Record(CommandExecution execution) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await _journal.RecordExecutionAsync(execution);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not record the execution of /{Command} (interaction {InteractionId})", execution.Command, execution.InteractionId);
            }
        });
}
