using Asphalt.Grains.Interfaces.Records;
using Asphalt.Grains.Ports;
using Orleans.Concurrency;

namespace Asphalt.Grains.Records;

[StatelessWorker]
public sealed class CommandJournalGrain(IRecordStore records) : Grain, ICommandJournalGrain
{
    public Task RecordExecutionAsync(CommandExecution execution) => records.AppendExecutionAsync(execution);

    public async Task<Guid> RecordErrorAsync(ErrorReport error)
    {
        var id = Guid.NewGuid();
        await records.AppendErrorAsync(id, error);
        return id;
    }
}
