using System.Collections.Concurrent;
using Asphalt.Gateway.Commands;
using Asphalt.Grains.Interfaces.Records;

namespace Asphalt.Gateway.Tests.Support;

/// <summary>Stands in for the command journal grain (the Orleans boundary).</summary>
public sealed class InMemoryCommandJournal : ICommandJournal
{
    public ConcurrentQueue<CommandExecution> Executions { get; } = new();
    public ConcurrentQueue<(Guid Id, ErrorReport Error)> Errors { get; } = new();

    public Task RecordExecutionAsync(CommandExecution execution)
    {
        Executions.Enqueue(execution);
        return Task.CompletedTask;
    }

    public Task<Guid> RecordErrorAsync(ErrorReport error)
    {
        var id = Guid.NewGuid();
        Errors.Enqueue((id, error));
        return Task.FromResult(id);
    }

    public async Task<CommandExecution> WaitForExecutionAsync()
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Executions.IsEmpty)
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException("no execution was recorded");
            await Task.Delay(10);
        }
        return Executions.Single();
    }
}
