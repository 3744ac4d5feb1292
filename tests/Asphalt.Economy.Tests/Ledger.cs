using Asphalt.Grains.Ports;
using Npgsql;

namespace Asphalt.Economy.Tests;

/// <summary>Reads the ledger table of a PostgreSQL records database directly, and checks the economy's invariants on it.</summary>
public sealed class Ledger(string connectionString)
{
    public sealed record Row(long UserId, long Seq, string Kind, long WalletDelta, long BankDelta, long WalletAfter, long BankAfter,
        long? CounterpartyId, long IdempotencyKey, long? GuildId);

    public async Task<IReadOnlyList<Row>> RowsAsync(long? userId = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT user_id, seq, kind, wallet_delta, bank_delta, wallet_after, bank_after, counterparty_id, idempotency_key, guild_id " +
            "FROM ledger WHERE @user::bigint IS NULL OR user_id = @user ORDER BY user_id, seq", connection);
        command.Parameters.Add(new NpgsqlParameter("user", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)userId ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.GetInt64(8),
                reader.IsDBNull(9) ? null : reader.GetInt64(9)));
        return rows;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The invariants, for users whose grains report <paramref name="balances"/>: each user's ledger
    /// sums to their wallet and bank, with gap-free sequences and the last row's balance; no
    /// balance is ever negative; all coins = minted − burned; transfers and bank moves create and
    /// destroy nothing; every transfer out is matched by one in or one refund.
    /// </summary>
    public async Task AssertInvariantsAsync(IReadOnlyDictionary<long, Balance> balances)
    {
        var rows = await RowsAsync();
        var byUser = rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Seq).ToList());
        foreach (var (user, balance) in balances)
        {
            Assert.True(balance.Wallet >= 0 && balance.Bank >= 0, $"user {user} has a negative balance {balance}");
            var own = byUser.GetValueOrDefault(user) ?? [];
            Assert.True(new Balance(own.Sum(r => r.WalletDelta), own.Sum(r => r.BankDelta)) == balance,
                $"user {user}: ledger sums to {own.Sum(r => r.WalletDelta)}/{own.Sum(r => r.BankDelta)}, grain holds {balance}");
            Assert.Equal(Enumerable.Range(1, own.Count).Select(i => (long)i), own.Select(r => r.Seq));
            if (own.Count > 0) Assert.Equal(balance, new Balance(own[^1].WalletAfter, own[^1].BankAfter));
        }
        Assert.Empty(byUser.Keys.Except(balances.Keys));
        Assert.All(rows, r => Assert.True(r.WalletAfter >= 0 && r.BankAfter >= 0));

        var mint = LedgerKinds.Names(LedgerKinds.Mint).ToHashSet();
        var burn = LedgerKinds.Names(LedgerKinds.Burn).ToHashSet();
        var minted = rows.Where(r => mint.Contains(r.Kind)).Sum(r => r.WalletDelta + r.BankDelta);
        var burned = -rows.Where(r => burn.Contains(r.Kind)).Sum(r => r.WalletDelta + r.BankDelta);
        Assert.All(rows.Where(r => mint.Contains(r.Kind)), r => Assert.True(r.WalletDelta + r.BankDelta > 0, $"mint row {r} is not positive"));
        Assert.All(rows.Where(r => burn.Contains(r.Kind)), r => Assert.True(r.WalletDelta + r.BankDelta < 0, $"burn row {r} is not negative"));
        Assert.Equal(minted - burned, balances.Values.Sum(b => b.Wallet + b.Bank));
        Assert.Equal(0, rows.Where(r => !mint.Contains(r.Kind) && !burn.Contains(r.Kind)).Sum(r => r.WalletDelta + r.BankDelta));

        // Every transfer out: exactly one credit at the receiver or one refund at the sender, never both.
        foreach (var transfer in rows.Where(r => r.Kind == "transfer_out"))
        {
            var credited = rows.Count(r => r.Kind == "transfer_in" && r.UserId == transfer.CounterpartyId && r.CounterpartyId == transfer.UserId && r.IdempotencyKey == transfer.IdempotencyKey);
            var refunded = rows.Count(r => r.Kind == "transfer_refund" && r.UserId == transfer.UserId && r.IdempotencyKey == transfer.IdempotencyKey);
            Assert.True(credited + refunded == 1, $"transfer {transfer} has {credited} credits and {refunded} refunds");
        }
        Assert.Equal(rows.Count(r => r.Kind == "transfer_out"), rows.Count(r => r.Kind is "transfer_in" or "transfer_refund"));
    }
}
