using Cortex.Commands;
using Cortex.Economy.Admin;
using Cortex.Tests.Hosting;
using StackExchange.Redis;
using static Cortex.Tests.Economy.InteractionPayloads;

namespace Cortex.Tests.Economy;

/// <summary>
/// The consumer group on a stream of the test's own, answering through the REST client to a local
/// endpoint that records Discord's callback requests (<see cref="InteractionsHarness"/>).
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class InteractionConsumerTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly long _guild = TestIds.NewGuild();
    private InteractionsHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await InteractionsHarness.StartAsync(fixture);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_pay_command_from_the_stream_is_answered_through_the_callback_and_acknowledged()
    {
        Assert.True((await _harness.Host.Get<AdminService>().AddAsync(_guild, 1, 10, 100, null, default)).Succeeded);
        var id = NewId();

        await _harness.AddAsync(Command(_guild, 10, EconomyCommandList.Pay, [User(11), Amount(25)], id: id), id);
        var (method, path, body) = await _harness.NextCallAsync();

        Assert.Equal("POST", method);
        Assert.StartsWith($"/api/v10/interactions/{id}/token-", path, StringComparison.Ordinal);
        Assert.EndsWith("/callback", path, StringComparison.Ordinal);
        Assert.Equal(4, body.GetProperty("type").GetInt32());
        Assert.Contains("paid <@11> **25**", body.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.False(body.GetProperty("data").TryGetProperty("flags", out _));
        Assert.Equal(75, await _harness.BalanceAsync(_guild, 10));
        await InteractionsHarness.WaitUntilAsync(_harness.NothingPendingAsync);
    }

    [Fact]
    public async Task An_error_is_answered_ephemerally()
    {
        var id = NewId();

        await _harness.AddAsync(Command(_guild, 20, EconomyCommandList.Withdraw, [Amount(5)], id: id), id);
        var (_, _, body) = await _harness.NextCallAsync();

        Assert.Equal(64, body.GetProperty("data").GetProperty("flags").GetInt32());
    }

    [Fact]
    public async Task A_redelivered_interaction_is_answered_once_and_pays_once()
    {
        Assert.True((await _harness.Host.Get<AdminService>().AddAsync(_guild, 1, 30, 100, null, default)).Succeeded);
        var id = NewId();
        var interaction = Command(_guild, 30, EconomyCommandList.Pay, [User(31), Amount(10)], id: id);

        await _harness.AddAsync(interaction, id);
        await _harness.NextCallAsync();
        await _harness.AddAsync(interaction, id);
        await Task.Delay(1_000);

        Assert.Empty(_harness.Calls);
        Assert.Equal(90, await _harness.BalanceAsync(_guild, 30));
    }

    [Fact]
    public async Task A_late_redelivery_of_an_interaction_another_replica_deferred_finishes_its_reply()
    {
        // A replica deferred /pay and was killed before editing the reply; the entry reaches another replica past Discord's
        // window, so that one wants to defer too, and Discord says the interaction is already acknowledged.
        Assert.True((await _harness.Host.Get<AdminService>().AddAsync(_guild, 1, 60, 100, null, default)).Succeeded);
        var id = NewId(age: TimeSpan.FromSeconds(10));
        _harness.AlreadyAcknowledged[id] = true;

        await _harness.AddAsync(Command(_guild, 60, EconomyCommandList.Pay, [User(61), Amount(12)], id: id), id);
        await InteractionsHarness.WaitUntilAsync(() => Task.FromResult(_harness.Calls.Any(call => call.Method == "PATCH")));
        await InteractionsHarness.WaitUntilAsync(_harness.NothingPendingAsync);

        var edit = Assert.Single(_harness.Calls, call => call.Method == "PATCH");
        Assert.EndsWith("/messages/@original", edit.Path, StringComparison.Ordinal);
        Assert.Contains("paid <@61> **12**", edit.Body.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(88, await _harness.BalanceAsync(_guild, 60));
    }

    [Fact]
    public async Task An_entry_left_pending_by_a_crashed_consumer_is_reclaimed_and_handled()
    {
        Assert.True((await _harness.Host.Get<AdminService>().AddAsync(_guild, 1, 40, 100, null, default)).Succeeded);
        var id = NewId();
        // A "crashed" consumer takes the entry and never acknowledges it. Adding and taking happen in
        // one script, so our consumer cannot read it first: it can only reclaim it.
        var interaction = Command(_guild, 40, EconomyCommandList.Pay, [User(41), Amount(7)], id: id);
        var entry = (string)(await _harness.Redis.ScriptEvaluateAsync("""
            local id = redis.call('XADD', KEYS[1], '*', 't', 'INTERACTION_CREATE', 'id', ARGV[1], 'd', ARGV[2])
            redis.call('XREADGROUP', 'GROUP', 'economy', 'crashed-consumer', 'COUNT', '100', 'STREAMS', KEYS[1], '>')
            return id
            """, [_harness.Stream], [id, interaction]))!;

        var (_, path, _) = await _harness.NextCallAsync();

        Assert.Contains(id, path, StringComparison.Ordinal);
        Assert.Equal(93, await _harness.BalanceAsync(_guild, 40));
        await InteractionsHarness.WaitUntilAsync(async () => (await _harness.Redis.StreamPendingMessagesAsync(_harness.Stream, "economy", 10, RedisValue.Null))
            .All(pending => pending.MessageId.ToString() != entry));
    }

    [Fact]
    public async Task Other_services_commands_and_garbage_are_acknowledged_without_an_answer()
    {
        var otherId = NewId();
        await _harness.AddAsync(Command(_guild, 50, "ask", id: otherId), otherId);
        await _harness.AddAsync("{not json", NewId());

        await InteractionsHarness.WaitUntilAsync(_harness.NothingPendingAsync);
        await Task.Delay(300);

        Assert.Empty(_harness.Calls);
    }
}
