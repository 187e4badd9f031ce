using Cortex.Economy;
using Cortex.Economy.Api;
using Cortex.Economy.Caching;
using Cortex.Economy.Leaderboard;
using Cortex.Tests.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Economy;

/// <summary>
/// A leaderboard page that expires under load is refilled by one query (the balance cache's single-flight fill), not by
/// every reader that missed it at once.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class LeaderboardFillTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly long _guild = TestIds.NewGuild();
    private EconomyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EconomyTestHost.StartAsync(fixture, "leaderboardfill", settings: new Dictionary<string, string?>
    {
        [CachingOptions.Section + ":LeaderboardTtl"] = "00:00:30",
        // A loaded CI machine can take a while to run the one fill; the bound still applies.
        [CachingOptions.Section + ":FillWaitLimit"] = "00:00:05",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Two_hundred_simultaneous_misses_of_one_page_cost_one_query()
    {
        await _host.ExecuteAsync(
            "INSERT INTO economy.users (guild_id, user_id, balance) SELECT $1, u, u * 10 FROM generate_series(1, 50) u", _guild);
        var pages = Pages();
        using var queries = new MetricCounter(_host.Get<EconomyMetrics>(), "cortex.economy.leaderboard.queries");
        using var start = new ManualResetEventSlim();

        var readers = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await pages.FillAsync(_guild, 10, default);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(readers);

        Assert.All(results, page => Assert.Equal(results[0], page));
        using var top = System.Text.Json.JsonDocument.Parse(results[0]);
        Assert.Equal(500, top.RootElement.GetProperty("entries")[0].GetProperty("balance").GetInt64());
        Assert.Equal(1, queries.Value);
    }

    // The API registers the pages (AddEconomyApi) with its JSON options; this host has the services without the HTTP server.
    private LeaderboardPages Pages()
    {
        var json = new JsonOptions();
        json.SerializerOptions.TypeInfoResolverChain.Insert(0, EconomyJsonContext.Default);
        return ActivatorUtilities.CreateInstance<LeaderboardPages>(_host.Services, Options.Create(json));
    }
}
