using Cortex.Economy.Admin;
using Cortex.Economy.Ledger;
using Cortex.Economy.Results;
using Cortex.Economy.Transfers;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Economy;

[Collection(CortexAppCollection.Name)]
public sealed class TransferTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private EconomyTestHost _host = null!;
    private readonly long _guild = TestIds.NewGuild();

    public async Task InitializeAsync() => _host = await EconomyTestHost.StartAsync(fixture, "transfers");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private TransferService Transfers => _host.Get<TransferService>();

    private async Task FundAsync(long userId, long amount) =>
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, userId, amount, null, default)).Succeeded);

    private Task<long> BalanceAsync(long userId) =>
        _host.ScalarAsync<long>("SELECT coalesce((SELECT balance FROM economy.users WHERE guild_id = $1 AND user_id = $2), 0)", _guild, userId);

    private Task<long> LedgerRowsAsync() =>
        _host.ScalarAsync<long>("SELECT count(*) FROM economy.transactions WHERE guild_id = $1", _guild);

    [Fact]
    public async Task Transfer_moves_money_and_writes_one_ledger_row()
    {
        await FundAsync(10, 500);

        var result = await Transfers.TransferAsync(new TransferRequest(_guild, 10, 11, 200, null), default);

        Assert.True(result.Succeeded);
        Assert.Equal(300, result.Value.FromBalance);
        Assert.Equal(200, result.Value.ToBalance);
        Assert.Equal(300, await BalanceAsync(10));
        Assert.Equal(200, await BalanceAsync(11));
        var entry = Assert.Single(await _host.Get<LedgerStore>().HistoryAsync(_guild, 11, 10, null, default));
        Assert.Equal((TransactionType.Transfer, 10L, 11L, 200L), (entry.Type, entry.FromUserId!.Value, entry.ToUserId!.Value, entry.Amount));
    }

    [Fact]
    public async Task Transfer_beyond_the_balance_is_refused_and_writes_nothing()
    {
        await FundAsync(20, 100);
        var rowsBefore = await LedgerRowsAsync();

        var result = await Transfers.TransferAsync(new TransferRequest(_guild, 20, 21, 101, null), default);

        Assert.Equal(EconomyErrorCode.InsufficientFunds, result.Error?.Code);
        Assert.Equal(100, await BalanceAsync(20));
        Assert.Equal(0, await _host.ScalarAsync<long>("SELECT count(*) FROM economy.users WHERE guild_id = $1 AND user_id = 21", _guild));
        Assert.Equal(rowsBefore, await LedgerRowsAsync());
    }

    [Fact]
    public async Task Transfer_from_a_user_with_no_account_is_refused()
    {
        var result = await Transfers.TransferAsync(new TransferRequest(_guild, 9_999, 21, 1, null), default);

        Assert.Equal(EconomyErrorCode.InsufficientFunds, result.Error?.Code);
    }

    [Fact]
    public async Task Transfer_to_oneself_is_refused_and_writes_nothing()
    {
        await FundAsync(30, 100);
        var rowsBefore = await LedgerRowsAsync();

        var result = await Transfers.TransferAsync(new TransferRequest(_guild, 30, 30, 10, null), default);

        Assert.Equal(EconomyErrorCode.SelfTransfer, result.Error?.Code);
        Assert.Equal(100, await BalanceAsync(30));
        Assert.Equal(rowsBefore, await LedgerRowsAsync());
    }

    [Fact]
    public async Task The_ledger_refuses_a_self_transfer_that_bypasses_the_service()
    {
        await FundAsync(31, 100);

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _host.ExecuteAsync("SELECT * FROM economy.transfer($1, 31, 31, 10, NULL, now())", _guild));

        Assert.Equal("ck_transactions_transfer_distinct", error.ConstraintName);
        Assert.Equal(100, await BalanceAsync(31));
    }

    [Fact]
    public async Task The_ledger_is_append_only()
    {
        await FundAsync(32, 5);

        await Assert.ThrowsAsync<PostgresException>(() => _host.ExecuteAsync("UPDATE economy.transactions SET amount = 1000 WHERE guild_id = $1", _guild));
        await Assert.ThrowsAsync<PostgresException>(() => _host.ExecuteAsync("DELETE FROM economy.transactions WHERE guild_id = $1", _guild));
        await Assert.ThrowsAsync<PostgresException>(() => _host.ExecuteAsync("TRUNCATE economy.transactions"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(Validate.MaxAmount + 1)]
    public async Task Zero_negative_and_oversized_amounts_are_refused(long amount)
    {
        await FundAsync(40, 100);
        var rowsBefore = await LedgerRowsAsync();

        var result = await Transfers.TransferAsync(new TransferRequest(_guild, 40, 41, amount, null), default);

        Assert.Equal(EconomyErrorCode.InvalidAmount, result.Error?.Code);
        Assert.Equal(rowsBefore, await LedgerRowsAsync());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(1, 0)]
    [InlineData(1, -1)]
    public async Task Malformed_ids_are_refused(long from, long to)
    {
        var result = await Transfers.TransferAsync(new TransferRequest(_guild, from, to, 1, null), default);

        Assert.Equal(EconomyErrorCode.InvalidId, result.Error?.Code);
    }

    [Fact]
    public async Task A_credit_that_would_overflow_the_recipient_is_refused_and_writes_nothing()
    {
        await FundAsync(50, 100);
        await _host.ExecuteAsync("INSERT INTO economy.users (guild_id, user_id, balance) VALUES ($1, 51, $2)", _guild, long.MaxValue - 10);
        var rowsBefore = await LedgerRowsAsync();

        var result = await Transfers.TransferAsync(new TransferRequest(_guild, 50, 51, 50, null), default);

        Assert.Equal(EconomyErrorCode.WouldOverflow, result.Error?.Code);
        Assert.Equal(100, await BalanceAsync(50));
        Assert.Equal(long.MaxValue - 10, await BalanceAsync(51));
        Assert.Equal(rowsBefore, await LedgerRowsAsync());
    }

    [Fact]
    public async Task A_retried_transfer_applies_once_and_returns_the_first_result()
    {
        await FundAsync(60, 1_000);
        var request = new TransferRequest(_guild, 60, 61, 300, "retry-" + Guid.NewGuid());

        var first = await Transfers.TransferAsync(request, default);
        await Transfers.TransferAsync(new TransferRequest(_guild, 60, 61, 100, null), default);
        var retried = await Transfers.TransferAsync(request, default);

        Assert.True(first.Succeeded && retried.Succeeded);
        Assert.False(first.Value.Replayed);
        Assert.True(retried.Value.Replayed);
        Assert.Equal(first.Value with { Replayed = true }, retried.Value);
        Assert.Equal(600, await BalanceAsync(60));
        Assert.Equal(400, await BalanceAsync(61));
    }

    [Fact]
    public async Task The_same_key_with_different_parameters_is_refused()
    {
        await FundAsync(70, 1_000);
        var key = "reuse-" + Guid.NewGuid();
        Assert.True((await Transfers.TransferAsync(new TransferRequest(_guild, 70, 71, 10, key), default)).Succeeded);

        var otherAmount = await Transfers.TransferAsync(new TransferRequest(_guild, 70, 71, 11, key), default);
        var otherRecipient = await Transfers.TransferAsync(new TransferRequest(_guild, 70, 72, 10, key), default);

        Assert.Equal(EconomyErrorCode.IdempotencyKeyReused, otherAmount.Error?.Code);
        Assert.Equal(EconomyErrorCode.IdempotencyKeyReused, otherRecipient.Error?.Code);
        Assert.Equal(990, await BalanceAsync(70));
    }

    [Fact]
    public async Task Simultaneous_retries_with_one_key_apply_once()
    {
        await FundAsync(80, 1_000);
        var request = new TransferRequest(_guild, 80, 81, 100, "burst-" + Guid.NewGuid());

        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => Transfers.TransferAsync(request, default))));

        Assert.All(results, result => Assert.True(result.Succeeded));
        Assert.Single(results, result => !result.Value!.Replayed);
        Assert.Single(results.Select(result => result.Value!.TransactionId).Distinct());
        Assert.Equal(900, await BalanceAsync(80));
        Assert.Equal(100, await BalanceAsync(81));
    }
}
