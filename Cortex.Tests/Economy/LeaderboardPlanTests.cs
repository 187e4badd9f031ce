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
}
