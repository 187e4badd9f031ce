using System.Net;
using System.Text.Json;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;

namespace Cortex.Tests.Economy;

/// <summary>
/// The API's successful answers go out whole with their Content-Length (one send, not a chunked body whose end may
/// follow in a second); problems are still RFC 9457 documents.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class WholeJsonResponsesTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly long _guild = TestIds.NewGuild();
    private RedisServer _redis = null!;
    private EconomyApiTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _host = await EconomyApiTestHost.StartAsync(fixture, nameof(WholeJsonResponsesTests), _redis);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_leaderboard_is_sent_with_its_content_length_and_a_problem_stays_a_problem()
    {
        using var http = _host.Client(asOperator: true);

        using var leaderboard = await http.GetAsync($"/api/guilds/{_guild}/leaderboard");
        var body = await leaderboard.Content.ReadAsByteArrayAsync();
        using var missing = await http.GetAsync($"/api/guilds/{_guild}/users/7/balance");

        Assert.Equal(HttpStatusCode.OK, leaderboard.StatusCode);
        Assert.NotEqual(true, leaderboard.Headers.TransferEncodingChunked);
        Assert.Equal(body.Length, leaderboard.Content.Headers.ContentLength);
        Assert.Equal("application/json", leaderboard.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(_guild, json.RootElement.GetProperty("guildId").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("entries").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }
}
