using Cortex.Economy.Admin;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Economy;

/// <summary>
/// <c>economy.transfer_many</c> (migration 0122), the batcher's statement, against <c>economy.transfer</c> called once per
/// call: the same random sequences run through both, in two guilds of one database, as the economy's own role, and every
/// outcome, account row and ledger row must come out the same.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class TransferManyTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private EconomyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EconomyTestHost.StartAsync(fixture, "transfermany");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The service's data source: the economy role, with only the grants of <c>ServiceRoles/economy.sql</c>.</summary>
    private NpgsqlDataSource Service => _host.Get<NpgsqlDataSource>();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_random_sequence_applied_in_batches_ends_exactly_as_applied_call_by_call(int seed)
    {
        var (alone, batched) = (TestIds.NewGuild(), TestIds.NewGuild());
        await FundAsync(alone, batched);
        var calls = TransferSequence.Generate(seed, 600, new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

        var outcomesAlone = new List<object?[]>();
        foreach (var call in calls)
        {
            outcomesAlone.AddRange(await TransferAsync(alone, [call], many: false));
        }

        var outcomesBatched = new List<object?[]>();
        foreach (var batch in TransferSequence.Batches(calls, seed, largest: 40))
        {
            outcomesBatched.AddRange(await TransferAsync(batched, batch, many: true));
        }

        var kinds = outcomesAlone.GroupBy(outcome => (string)outcome[0]!).ToDictionary(group => group.Key, group => group.Count());
        Assert.All(new[] { "applied", "replayed", "key_conflict", "insufficient_funds" }, kind => Assert.True(kinds.GetValueOrDefault(kind) > 5, kind));
        Assert.Equal(await ReadableAsync(alone, outcomesAlone), await ReadableAsync(batched, outcomesBatched));
        Assert.Equal(await RowsAsync(AccountsSql, alone), await RowsAsync(AccountsSql, batched));
        Assert.Equal(await RowsAsync(LedgerSql, alone), await RowsAsync(LedgerSql, batched));
        Assert.Equal(
            await _host.ScalarAsync<decimal>("SELECT sum(total) FROM economy.ledger_totals WHERE guild_id = $1", batched),
            await _host.ScalarAsync<decimal>("SELECT sum(balance) FROM economy.users WHERE guild_id = $1", batched));
    }

    [Theory]
    [InlineData(1, 1, 0L, null)] // an amount that is not positive
    [InlineData(1, 2, 10L, null)] // a self-transfer the sender could pay
    [InlineData(1, 3, 10L, "too-long")] // a key over 200 characters
    public async Task A_call_that_raises_alone_makes_its_whole_batch_raise_and_change_nothing(int from, int toOffset, long amount, string? key)
    {
        var guild = TestIds.NewGuild();
        await FundAsync(guild);
        var accounts = await RowsAsync(AccountsSql, guild);
        var now = DateTimeOffset.UtcNow;
        var bad = new TransferCall(from, toOffset == 2 ? from : from + toOffset, amount, key is null ? null : new string('k', 201), now);

        await Assert.ThrowsAsync<PostgresException>(() => TransferAsync(guild, [bad], many: false));
        await Assert.ThrowsAsync<PostgresException>(() => TransferAsync(guild, [new TransferCall(2, 3, 5, null, now), bad, new TransferCall(4, 9, 5, "fine", now)], many: true));

        Assert.Equal(accounts, await RowsAsync(AccountsSql, guild));
        Assert.Equal(0, await _host.ScalarAsync<long>("SELECT count(*) FROM economy.transactions WHERE guild_id = $1 AND type = 'transfer'", guild));
    }

    [Fact]
    public async Task Batches_and_single_calls_over_the_same_accounts_queue_up_without_deadlocks_and_conserve_money()
    {
        var guild = TestIds.NewGuild();
        await FundAsync(guild);
        var total = await _host.ScalarAsync<decimal>("SELECT sum(balance) FROM economy.users WHERE guild_id = $1", guild);

        // Only funded users: every account exists, so the only waits are the row locks this is about.
        var workers = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var round = 0; round < 40; round++)
            {
                var calls = Enumerable.Range(0, worker % 2 == 0 ? random.Next(2, 20) : 1).Select(_ =>
                {
                    var from = random.Next(1, TransferSequence.Funded + 1);
                    var to = random.Next(1, TransferSequence.Funded);
                    return new TransferCall(from, to + (to >= from ? 1 : 0), random.Next(1, 200), null, DateTimeOffset.UtcNow);
                }).ToList();
                await TransferAsync(guild, calls, many: worker % 2 == 0);
            }
        }));
        await Task.WhenAll(workers);

        Assert.Equal(total, await _host.ScalarAsync<decimal>("SELECT sum(balance) FROM economy.users WHERE guild_id = $1", guild));
        // Every wallet is what its ledger rows add up to (the banks were set outside the ledger, so they are left out).
        Assert.Equal(0, await _host.ScalarAsync<long>(
            "SELECT count(*) FROM economy.users u FULL JOIN economy.ledger_totals l USING (guild_id, user_id) WHERE coalesce(u.guild_id, l.guild_id) = $1 AND u.balance IS DISTINCT FROM l.total",
            guild));
    }

    private const string AccountsSql =
        "SELECT user_id, balance, bank, xp, version, updated_at, xp_granted_at, active FROM economy.users WHERE guild_id = $1 ORDER BY user_id";

    /// <summary>The transfers in the ledger in id order with ids left out (the two guilds' ids interleave); keys without their guild prefix.</summary>
    private const string LedgerSql = """
        SELECT t.from_user_id, t.to_user_id, t.amount, t.type, t.actor_id, split_part(t.idempotency_key, ':', 2),
               t.from_balance_after, t.to_balance_after, t.created_at, split_part(k.key, ':', 2)
        FROM economy.transactions t LEFT JOIN economy.idempotency_keys k ON k.transaction_id = t.id AND k.created_at = t.created_at
        WHERE t.guild_id = $1 AND t.type = 'transfer' ORDER BY t.id
        """;

    /// <summary>Users 1..<see cref="TransferSequence.Funded"/> funded through the admin path, with a bank of their own.</summary>
    private async Task FundAsync(params long[] guilds)
    {
        foreach (var guild in guilds)
        {
            for (var user = 1; user <= TransferSequence.Funded; user++)
            {
                Assert.True((await _host.Get<AdminService>().AddAsync(guild, 1, user, 100 * user, null, default)).Succeeded);
            }

            await _host.ExecuteAsync("UPDATE economy.users SET bank = user_id * 7 WHERE guild_id = $1", guild);
        }
    }

    /// <summary>The calls through <c>economy.transfer_many</c> in one statement, or one <c>economy.transfer</c> each; keys carry the guild, as keys are global.</summary>
    private async Task<List<object?[]>> TransferAsync(long guild, List<TransferCall> calls, bool many)
    {
        await using var command = Service.CreateCommand(many
            ? "SELECT * FROM economy.transfer_many($1, $2, $3, $4, $5, $6)"
            : "SELECT * FROM economy.transfer($1, $2, $3, $4, $5, $6)");
        object Values<T>(Func<TransferCall, T> value) => many ? (object)calls.Select(value).ToArray() : value(calls.Single())!;
        command.Parameters.Add(new NpgsqlParameter { Value = Values(_ => guild) });
        command.Parameters.Add(new NpgsqlParameter { Value = Values(call => call.From) });
        command.Parameters.Add(new NpgsqlParameter { Value = Values(call => call.To) });
        command.Parameters.Add(new NpgsqlParameter { Value = Values(call => call.Amount) });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = many ? calls.Select(call => call.Key is null ? null : $"{guild}:{call.Key}").ToArray() : (object?)(calls[0].Key is { } key ? $"{guild}:{key}" : null) ?? DBNull.Value,
            NpgsqlDbType = many ? NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text : NpgsqlTypes.NpgsqlDbType.Text,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = Values(call => call.Now) });
        var outcomes = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            outcomes.Add([.. row.Select(value => value is DBNull ? null : value)]);
        }

        Assert.Equal(calls.Count, outcomes.Count);
        return outcomes;
    }

    /// <summary>Each outcome as text, its transaction id replaced by that row's place in its guild's ledger.</summary>
    private async Task<List<string>> ReadableAsync(long guild, List<object?[]> outcomes)
    {
        var ids = new List<long>();
        await using (var command = _host.Database.CreateCommand("SELECT id FROM economy.transactions WHERE guild_id = $1 ORDER BY id"))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = guild });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        return [.. outcomes.Select(outcome => string.Join('|', outcome.Select((value, column) =>
            column == 1 && value is long id ? "#" + ids.IndexOf(id) : value?.ToString() ?? "null")))];
    }

    private async Task<List<string>> RowsAsync(string sql, long guild)
    {
        var rows = new List<string>();
        await using var command = _host.Database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = guild });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(string.Join('|', row.Select(value => value is DateTime time ? time.ToString("O") : value.ToString())));
        }

        return rows;
    }
}
