using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cortex.AppHost.Integrations;
using Cortex.Economy.Webhooks;
using Cortex.Tests.Economy;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Defense;

/// <summary>POST /webhook/votes on the running economy, with the secret the app generated.</summary>
[Collection(CortexAppCollection.Name)]
public sealed class VoteWebhookTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private NpgsqlDataSource _database = null!;
    private string _secret = "";

    public async Task InitializeAsync()
    {
        _database = NpgsqlDataSource.Create(await fixture.ConnectionStringAsync("economydb"));
        _secret = await fixture.ParameterAsync(DefenseSecrets.VoteWebhookSecretParameter);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_vote_with_the_secret_credits_the_voter()
    {
        using var http = fixture.Client("economy");
        var (guild, user) = (TestIds.NewGuild(), TestIds.NewGuild());

        using var response = await http.SendAsync(Vote(_secret, Guid.NewGuid().ToString("N"), guild, user));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.False(receipt.GetProperty("replayed").GetBoolean());
        Assert.Equal(100, receipt.GetProperty("amount").GetInt64());
        Assert.Equal(100, await CreditedAsync(guild));
        Assert.Equal(100, await BalanceAsync(guild, user));
    }

    [Fact]
    public async Task A_redelivered_vote_credits_once_even_when_deliveries_race()
    {
        using var http = fixture.Client("economy");
        var (guild, user) = (TestIds.NewGuild(), TestIds.NewGuild());
        var delivery = Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => http.SendAsync(Vote(_secret, delivery, guild, user))));
        using var later = await http.SendAsync(Vote(_secret, delivery, guild, user));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.True((await later.JsonAsync()).GetProperty("replayed").GetBoolean());
        Assert.Equal(100, await CreditedAsync(guild));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM economy.transactions WHERE guild_id = $1 AND type = 'vote'", guild));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-secret")]
    public async Task A_missing_or_wrong_secret_is_401_and_writes_nothing(string? secret)
    {
        using var http = fixture.Client("economy");
        var guild = TestIds.NewGuild();

        using var response = await http.SendAsync(Vote(secret, Guid.NewGuid().ToString("N"), guild, TestIds.NewGuild()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(_secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CreditedAsync(guild));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"guild\":\"1\",\"user\":\"2\",\"type\":\"upvote\"}")]
    [InlineData("{\"id\":\"x\",\"guild\":\"abc\",\"user\":\"2\",\"type\":\"upvote\"}")]
    [InlineData("{\"id\":\"x\",\"guild\":\"-5\",\"user\":\"2\",\"type\":\"upvote\"}")]
    [InlineData("{\"id\":\"x\",\"guild\":\"{GUILD}\",\"user\":\"2\",\"type\":\"downvote\"}")]
    public async Task Malformed_votes_get_a_problem_and_write_nothing(string body)
    {
        using var http = fixture.Client("economy");
        var guild = TestIds.NewGuild();
        using var request = new HttpRequestMessage(HttpMethod.Post, VoteWebhookEndpoint.Path)
        {
            Content = new StringContent(body.Replace("{GUILD}", guild.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", _secret);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CreditedAsync(guild));
    }

    [Fact]
    public async Task The_webhook_allows_twenty_deliveries_a_minute_per_client()
    {
        using var http = fixture.Client("economy");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            using var response = await http.SendAsync(Vote("wrong", Guid.NewGuid().ToString("N"), TestIds.NewGuild(), TestIds.NewGuild()));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 20), HttpStatusCode.TooManyRequests], statuses);
    }

    private static HttpRequestMessage Vote(string? secret, string id, long guild, long user)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, VoteWebhookEndpoint.Path)
        {
            Content = JsonContent.Create(new Dictionary<string, string>
            {
                ["id"] = id,
                ["guild"] = guild.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["user"] = user.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["type"] = "upvote",
            }),
        };
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", secret);
        }

        return request;
    }

    private async Task<long> CreditedAsync(long guild) =>
        await ScalarAsync("SELECT coalesce(sum(amount), 0)::bigint FROM economy.transactions WHERE guild_id = $1", guild);

    private async Task<long> BalanceAsync(long guild, long user)
    {
        await using var command = _database.CreateCommand("SELECT balance FROM economy.users WHERE guild_id = $1 AND user_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = guild });
        command.Parameters.Add(new NpgsqlParameter { Value = user });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> ScalarAsync(string sql, long guild)
    {
        await using var command = _database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = guild });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
