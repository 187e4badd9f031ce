using System.Net;
using System.Net.Http.Json;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;

namespace Cortex.Tests.Economy;

/// <summary>
/// The API's hot routes read Redis alongside the rate limiter's script (a balance lookup, a leaderboard page, a transfer's
/// cache generation);
/// a caller without a key is refused after the limiter's script and before any of those reads, counted on a Redis of the
/// test's own (INFO commandstats: the reads are GETs, run by a script or not; the limiter's script runs none).
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class AnonymousCallerCostTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly long _guild = TestIds.NewGuild();
    private RedisServer _redis = null!;
    private EconomyApiTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _host = await EconomyApiTestHost.StartAsync(fixture, nameof(AnonymousCallerCostTests), _redis);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task An_anonymous_balance_read_leaderboard_or_transfer_is_refused_without_a_redis_read()
    {
        using var operatorClient = _host.Client(asOperator: true);
        using var anonymous = _host.Client(asOperator: false);
        // The first request connects the service's Redis client (its handshake reads too); only what follows is counted.
        using var warmUp = await operatorClient.GetAsync($"/api/guilds/{_guild}/users/1/balance");
        var reads = await _redis.CallsAsync("get");

        using var balance = await anonymous.GetAsync($"/api/guilds/{_guild}/users/1/balance");
        using var leaderboard = await anonymous.GetAsync($"/api/guilds/{_guild}/leaderboard");
        using var transfer = await anonymous.PostAsJsonAsync($"/api/guilds/{_guild}/transfers", new { fromUserId = 1, toUserId = 2, amount = 5 });

        Assert.Equal(HttpStatusCode.Unauthorized, balance.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, leaderboard.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, transfer.StatusCode);
        Assert.Equal(reads, await _redis.CallsAsync("get"));

        // The operator's read of the same balance does read Redis: the count above would have seen an early read.
        using var admitted = await operatorClient.GetAsync($"/api/guilds/{_guild}/users/1/balance");
        Assert.Equal(HttpStatusCode.NotFound, admitted.StatusCode);
        Assert.True(await _redis.CallsAsync("get") > reads);
    }
}
