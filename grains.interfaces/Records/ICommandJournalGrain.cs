namespace Asphalt.Grains.Interfaces.Records;

/// <summary>
/// Writes Asphalt's own records (command executions, errors) to the records database.
/// A stateless worker: call it with key 0; the silo runs as many activations as it needs.
/// </summary>
[Alias("asphalt.journal")]
public interface ICommandJournalGrain : IGrainWithIntegerKey
{
    /// <summary>Appends one row to <c>command_executions</c>.</summary>
    [Alias("record")]
    Task RecordExecutionAsync(CommandExecution execution);

    /// <summary>Appends one row to <c>error_log</c> and returns its id, which the user is shown.</summary>
    [Alias("error")]
    Task<Guid> RecordErrorAsync(ErrorReport error);
}

public enum CommandOutcome
{
    Succeeded = 0,
    /// <summary>The user asked for something the command refuses (bad option, cooldown, no funds …).</summary>
    Rejected = 1,
    Failed = 2,
}

[GenerateSerializer, Immutable, Alias("asphalt.journal.execution")]
public sealed record CommandExecution(
    [property: Id(0)] long InteractionId,
    [property: Id(1)] string Command,
    [property: Id(2)] long UserId,
    [property: Id(3)] long? GuildId,
    [property: Id(4)] int ShardId,
    [property: Id(5)] TimeSpan Latency,
    [property: Id(6)] CommandOutcome Outcome,
    [property: Id(7)] DateTimeOffset ExecutedAt,
    [property: Id(8)] Guid? ErrorId);

[GenerateSerializer, Immutable, Alias("asphalt.journal.error")]
public sealed record ErrorReport(
    [property: Id(0)] string Source,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Detail,
    [property: Id(3)] string? Context,
    [property: Id(4)] DateTimeOffset OccurredAt);
