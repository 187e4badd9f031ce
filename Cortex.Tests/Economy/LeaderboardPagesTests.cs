using System.Net;
using System.Text.Json;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;

namespace Cortex.Tests.Economy;

/// <summary>
/// The API keeps a leaderboard answer in Redis for Economy:Caching:LeaderboardTtl (5 s here, so a loaded machine still reads
/// within it): within it, a change in
/// PostgreSQL is not seen and the page read is a Redis GET; after it, the next read queries again.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class LeaderboardPagesTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly long _guild = TestIds.NewGuild();
    private RedisServer _redis = null!;
    private EconomyApiTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _host = await EconomyApiTestHost.StartAsync(
            fixture, nameof(LeaderboardPagesTests), _redis, new() { ["Economy:Caching:LeaderboardTtl"] = "00:00:05" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_leaderboard_page_is_answered_from_redis_until_its_ttl_then_queried_again()
    {
        using var http = _host.Client(asOperator: true);
        await SetBalanceAsync(7, 100);
        Assert.Equal(100, await TopBalanceAsync(http));
        var reads = await _redis.CallsAsync("get");

        await SetBalanceAsync(7, 900);
        Assert.Equal(100, await TopBalanceAsync(http));
        Assert.Equal(900, await TopBalanceAsync(http, limit: 2)); // another page size is a page of its own
        Assert.True(await _redis.CallsAsync("get") > reads, "the cached page was not read from Redis");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await TopBalanceAsync(http) != 900)
        {
            Assert.True(DateTime.UtcNow < deadline, "the cached page outlived its TTL");
            await Task.Delay(100);
        }
    }

    private async Task<long> TopBalanceAsync(HttpClient http, int? limit = null)
    {
        using var response = await http.GetAsync($"/api/guilds/{_guild}/leaderboard" + (limit is { } l ? $"?limit={l}" : ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return json.RootElement.GetProperty("entries")[0].GetProperty("balance").GetInt64();
    }

    private async Task SetBalanceAsync(long userId, long balance)
    {
        await using var command = _host.Database.CreateCommand(
            "INSERT INTO economy.users (guild_id, user_id, balance) VALUES ($1, $2, $3) ON CONFLICT (guild_id, user_id) DO UPDATE SET balance = excluded.balance");
        command.Parameters.AddWithValue(_guild);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(balance);
        await command.ExecuteNonQueryAsync();
    }
}
