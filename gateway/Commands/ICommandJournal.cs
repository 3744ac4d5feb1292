using Asphalt.Grains.Interfaces.Records;

namespace Asphalt.Gateway.Commands;

/// <summary>Where executions and errors are recorded (the gateway host writes them to the command journal grain).</summary>
public interface ICommandJournal
{
    Task RecordExecutionAsync(CommandExecution execution);

    /// <summary>Stores the error and returns the id shown to the user.</summary>
    Task<Guid> RecordErrorAsync(ErrorReport error);
}
