using Cortex.Economy.Leaderboard;
using Cortex.Economy.Storage;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Economy;

/// <summary>
/// The leaderboard's SQL carries the page size (so PostgreSQL plans it once per connection, docs/benchmarks.md,
/// "Economy"); a caller asking for fewer rows still gets the top of the page. Two guilds of 20,000 members with
/// distinct balances, so the order is one.
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

    [Fact]
    public async Task The_leaderboard_is_planned_once_per_connection_not_on_every_call()
    {
        // The service's own connection settings (auto-prepare, no reset), on one connection so the statement
        // counted below is the one the calls used.
        var connection = new NpgsqlConnectionStringBuilder(await fixture.ConnectionStringAsync("economydb"))
        {
            Database = new NpgsqlConnectionStringBuilder(_database.ConnectionString).Database,
            MaxPoolSize = 1,
        };
        StorageExtensions.UseLeanPooledConnections(connection);
        await using var service = NpgsqlDataSource.Create(connection.ConnectionString);
        var store = new LeaderboardStore(new ReadDataSource(service));

        for (var call = 0; call < 30; call++)
        {
            await store.TopAsync(Guild, LeaderboardStore.MaxEntries, default);
        }

        // PostgreSQL tries five custom plans of a prepared statement, then keeps its generic plan if that is no
        // worse; a bound LIMIT lost that comparison every time, so every call was planned again.
        await using var plans = service.CreateCommand(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1");
        plans.Parameters.AddWithValue(LeaderboardStore.TopSql);
        await using var reader = await plans.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the leaderboard's statement was not prepared on the connection");
        var (generic, custom) = (reader.GetInt64(0), reader.GetInt64(1));
        Assert.True(custom <= 5 && generic >= 15, $"generic plans {generic}, custom plans {custom}");
    }
}
