using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Cluster;
using Cortex.Tests.Economy;
using StackExchange.Redis;

namespace Cortex.Tests.Hosting;

/// <summary>
/// Issue 17's standby proof through the whole app (<see cref="ReadStandbyAppFixture"/>): with the standby's replay
/// paused, <c>/daily</c> and <c>/pay</c> run on the emulator's chat still succeed (writes go to the primary; a standby
/// refuses them), the leaderboard and a member's history over the API answer from the paused standby (the state before
/// those commands, and for the API's leaderboard page TTL after), and a balance read on a cache miss answers from the primary (the fresh balance: the cache stores
/// what it reads, so a stale fill would outlive the lag; <c>ReadDataSource</c>). Once replay resumes both agree.
/// </summary>
[Collection(ReadStandbyAppCollection.Name)]
public sealed class ReadStandbyAppTests(ReadStandbyAppFixture app)
{
    [Fact]
    public async Task Reads_come_from_the_standby_and_writes_from_the_primary_through_the_whole_app()
    {
        using var emulator = app.CreateHttpClient("emulator");
        using var api = EconomyApiClient.Create(app);
        var world = await AppFlows.WorldAsync(emulator);
        var (payer, payee, late) = (await AppFlows.NewMemberAsync(emulator, world, "payer"), await AppFlows.NewMemberAsync(emulator, world, "payee"), await AppFlows.NewMemberAsync(emulator, world, "late"));
        await AppFlows.UntilAsync(async () => (await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!
            .Guilds.Single(g => g.Id == world.GuildId).Commands.Any(c => c.Name == "pay"), "the gateway registers /pay");
        var guild = $"/api/guilds/{world.GuildId}";

        await DailyAsync(emulator, world, payer);
        await PayAsync(emulator, world, payer, payee, 10);
        await app.CaughtUpAsync();
        await ReadStandbyAppFixture.ScalarAsync<object>(app.Standby, "SELECT pg_wal_replay_pause()");
        try
        {
            await DailyAsync(emulator, world, late);
            await PayAsync(emulator, world, payer, payee, 5);
            await InvalidateBalancesAsync(world.GuildId.Value);

            var top = await JsonAsync(api, $"{guild}/leaderboard");
            var history = await JsonAsync(api, $"{guild}/users/{payee}/history");
            var balance = await JsonAsync(api, $"{guild}/users/{payee}/balance");

            Assert.Equal([(payer, 240L), (payee, 10L)], Top(top, payer, payee, late));
            Assert.Single(history.GetProperty("entries").EnumerateArray());
            Assert.Equal(15, balance.GetProperty("balance").GetInt64());
            Assert.True(await ReadStandbyAppFixture.ScalarAsync<long>(app.Standby, ReadSessions) > 0, "the economy holds no read session on the standby");
        }
        finally
        {
            await ReadStandbyAppFixture.ScalarAsync<object>(app.Standby, "SELECT pg_wal_replay_resume()");
        }

        await app.CaughtUpAsync();
        // The API keeps a leaderboard answer for Economy:Caching:LeaderboardTtl (1 s): the paused standby's page may be read once more.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal([(late, 250L), (payer, 235L), (payee, 15L)], Top(await JsonAsync(api, $"{guild}/leaderboard"), payer, payee, late));
        Assert.Equal(2, (await JsonAsync(api, $"{guild}/users/{payee}/history")).GetProperty("entries").GetArrayLength());
    }

    private static string ReadSessions => $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ReadStandbyAppFixture.ReadApplication}'";

    private static async Task DailyAsync(HttpClient emulator, SeedWorld world, ulong user)
    {
        await AppFlows.CommandAsync(emulator, world, user, "daily");
        await AppFlows.UntilReplyAsync(emulator, world, user, $"<@{user}> claimed their daily");
    }

    private static async Task PayAsync(HttpClient emulator, SeedWorld world, ulong payer, ulong payee, int amount)
    {
        await AppFlows.CommandAsync(emulator, world, payer, "pay", new() { ["user"] = payee.ToString(System.Globalization.CultureInfo.InvariantCulture), ["amount"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await AppFlows.UntilReplyAsync(emulator, world, payer, $"paid <@{payee}> **{amount}** coins. <@{payer}> now has **{(amount == 10 ? 240 : 235)}**");
    }

    // A new cache generation for the guild: every balance read after it is a miss (Economy/Caching/CacheKeys).
    private async Task InvalidateBalancesAsync(ulong guildId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync("redis"));
        await redis.GetDatabase().StringIncrementAsync($"cortex:economy:{{{guildId}}}:gen");
    }

    // The test's members' places, in leaderboard order (the seeded guild may hold others).
    private static List<(ulong, long)> Top(JsonElement response, params ulong[] members) =>
        [.. response.GetProperty("entries").EnumerateArray()
            .Select(e => ((ulong)e.GetProperty("userId").GetInt64(), e.GetProperty("balance").GetInt64()))
            .Where(e => members.Contains(e.Item1))];

    private static async Task<JsonElement> JsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
