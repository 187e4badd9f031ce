using Cortex.Economy.Leaderboard;
using Cortex.Economy.Storage;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Economy;

/// <summary>
/// The leaderboard's statement is planned once per connection, as pgbench's prepared statement is, not on every
/// call: with the limit bound as a parameter PostgreSQL's generic plan assumed an unknown limit and lost to a custom
/// plan every time, which cost as much as running the query (docs/benchmarks.md, "Economy"). Two guilds of 20,000
/// members (distinct balances, so the order is one) make that choice visible, as the benchmark's two guilds did.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class LeaderboardPlanTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private const long Guild = 1;
    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        _database = await fixture.CreateMigratedDatabaseAsync("leaderboard_plan");
        await using var seed = _database.CreateCommand("""
            INSERT INTO economy.users (guild_id, user_id, balance)
            SELECT g, u, u * 7919 % 1000003 FROM generate_series(1, 2) g, generate_series(1, 20000) u;
            ANALYZE economy.users;
            """);
        await seed.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_leaderboard_is_planned_once_per_connection_not_on_every_call()
    {
        // One connection, auto-prepared as the economy's are: the store's statement becomes a prepared statement on it.
        var connection = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxPoolSize = 1 };
        StorageExtensions.UseLeanPooledConnections(connection);
        await using var single = NpgsqlDataSource.Create(connection);
        var store = new LeaderboardStore(new ReadDataSource(single));

        for (var call = 0; call < 30; call++)
        {
            Assert.Equal(LeaderboardStore.MaxEntries, (await store.TopAsync(Guild, LeaderboardStore.MaxEntries, default)).Count);
        }

        await using var plans = single.CreateCommand("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1");
        plans.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LeaderboardStore.TopSql });
        await using var reader = await plans.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the leaderboard's statement was not prepared on the connection");
        var (generic, custom) = (reader.GetInt64(0), reader.GetInt64(1));
        // PostgreSQL tries five custom plans before it compares them with the generic one.
        Assert.True(custom <= 5 && generic >= 15, $"generic plans {generic}, custom plans {custom}: planned on every call");
    }

    [Fact]
    public async Task A_shorter_leaderboard_is_the_top_of_the_whole_page()
    {
        var store = new LeaderboardStore(new ReadDataSource(_database));

        var page = await store.TopAsync(Guild, LeaderboardStore.MaxEntries, default);
        var top = await store.TopAsync(Guild, 10, default);
        var clamped = await store.TopAsync(Guild, 1_000, default);

        Assert.Equal(page.Take(10), top);
        Assert.Equal(Enumerable.Range(1, 10), top.Select(entry => entry.Rank));
        Assert.Equal(page, clamped);
        Assert.True(page.Zip(page.Skip(1)).All(pair => pair.First.Balance >= pair.Second.Balance));
    }
}
