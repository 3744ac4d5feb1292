using System.Globalization;
using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Routing;
using Asphalt.Grains.Interfaces.Guilds;
using Asphalt.Grains.Interfaces.Records;
using Npgsql;

namespace Asphalt.Bench.GatewayHost;

/// <summary>
/// The economy-load baseline (Bench:Economy=sql): the product's shards, router, command framework
/// and REST client, with /balance and /pay that run one SQL statement each on PostgreSQL and keep
/// nothing in memory. Nothing is journaled and guild events go nowhere (the product does both).
/// Tables: bench_balances, bench_ledger (made by the harness).
/// </summary>
public static class SqlEconomy
{
    public static void AddSqlEconomy(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<IGuildDirectory, NoGuildDirectory>();
        services.AddSingleton<ICommandJournal, NoJournal>();
        services.AddEventRouting();
        services.AddSlashCommands()
            .AddSlashCommand<SqlBalanceCommand>()
            .AddSlashCommand<SqlPayCommand>();
    }

    private sealed class NoGuildDirectory : IGuildDirectory
    {
        public Task RecordJoinedAsync(long guildId, GuildSnapshot snapshot) => Task.CompletedTask;
        public Task RecordLeftAsync(long guildId, DateTimeOffset at) => Task.CompletedTask;
    }

    private sealed class NoJournal : ICommandJournal
    {
        public Task RecordExecutionAsync(CommandExecution execution) => Task.CompletedTask;
        public Task<Guid> RecordErrorAsync(ErrorReport error) => Task.FromResult(Guid.NewGuid());
    }
}

public sealed class SqlBalanceCommand(NpgsqlDataSource sql) : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("balance", "Shows your wallet and bank (SQL baseline)");

    public async Task ExecuteAsync(CommandContext context)
    {
        await using var command = sql.CreateCommand("SELECT wallet, bank FROM bench_balances WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = context.UserId });
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        var (wallet, bank) = await reader.ReadAsync(context.CancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
        await context.RespondAsync(string.Create(CultureInfo.InvariantCulture, $"Wallet {wallet:N0} · Bank {bank:N0}"));
    }
}

public sealed class SqlPayCommand(NpgsqlDataSource sql) : ISlashCommand
{
    private static readonly UserOption To = new("user", "Who gets the coins", required: true);
    private static readonly IntegerOption Amount = new("amount", "How many coins to pay", required: true) { MinValue = 1 };

    public SlashCommandDefinition Definition { get; } = new("pay", "Pays coins to another user (SQL baseline)", To, Amount);

    public async Task ExecuteAsync(CommandContext context)
    {
        var to = context.Options.Get(To);
        var amount = context.Options.Get(Amount);
        await using var command = sql.CreateCommand("""
            WITH moved AS (
                UPDATE bench_balances SET wallet = wallet + CASE WHEN user_id = $1 THEN -$3 ELSE $3 END
                WHERE user_id IN ($1, $2) AND EXISTS (SELECT 1 FROM bench_balances WHERE user_id = $1 AND wallet >= $3)
                RETURNING user_id)
            INSERT INTO bench_ledger (user_id, kind, wallet_delta, counterparty_id, idempotency_key)
            SELECT user_id, CASE WHEN user_id = $1 THEN 'transfer_out' ELSE 'transfer_in' END, CASE WHEN user_id = $1 THEN -$3 ELSE $3 END,
                   CASE WHEN user_id = $1 THEN $2 ELSE $1 END, $4
            FROM moved
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = context.UserId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = amount });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = long.Parse(context.Interaction.Id, CultureInfo.InvariantCulture) });
        var rows = await command.ExecuteNonQueryAsync(context.CancellationToken);
        if (rows != 2) throw new CommandRejectedException("You don't have that many coins.");
        await context.RespondAsync(string.Create(CultureInfo.InvariantCulture, $"You paid {amount:N0} to <@{to}>."));
    }
}
