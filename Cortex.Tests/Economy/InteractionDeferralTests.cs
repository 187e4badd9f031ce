using Cortex.Commands;
using Cortex.Economy.Admin;
using Cortex.Tests.Hosting;
using static Cortex.Tests.Economy.InteractionPayloads;

namespace Cortex.Tests.Economy;

/// <summary>
/// Discord drops an interaction not acknowledged within 3 s of its creation. A command still running
/// at 2 s (here: its payer's row locked by another transaction) is deferred, then finished by editing
/// the original response; a reply Discord no longer accepts is not retried.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class InteractionDeferralTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Contention = TimeSpan.FromSeconds(3.5);
    private readonly long _guild = TestIds.NewGuild();
    private InteractionsHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await InteractionsHarness.StartAsync(fixture);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_command_still_running_as_the_window_closes_is_deferred_then_finished_by_editing_the_original()
    {
        await FundAsync(10, 100);
        var id = NewId();

        var locked = await HoldAccountAsync(10);
        await _harness.AddAsync(Command(_guild, 10, EconomyCommandList.Pay, [User(11), Amount(25)], id: id), id);
        var deferral = await _harness.NextCallAsync();
        var edit = await _harness.NextCallAsync();
        await locked;

        Assert.EndsWith("/callback", deferral.Path, StringComparison.Ordinal);
        Assert.Equal(5, deferral.Body.GetProperty("type").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Undefined, deferral.Body.TryGetProperty("data", out var data) ? data.ValueKind : default);
        Assert.Equal("PATCH", edit.Method);
        Assert.EndsWith("/messages/@original", edit.Path, StringComparison.Ordinal);
        Assert.Contains("paid <@11> **25**", edit.Body.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(75, await _harness.BalanceAsync(_guild, 10));
    }

    [Fact]
    public async Task A_private_answer_after_a_public_deferral_is_a_private_follow_up_and_the_public_one_goes()
    {
        await FundAsync(20, 5);
        var id = NewId();

        var locked = await HoldAccountAsync(20);
        await _harness.AddAsync(Command(_guild, 20, EconomyCommandList.Pay, [User(21), Amount(25)], id: id), id);
        var deferral = await _harness.NextCallAsync();
        var followUp = await _harness.NextCallAsync();
        var delete = await _harness.NextCallAsync();
        await locked;

        Assert.Equal(5, deferral.Body.GetProperty("type").GetInt32());
        Assert.Equal("POST", followUp.Method);
        Assert.Matches("/webhooks/1/token-[0-9a-f]+$", followUp.Path);
        Assert.Equal(64, followUp.Body.GetProperty("flags").GetInt32());
        Assert.Equal(("DELETE", true), (delete.Method, delete.Path.EndsWith("/messages/@original", StringComparison.Ordinal)));
        Assert.Equal(5, await _harness.BalanceAsync(_guild, 20));
    }

    [Fact]
    public async Task A_private_command_already_late_is_deferred_ephemerally_at_once()
    {
        var id = NewId(age: TimeSpan.FromSeconds(2.5));

        await _harness.AddAsync(Command(_guild, 30, EconomyCommandList.Balance, id: id), id);
        var deferral = await _harness.NextCallAsync();
        var edit = await _harness.NextCallAsync();

        Assert.Equal(5, deferral.Body.GetProperty("type").GetInt32());
        Assert.Equal(64, deferral.Body.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal("PATCH", edit.Method);
        Assert.Contains("coins in the wallet", edit.Body.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interaction_Discord_no_longer_knows_is_acknowledged_without_retrying_and_its_effect_stands()
    {
        await FundAsync(40, 100);
        var id = NewId();
        var token = "token-expired-" + Guid.NewGuid().ToString("N")[..8];
        _harness.Expired[token] = true;

        await _harness.AddAsync(Command(_guild, 40, EconomyCommandList.Pay, [User(41), Amount(10)], id: id, token: token), id);
        await InteractionsHarness.WaitUntilAsync(async () => await _harness.BalanceAsync(_guild, 41) == 10);
        await InteractionsHarness.WaitUntilAsync(_harness.NothingPendingAsync);

        Assert.Equal(90, await _harness.BalanceAsync(_guild, 40));
        var failures = await _harness.Redis.StreamPendingMessagesAsync(_harness.Stream, "economy", 10, StackExchange.Redis.RedisValue.Null);
        Assert.Empty(failures);
        Assert.Equal(0, await _harness.Redis.StreamLengthAsync(_harness.Stream + ":dead"));
    }

    private async Task FundAsync(long userId, long amount) =>
        Assert.True((await _harness.Host.Get<AdminService>().AddAsync(_guild, 1, userId, amount, null, default)).Succeeded);

    /// <summary>Locks the member's row in another transaction (the command then waits for it); the task releases it later.</summary>
    private async Task<Task> HoldAccountAsync(long userId)
    {
        var connection = await _harness.Host.Database.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand("SELECT 1 FROM economy.users WHERE guild_id = $1 AND user_id = $2 FOR UPDATE", connection, transaction))
        {
            command.Parameters.Add(new() { Value = _guild });
            command.Parameters.Add(new() { Value = userId });
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }

        return ReleaseLaterAsync();

        async Task ReleaseLaterAsync()
        {
            await Task.Delay(Contention);
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
