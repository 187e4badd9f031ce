using Cortex.Economy.Admin;
using Cortex.Economy.Results;
using Cortex.Economy.Transfers;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Cortex.Tests.Economy;

/// <summary>The ledger split by month (migration 0121) with its keys unique across months (0120).</summary>
[Collection(CortexAppCollection.Name)]
public sealed class LedgerPartitionTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset January = new(2031, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(January);
    private readonly long _guild = TestIds.NewGuild();
    private EconomyTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await EconomyTestHost.StartAsync(fixture, "partitions", timeProvider: _time);
        await _host.ScalarAsync<long>("SELECT count(*) FROM economy.ensure_ledger_partitions($1, 1)", January);
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, 10, 1_000, null, default)).Succeeded);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<string> PartitionOfKeyAsync(string key) =>
        _host.ScalarAsync<string>("SELECT tableoid::regclass::text FROM economy.transactions WHERE idempotency_key = $1", key);

    [Fact]
    public async Task A_key_retried_in_a_later_month_returns_the_first_receipt_and_moves_money_once()
    {
        var request = new TransferRequest(_guild, 10, 11, 100, "partitions-retry");
        var first = await _host.Get<TransferService>().TransferAsync(request, default);
        _time.SetUtcNow(January.AddMonths(1));

        var retried = await _host.Get<TransferService>().TransferAsync(request, default);
        var reused = await _host.Get<TransferService>().TransferAsync(request with { Amount = 50 }, default);

        Assert.True(first.Succeeded);
        Assert.Equal(first.Value! with { Replayed = true }, retried.Value);
        Assert.Equal(EconomyErrorCode.IdempotencyKeyReused, reused.Error?.Code);
        Assert.Equal("economy.transactions_2031_01", await PartitionOfKeyAsync(request.IdempotencyKey!));
        Assert.Equal(900L, await _host.ScalarAsync<long>("SELECT balance FROM economy.users WHERE guild_id = $1 AND user_id = 10", _guild));
        Assert.Equal(1L, await _host.ScalarAsync<long>("SELECT count(*) FROM economy.transactions WHERE guild_id = $1 AND type = 'transfer'", _guild));
    }

    [Fact]
    public async Task A_ledger_row_reusing_a_key_of_another_month_is_refused_by_the_database()
    {
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, 12, 5, "partitions-minted", default)).Succeeded);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => _host.ExecuteAsync("""
            INSERT INTO economy.transactions (guild_id, to_user_id, amount, type, actor_id, idempotency_key, to_balance_after, created_at)
            VALUES ($1, 12, 5, 'admin_add', 1, 'partitions-minted', 10, $2)
            """, _guild, January.AddMonths(1)));

        Assert.Equal((PostgresErrorCodes.UniqueViolation, "pk_economy_idempotency_keys"), (refused.SqlState, refused.ConstraintName));
        Assert.Equal("economy.transactions_2031_01", await PartitionOfKeyAsync("partitions-minted"));
        Assert.Equal(0L, await _host.ScalarAsync<long>("SELECT count(*) FROM economy.transactions_2031_02 WHERE guild_id = $1", _guild));
    }

    [Fact]
    public async Task A_partition_is_append_only_like_the_ledger()
    {
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, 13, 5, "partitions-kept", default)).Succeeded);

        await Assert.ThrowsAsync<PostgresException>(() => _host.ExecuteAsync("UPDATE economy.transactions_2031_01 SET amount = 7 WHERE guild_id = $1", _guild));
        await Assert.ThrowsAsync<PostgresException>(() => _host.ExecuteAsync("DELETE FROM economy.transactions_2031_01 WHERE guild_id = $1", _guild));
        await Assert.ThrowsAsync<PostgresException>(() => _host.ExecuteAsync("TRUNCATE economy.transactions_2031_01 CASCADE"));
        await Assert.ThrowsAsync<PostgresException>(() => _host.ExecuteAsync("DELETE FROM economy.idempotency_keys WHERE key = 'partitions-kept'"));

        Assert.Equal(2L, await _host.ScalarAsync<long>("SELECT count(*) FROM economy.transactions_2031_01 WHERE guild_id = $1", _guild));
    }

    [Fact]
    public async Task The_service_role_creates_coming_months_and_nothing_else()
    {
        await using var service = NpgsqlDataSource.Create(_host.DatabaseConnectionString);
        await using var ensure = service.CreateCommand("SELECT count(*) FROM economy.ensure_ledger_partitions($1, 2)");
        ensure.Parameters.Add(new NpgsqlParameter { Value = new DateTimeOffset(2032, 6, 10, 0, 0, 0, TimeSpan.Zero) });
        await ensure.ExecuteScalarAsync();
        await using var create = service.CreateCommand("CREATE TABLE economy.transactions_2033_01 PARTITION OF economy.transactions FOR VALUES FROM ('2033-01-01') TO ('2033-02-01')");

        await Assert.ThrowsAsync<PostgresException>(() => create.ExecuteNonQueryAsync());
        Assert.Equal(3L, await _host.ScalarAsync<long>(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'economy.transactions'::regclass AND inhrelid::regclass::text IN ('economy.transactions_2032_06', 'economy.transactions_2032_07', 'economy.transactions_2032_08')"));
    }
}
