using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Tests.Economy;
using StackExchange.Redis;

namespace Cortex.Tests.Hosting;

/// <summary>
/// Issue 17's standby proof through the whole app (<see cref="ReadStandbyAppFixture"/>): with the standby's replay
/// paused, <c>/daily</c> and a transfer still succeed (writes go to the primary; a standby refuses them), the
/// leaderboard and a member's history answer from the paused standby (the state before the writes), and a balance
/// read on a cache miss answers from the primary (the fresh balance: the cache stores what it reads, so a stale fill
/// would outlive the lag; <c>ReadDataSource</c>). Once replay resumes the standby catches up.
/// </summary>
[Collection(ReadStandbyAppCollection.Name)]
public sealed class ReadStandbyAppTests(ReadStandbyAppFixture app)
{
    private readonly long _guild = TestIds.NewGuild();

    [Fact]
    public async Task Reads_come_from_the_standby_and_writes_from_the_primary_through_the_whole_app()
    {
        using var http = EconomyApiClient.Create(app);
        var guild = $"/api/guilds/{_guild}";
        await OkAsync(http.PostAsync($"{guild}/users/1/daily", null));
        await OkAsync(http.SendAsync(EconomyApiClient.Post($"{guild}/transfers", new { fromUserId = 1, toUserId = 2, amount = 10 }, "standby-app-1")));
        await app.CaughtUpAsync();
        await ReadStandbyAppFixture.ScalarAsync<object>(app.Standby, "SELECT pg_wal_replay_pause()");
        try
        {
            await OkAsync(http.PostAsync($"{guild}/users/3/daily", null));
            await OkAsync(http.SendAsync(EconomyApiClient.Post($"{guild}/transfers", new { fromUserId = 1, toUserId = 2, amount = 5 }, "standby-app-2")));
            await InvalidateBalancesAsync();

            var top = await JsonAsync(http, $"{guild}/leaderboard");
            var history = await JsonAsync(http, $"{guild}/users/2/history");
            var balance = await JsonAsync(http, $"{guild}/users/2/balance");

            Assert.Equal([(1L, 240L), (2L, 10L)], Entries(top, "userId", "balance"));
            Assert.Single(history.GetProperty("entries").EnumerateArray());
            Assert.Equal(15, balance.GetProperty("balance").GetInt64());
            Assert.True(await ReadStandbyAppFixture.ScalarAsync<long>(app.Standby, ReadSessions) > 0, "the economy holds no read session on the standby");
        }
        finally
        {
            await ReadStandbyAppFixture.ScalarAsync<object>(app.Standby, "SELECT pg_wal_replay_resume()");
        }

        await app.CaughtUpAsync();
        Assert.Equal([(3L, 250L), (1L, 235L), (2L, 15L)], Entries(await JsonAsync(http, $"{guild}/leaderboard"), "userId", "balance"));
        Assert.Equal(2, (await JsonAsync(http, $"{guild}/users/2/history")).GetProperty("entries").GetArrayLength());
    }

    private static string ReadSessions => $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ReadStandbyAppFixture.ReadApplication}'";

    // A new cache generation for the guild: every balance read after it is a miss (CacheKeys).
    private async Task InvalidateBalancesAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync("redis"));
        await redis.GetDatabase().StringIncrementAsync($"cortex:economy:{{{_guild}}}:gen");
    }

    private static IEnumerable<(long, long)> Entries(JsonElement response, string key, string value) =>
        response.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty(key).GetInt64(), e.GetProperty(value).GetInt64()));

    private static async Task<JsonElement> JsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task OkAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
