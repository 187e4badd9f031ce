using System.Net;
using System.Net.Http.Json;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;

namespace Cortex.Tests.Economy;

/// <summary>
/// How much batching happens is on the economy's <c>/metrics</c> (and so on the dashboard, which reads the same meter):
/// <c>cortex.economy.transfer.batch.size</c>, transfers per PostgreSQL round trip, with buckets fit for batch sizes.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class TransferBatchSizeMetricTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly long _guild = TestIds.NewGuild();
    private RedisServer _redis = null!;
    private EconomyApiTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _host = await EconomyApiTestHost.StartAsync(fixture, nameof(TransferBatchSizeMetricTests), _redis);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_transfer_through_the_api_shows_as_a_batch_of_one_on_metrics()
    {
        await using (var fund = _host.Database.CreateCommand("INSERT INTO economy.users (guild_id, user_id, balance) VALUES ($1, 1, 100)"))
        {
            fund.Parameters.AddWithValue(_guild);
            await fund.ExecuteNonQueryAsync();
        }

        using var http = _host.Client(asOperator: true);
        using var transfer = await http.PostAsJsonAsync($"/api/guilds/{_guild}/transfers", new { fromUserId = 1, toUserId = 2, amount = 5 });
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);

        var lines = (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
        // Buckets of powers of two (not the default 0, 5, 10, ...): the one transfer is in le="1", and so in every bucket.
        Assert.Contains(lines, line => line.StartsWith("cortex_economy_transfer_batch_size_bucket{", StringComparison.Ordinal) && line.Contains("le=\"1\"", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("cortex_economy_transfer_batch_size_bucket{", StringComparison.Ordinal) && line.Contains("le=\"2\"", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("cortex_economy_transfer_batch_size_count", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal));
    }
}
