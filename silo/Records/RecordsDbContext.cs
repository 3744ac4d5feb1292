using Microsoft.EntityFrameworkCore;

namespace Asphalt.Silo.Records;

/// <summary>
/// Asphalt's own records (command log, errors; later the ledger and audit). The schema is owned by
/// the SQL scripts in infra/sql, applied by <see cref="Storage.SchemaMigrator"/>; EF Core only maps it.
/// </summary>
public sealed class RecordsDbContext(DbContextOptions<RecordsDbContext> options) : DbContext(options)
{
    public DbSet<CommandExecutionRow> CommandExecutions => Set<CommandExecutionRow>();
    public DbSet<ErrorLogRow> Errors => Set<ErrorLogRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<CommandExecutionRow>(e =>
        {
            e.ToTable("command_executions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.InteractionId).HasColumnName("interaction_id");
            e.Property(x => x.Command).HasColumnName("command");
            e.Property(x => x.UserId).HasColumnName("user_id");
            e.Property(x => x.GuildId).HasColumnName("guild_id");
            e.Property(x => x.ShardId).HasColumnName("shard_id");
            e.Property(x => x.LatencyMs).HasColumnName("latency_ms");
            e.Property(x => x.Outcome).HasColumnName("outcome");
            e.Property(x => x.ErrorId).HasColumnName("error_id");
            e.Property(x => x.ExecutedAt).HasColumnName("executed_at");
        });
        model.Entity<ErrorLogRow>(e =>
        {
            e.ToTable("error_log");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.Source).HasColumnName("source");
            e.Property(x => x.Message).HasColumnName("message");
            e.Property(x => x.Detail).HasColumnName("detail");
            e.Property(x => x.Context).HasColumnName("context");
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
        });
    }
}

public sealed class CommandExecutionRow
{
    public long Id { get; set; }
    public long InteractionId { get; set; }
    public required string Command { get; set; }
    public long UserId { get; set; }
    public long? GuildId { get; set; }
    public int ShardId { get; set; }
    public double LatencyMs { get; set; }
    public required string Outcome { get; set; }
    public Guid? ErrorId { get; set; }
    public DateTimeOffset ExecutedAt { get; set; }
}

public sealed class ErrorLogRow
{
    public Guid Id { get; set; }
    public required string Source { get; set; }
    public required string Message { get; set; }
    public string? Detail { get; set; }
    public string? Context { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}
