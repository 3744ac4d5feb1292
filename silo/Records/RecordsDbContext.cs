using Microsoft.EntityFrameworkCore;

namespace Asphalt.Silo.Records;

/// <summary>
/// Asphalt's own records (command log, errors, the economy ledger; later audit). The schema is owned by
/// the SQL scripts in infra/sql, applied by <see cref="Storage.SchemaMigrator"/>; EF Core only maps it.
/// </summary>
public sealed class RecordsDbContext(DbContextOptions<RecordsDbContext> options) : DbContext(options)
{
    public DbSet<CommandExecutionRow> CommandExecutions => Set<CommandExecutionRow>();
    public DbSet<ErrorLogRow> Errors => Set<ErrorLogRow>();
    public DbSet<LedgerRow> Ledger => Set<LedgerRow>();

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
        model.Entity<LedgerRow>(e =>
        {
            e.ToTable("ledger");
            e.HasKey(x => new { x.UserId, x.Seq });
            e.Property(x => x.UserId).HasColumnName("user_id").ValueGeneratedNever();
            e.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedNever();
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.WalletDelta).HasColumnName("wallet_delta");
            e.Property(x => x.BankDelta).HasColumnName("bank_delta");
            e.Property(x => x.WalletAfter).HasColumnName("wallet_after");
            e.Property(x => x.BankAfter).HasColumnName("bank_after");
            e.Property(x => x.CounterpartyId).HasColumnName("counterparty_id");
            e.Property(x => x.IdempotencyKey).HasColumnName("idempotency_key");
            e.Property(x => x.GuildId).HasColumnName("guild_id");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
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

/// <summary>One balance change of one user (see infra/sql/postgresql/0006_economy_ledger.sql).</summary>
public sealed class LedgerRow
{
    public long UserId { get; set; }
    public long Seq { get; set; }
    public required string Kind { get; set; }
    public long WalletDelta { get; set; }
    public long BankDelta { get; set; }
    public long WalletAfter { get; set; }
    public long BankAfter { get; set; }
    public long? CounterpartyId { get; set; }
    public long IdempotencyKey { get; set; }
    public long? GuildId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
