using Asphalt.Grains.Interfaces.Records;
using Asphalt.Grains.Ports;
using Microsoft.EntityFrameworkCore;

namespace Asphalt.Silo.Records;

public sealed class EfRecordStore(IDbContextFactory<RecordsDbContext> contexts) : IRecordStore
{
    public async Task AppendExecutionAsync(CommandExecution execution, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.CommandExecutions.Add(new CommandExecutionRow
        {
            InteractionId = execution.InteractionId,
            Command = execution.Command,
            UserId = execution.UserId,
            GuildId = execution.GuildId,
            ShardId = execution.ShardId,
            LatencyMs = execution.Latency.TotalMilliseconds,
            Outcome = execution.Outcome.ToString(),
            ErrorId = execution.ErrorId,
            ExecutedAt = execution.ExecutedAt.ToUniversalTime(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task AppendErrorAsync(Guid id, ErrorReport error, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Errors.Add(new ErrorLogRow
        {
            Id = id,
            Source = error.Source,
            Message = error.Message,
            Detail = error.Detail,
            Context = error.Context,
            OccurredAt = error.OccurredAt.ToUniversalTime(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
