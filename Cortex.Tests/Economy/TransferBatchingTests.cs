using Cortex.Economy;
using Cortex.Economy.Admin;
using Cortex.Economy.Caching;
using Cortex.Economy.Results;
using Cortex.Economy.Transfers;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Economy;

/// <summary>
/// Transfers that arrive together share one round trip and one transaction (<see cref="TransferBatcher"/>), and each
/// keeps its own outcome. Calls are made to land in one batch by holding a row lock that the batch in flight needs: the
/// calls made meanwhile wait, and go together once it is released.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class TransferBatchingTests(CortexAppFixture fixture) : IAsyncLifetime
{
    /// <summary>What each funded member starts with.</summary>
    private const long Funds = 1_000;
    private readonly long _guild = TestIds.NewGuild();
    private EconomyTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await EconomyTestHost.StartAsync(fixture, "transferbatching");
        await FundAsync(900);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private TransferService Transfers => _host.Get<TransferService>();

    private TransferBatcher Batcher => _host.Get<TransferBatcher>();

    private async Task FundAsync(params long[] users)
    {
        foreach (var user in users)
        {
            Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, user, Funds, null, default)).Succeeded);
        }
    }

    private Task<long> BalanceAsync(long userId) =>
        _host.ScalarAsync<long>("SELECT coalesce((SELECT balance FROM economy.users WHERE guild_id = $1 AND user_id = $2), 0)", _guild, userId);

    private Task<long> TransfersInLedgerAsync() =>
        _host.ScalarAsync<long>("SELECT count(*) FROM economy.transactions WHERE guild_id = $1 AND type = 'transfer'", _guild);

    private Task<long> TransactionsOfAsync(IEnumerable<long> ledgerIds) =>
        _host.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM economy.transactions WHERE guild_id = $1 AND id = ANY($2)", _guild, ledgerIds.ToArray());

    private Task<decimal> GuildTotalAsync() =>
        _host.ScalarAsync<decimal>("SELECT sum(balance + bank) FROM economy.users WHERE guild_id = $1", _guild);

    /// <summary>Holds <paramref name="userId"/>'s row locked until disposed: a transfer touching it waits in PostgreSQL.</summary>
    private async Task<NpgsqlTransaction> LockAsync(long userId)
    {
        var connection = await _host.Database.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM economy.users WHERE guild_id = $1 AND user_id = $2 FOR UPDATE", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _guild });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        await command.ExecuteNonQueryAsync();
        return transaction;
    }

    private static async Task ReleaseAsync(NpgsqlTransaction held)
    {
        var connection = held.Connection!;
        await held.CommitAsync();
        await connection.DisposeAsync();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(10);
        }
    }

    private Task UntilWaitingAsync(int calls) => UntilAsync(() => Task.FromResult(Batcher.Waiting == calls), $"{calls} calls wait for the next batch");

    private Task UntilBlockedInPostgresAsync() => UntilAsync(
        async () => await _host.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%economy.transfer%'") > 0,
        "a batch waits on the held lock");

    /// <summary>A transfer from user 900 (funded for every test) goes out alone and waits on the held row; everything started meanwhile waits in the batcher.</summary>
    private async Task<(NpgsqlTransaction Held, Task<EconomyResult<TransferReceipt>> Blocked)> OccupyTheBatchAsync()
    {
        var held = await LockAsync(900);
        var blocked = Transfers.TransferAsync(new TransferRequest(_guild, 900, 901, 1, null), default);
        await UntilBlockedInPostgresAsync();
        return (held, blocked);
    }

    private async Task<EconomyResult<TransferReceipt>[]> InOneBatchAsync(params TransferRequest[] requests)
    {
        var (held, blocked) = await OccupyTheBatchAsync();
        var calls = requests.Select(request => Transfers.TransferAsync(request, default)).ToArray();
        await UntilWaitingAsync(requests.Length);
        await ReleaseAsync(held);
        Assert.True((await blocked).Succeeded);
        return await Task.WhenAll(calls);
    }

    [Fact]
    public async Task Transfers_that_arrive_while_a_batch_runs_go_together_in_one_transaction_each_with_its_own_receipt()
    {
        await FundAsync(1, 2, 3, 4, 5, 6);
        var total = await GuildTotalAsync();

        var results = await InOneBatchAsync(
            new TransferRequest(_guild, 1, 11, 100, null),
            new TransferRequest(_guild, 2, 12, 200, null),
            new TransferRequest(_guild, 3, 13, 300, "batch-" + Guid.NewGuid()),
            new TransferRequest(_guild, 4, 1, 400, null),
            new TransferRequest(_guild, 5, 6, 500, null),
            new TransferRequest(_guild, 6, 5, 50, null));

        // The calls' order inside the batch is the order they reached it; the receipts of distinct pairs do not depend on it.
        Assert.All(results, result => Assert.True(result.Succeeded));
        Assert.Equal([800L, 700], results[1..3].Select(result => result.Value!.FromBalance));
        Assert.Equal([200L, 300], results[1..3].Select(result => result.Value!.ToBalance));
        Assert.Equal(1, await TransactionsOfAsync(results.Select(result => result.Value!.TransactionId)));
        long[] users = [1, 2, 3, 4, 5, 6, 11, 12, 13];
        long[] expected = [1_300, 800, 700, 600, 550, 1_450, 100, 200, 300];
        Assert.Equal(expected, await Task.WhenAll(users.Select(BalanceAsync)));
        Assert.Equal(total, await GuildTotalAsync());
        // The batch's balances were stored in the cache after commit: reads are hits, and equal the database.
        using var hits = new MetricCounter(_host.Get<EconomyMetrics>(), "cortex.economy.cache.hits");
        foreach (var user in new long[] { 1, 2, 3, 4, 5, 6, 11, 12, 13 })
        {
            Assert.Equal(await BalanceAsync(user), (await _host.Get<BalanceCache>().GetAsync(_guild, user, default)).Balance);
        }

        Assert.Equal(9, hits.Value);
    }

    [Fact]
    public async Task Each_round_trip_records_how_many_transfers_it_carried()
    {
        await FundAsync(80, 81, 82);
        using var sizes = new MetricRecorder<int>(_host.Get<EconomyMetrics>(), "cortex.economy.transfer.batch.size");

        await InOneBatchAsync(
            new TransferRequest(_guild, 80, 83, 1, null),
            new TransferRequest(_guild, 81, 83, 1, null),
            new TransferRequest(_guild, 82, 83, 1, null));

        // The transfer that went out alone and held the batch, then the three that waited behind it, together.
        Assert.Equal([1, 3], sizes.Values);
    }

    [Fact]
    public async Task A_replay_inside_one_batch_reads_as_replayed_and_moves_money_once()
    {
        await FundAsync(20);
        var request = new TransferRequest(_guild, 20, 21, 70, "same-" + Guid.NewGuid());

        var results = await InOneBatchAsync(request, request, new TransferRequest(_guild, 20, 22, 5, null));

        Assert.All(results, result => Assert.True(result.Succeeded));
        var (first, replay) = results[1].Value!.Replayed ? (results[0].Value!, results[1].Value!) : (results[1].Value!, results[0].Value!);
        Assert.False(first.Replayed);
        Assert.Equal(first with { Replayed = true }, replay);
        Assert.Equal(1, await TransactionsOfAsync([first.TransactionId, results[2].Value!.TransactionId]));
        Assert.Equal(Funds - 75, await BalanceAsync(20));
        Assert.Equal(70, await BalanceAsync(21));
    }

    [Fact]
    public async Task Insufficient_funds_refuses_only_that_transfer_of_the_batch()
    {
        await FundAsync(30, 31);

        var results = await InOneBatchAsync(
            new TransferRequest(_guild, 30, 32, 10, null),
            new TransferRequest(_guild, 31, 33, Funds + 1, null),
            new TransferRequest(_guild, 31, 34, Funds, null));

        Assert.True(results[0].Succeeded && results[2].Succeeded);
        Assert.Equal(EconomyErrorCode.InsufficientFunds, results[1].Error?.Code);
        Assert.Equal(1, await TransactionsOfAsync([results[0].Value!.TransactionId, results[2].Value!.TransactionId]));
        Assert.Equal((Funds - 10, 0L), (await BalanceAsync(30), await BalanceAsync(31)));
        Assert.Equal(0, await BalanceAsync(33));
    }

    [Fact]
    public async Task An_overflow_refuses_only_that_transfer_and_the_rest_of_its_batch_applies_once()
    {
        await FundAsync(40, 41, 42);
        await _host.ExecuteAsync("INSERT INTO economy.users (guild_id, user_id, balance) VALUES ($1, 43, $2)", _guild, long.MaxValue - 10);
        var total = await GuildTotalAsync();
        var ledger = await TransfersInLedgerAsync();

        var results = await InOneBatchAsync(
            new TransferRequest(_guild, 40, 44, 10, null),
            new TransferRequest(_guild, 41, 43, 50, null),
            new TransferRequest(_guild, 42, 45, 20, "after-" + Guid.NewGuid()));

        // The overflow rolled the shared transaction back; each call was sent again on its own, exactly once.
        Assert.Equal(EconomyErrorCode.WouldOverflow, results[1].Error?.Code);
        Assert.True(results[0].Succeeded && results[2].Succeeded);
        Assert.Equal(ledger + 3, await TransfersInLedgerAsync()); // two here, and the transfer that held the batch
        Assert.Equal((Funds - 10, Funds, Funds - 20), (await BalanceAsync(40), await BalanceAsync(41), await BalanceAsync(42)));
        Assert.Equal((10L, 20L), (await BalanceAsync(44), await BalanceAsync(45)));
        Assert.Equal(total, await GuildTotalAsync());
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_its_transfer_waits_is_never_sent_and_the_others_are()
    {
        await FundAsync(50, 51);
        var (held, blocked) = await OccupyTheBatchAsync();
        using var giveUp = new CancellationTokenSource();
        var abandoned = Transfers.TransferAsync(new TransferRequest(_guild, 50, 52, 10, null), giveUp.Token);
        var kept = Transfers.TransferAsync(new TransferRequest(_guild, 51, 53, 10, null), default);
        await UntilWaitingAsync(2);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await ReleaseAsync(held);

        Assert.True((await blocked).Succeeded);
        Assert.True((await kept).Succeeded);
        Assert.Equal(Funds, await BalanceAsync(50));
        Assert.Equal(0, await BalanceAsync(52));
        Assert.Equal(10, await BalanceAsync(53));
    }

    [Fact]
    public async Task A_caller_that_gives_up_after_its_batch_went_out_cancels_nobody_else()
    {
        await FundAsync(60, 61, 62);
        var secondLock = await LockAsync(62);
        var (held, blocked) = await OccupyTheBatchAsync();
        using var giveUp = new CancellationTokenSource();
        var abandoned = Transfers.TransferAsync(new TransferRequest(_guild, 60, 63, 10, null), giveUp.Token);
        var kept = Transfers.TransferAsync(new TransferRequest(_guild, 61, 62, 10, null), default);
        await UntilWaitingAsync(2);
        await ReleaseAsync(held);
        Assert.True((await blocked).Succeeded);
        await UntilBlockedInPostgresAsync(); // the second batch (both calls) is out, waiting on user 62's row

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await ReleaseAsync(secondLock);

        Assert.True((await kept).Succeeded);
        // The abandoned call was already sent: it applied with its batch, and its balance reached the cache with the
        // batch's (stored before any caller of the batch is answered).
        Assert.Equal((Funds - 10, 10L), (await BalanceAsync(60), await BalanceAsync(63)));
        using var hits = new MetricCounter(_host.Get<EconomyMetrics>(), "cortex.economy.cache.hits");
        Assert.Equal(10, (await _host.Get<BalanceCache>().GetAsync(_guild, 63, default)).Balance);
        Assert.Equal(1, hits.Value);
    }

    [Fact]
    public async Task A_batch_whose_server_connection_is_terminated_is_sent_again_call_by_call_and_applies_once()
    {
        await FundAsync(70, 71, 72);
        var total = await GuildTotalAsync();
        var ledger = await TransfersInLedgerAsync();
        var secondLock = await LockAsync(72);
        var (held, blocked) = await OccupyTheBatchAsync();
        var keyed = Transfers.TransferAsync(new TransferRequest(_guild, 70, 72, 10, "terminated-" + Guid.NewGuid()), default);
        var unkeyed = Transfers.TransferAsync(new TransferRequest(_guild, 71, 72, 20, null), default);
        await UntilWaitingAsync(2);
        await ReleaseAsync(held);
        Assert.True((await blocked).Succeeded);
        await UntilBlockedInPostgresAsync();

        // The server ends the batch's backend (57P01, as in a restart): it said the statement failed, so nothing applied.
        await _host.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%economy.transfer%'");
        await ReleaseAsync(secondLock);

        Assert.True((await keyed).Succeeded);
        Assert.True((await unkeyed).Succeeded);
        Assert.Equal(ledger + 3, await TransfersInLedgerAsync());
        Assert.Equal(30, await BalanceAsync(72) - Funds);
        Assert.Equal(total, await GuildTotalAsync());
    }

    [Fact]
    public void After_a_lost_connection_only_the_keyed_calls_of_a_batch_are_sent_again()
    {
        // No answer from the server: the batch may have committed. A key turns a second run into a replay; without one
        // a second run could pay twice, so that caller sees the failure, as it would for a transfer sent alone.
        var lost = new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer"));
        var now = DateTimeOffset.UtcNow;

        Assert.True(TransferDatabase.MayRunAgain(new PendingTransfer(new TransferRequest(_guild, 1, 2, 3, "key"), "0", now), lost));
        Assert.False(TransferDatabase.MayRunAgain(new PendingTransfer(new TransferRequest(_guild, 1, 2, 3, null), "0", now), lost));
        Assert.False(TransferDatabase.MayRunAgain(new PendingTransfer(new TransferRequest(_guild, 1, 2, 3, null), "0", now), new InvalidOperationException()));
    }
}
