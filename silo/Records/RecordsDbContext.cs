using Microsoft.EntityFrameworkCore;

namespace Asphalt.Silo.Records;

/// <summary>
/// Asphalt's own records (command log, errors, the economy ledger, votes; later audit). The schema is owned by
/// the SQL scripts in infra/sql, applied by <see cref="Storage.SchemaMigrator"/>; EF Core only maps it.
/// </summary>
public sealed class RecordsDbContext(DbContextOptions<RecordsDbContext> options) : DbContext(options)
{
    public DbSet<CommandExecutionRow> CommandExecutions => Set<CommandExecutionRow>();
    public DbSet<ErrorLogRow> Errors => Set<ErrorLogRow>();
    public DbSet<LedgerRow> Ledger => Set<LedgerRow>();
    public DbSet<VoteRow> Votes => Set<VoteRow>();

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
        model.Entity<VoteRow>(e =>
        {
            e.ToTable("votes");
            e.HasKey(x => x.VoteKey);
            e.Property(x => x.VoteKey).HasColumnName("vote_key").ValueGeneratedNever();
            e.Property(x => x.Source).HasColumnName("source");
            e.Property(x => x.UserId).HasColumnName("user_id");
            e.Property(x => x.BotId).HasColumnName("bot_id");
            e.Property(x => x.GuildId).HasColumnName("guild_id");
            e.Property(x => x.Weight).HasColumnName("weight");
            e.Property(x => x.IsWeekend).HasColumnName("is_weekend");
            e.Property(x => x.VotedAt).HasColumnName("voted_at");
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            e.Property(x => x.ReceivedMs).HasColumnName("received_ms");
            e.Property(x => x.CooldownSeconds).HasColumnName("cooldown_seconds");
            e.Property(x => x.Streak).HasColumnName("streak");
            e.Property(x => x.StreakBonus).HasColumnName("streak_bonus");
            e.Property(x => x.Reward).HasColumnName("reward");
            e.Property(x => x.IdempotencyKey).HasColumnName("idempotency_key");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Outcome).HasColumnName("outcome");
            e.Property(x => x.CompletedAt).HasColumnName("completed_at");
            e.Property(x => x.EventJson).HasColumnName("event_json");
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

/// <summary>One vote from a bot-list site (see infra/sql/postgresql/0007_votes.sql).</summary>
public sealed class VoteRow
{
    public required string VoteKey { get; set; }
    public required string Source { get; set; }
    public long UserId { get; set; }
    public long? BotId { get; set; }
    public long? GuildId { get; set; }
    public int Weight { get; set; }
    public bool IsWeekend { get; set; }
    public DateTimeOffset VotedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public long ReceivedMs { get; set; }
    public int CooldownSeconds { get; set; }
    public int Streak { get; set; }
    public long StreakBonus { get; set; }
    public long Reward { get; set; }
    public long IdempotencyKey { get; set; }
    public required string Status { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public required string EventJson { get; set; }
}
