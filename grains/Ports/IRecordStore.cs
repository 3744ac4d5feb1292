using Asphalt.Grains.Interfaces.Records;

namespace Asphalt.Grains.Ports;

/// <summary>The records database (command log, errors) as grains see it; the silo implements it.</summary>
public interface IRecordStore
{
    Task AppendExecutionAsync(CommandExecution execution, CancellationToken cancellationToken = default);

    Task AppendErrorAsync(Guid id, ErrorReport error, CancellationToken cancellationToken = default);
}
