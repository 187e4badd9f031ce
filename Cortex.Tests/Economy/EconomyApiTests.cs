using System.Globalization;
using System.Net;
using System.Text;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Economy;

/// <summary>The running economy service over HTTP (database economydb, the app's Redis).</summary>
[Collection(CortexAppCollection.Name)]
public sealed class EconomyApiTests(CortexAppFixture fixture)
{
    private const string ManageGuild = "32";
    private readonly long _guild = TestIds.NewGuild();

    private string Guild => $"/api/guilds/{_guild}";

    private async Task AddAsync(HttpClient http, long userId, long amount)
    {
        using var response = await http.SendAsync(EconomyApiClient.Post(
            $"{Guild}/admin/users/{userId}/add", new { adminId = 1, permissions = ManageGuild, amount }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<long> LedgerRowsAsync()
    {
        await using var connection = new NpgsqlConnection(await fixture.ConnectionStringAsync("economydb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM economy.transactions WHERE guild_id = $1", connection);
        command.Parameters.AddWithValue(_guild);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Transfer_over_http_moves_money_and_the_balance_endpoint_shows_it()
    {
        using var http = EconomyApiClient.Create(fixture);
        await AddAsync(http, 1, 1_000);

        using var transfer = await http.SendAsync(EconomyApiClient.Post($"{Guild}/transfers", new { fromUserId = 1, toUserId = 2, amount = 250 }));
        using var sender = await http.GetAsync($"{Guild}/users/1/balance");
        using var recipient = await http.GetAsync($"{Guild}/users/2/balance");

        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        var receipt = await transfer.JsonAsync();
        Assert.Equal(750, receipt.GetProperty("fromBalance").GetInt64());
        Assert.Equal(250, receipt.GetProperty("toBalance").GetInt64());
        Assert.Equal(750, (await sender.JsonAsync()).GetProperty("balance").GetInt64());
        Assert.Equal(250, (await recipient.JsonAsync()).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task An_idempotency_key_makes_a_retried_transfer_apply_once()
    {
        using var http = EconomyApiClient.Create(fixture);
        await AddAsync(http, 10, 100);
        var key = Guid.NewGuid().ToString();

        using var first = await http.SendAsync(EconomyApiClient.Post($"{Guild}/transfers", new { fromUserId = 10, toUserId = 11, amount = 60 }, key));
        using var retry = await http.SendAsync(EconomyApiClient.Post($"{Guild}/transfers", new { fromUserId = 10, toUserId = 11, amount = 60 }, key));
        using var changed = await http.SendAsync(EconomyApiClient.Post($"{Guild}/transfers", new { fromUserId = 10, toUserId = 11, amount = 61 }, key));
        using var balance = await http.GetAsync($"{Guild}/users/10/balance");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var (a, b) = (await first.JsonAsync(), await retry.JsonAsync());
        Assert.Equal(a.GetProperty("transactionId").GetInt64(), b.GetProperty("transactionId").GetInt64());
        Assert.True(b.GetProperty("replayed").GetBoolean());
        await AssertProblemAsync(changed, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(40, (await balance.JsonAsync()).GetProperty("balance").GetInt64());
    }

    [Theory]
    [InlineData("""{"fromUserId":20,"toUserId":21,"amount":0}""", "invalid-amount")]
    [InlineData("""{"fromUserId":20,"toUserId":21,"amount":-5}""", "invalid-amount")]
    [InlineData("""{"fromUserId":20,"toUserId":20,"amount":5}""", "self-transfer")]
    [InlineData("""{"fromUserId":20,"toUserId":0,"amount":5}""", "invalid-id")]
    [InlineData("""{"fromUserId":20,"toUserId":21,"amount":5000}""", "insufficient-funds")]
    [InlineData("""{"fromUserId":20,"toUserId":21,"amount":99999999999999999999999}""", null)]
    [InlineData("""{"fromUserId":"abc","toUserId":21,"amount":5}""", null)]
    [InlineData("""not json""", null)]
    public async Task Bad_transfers_get_a_problem_and_write_nothing(string body, string? code)
    {
        using var http = EconomyApiClient.Create(fixture);
        await AddAsync(http, 20, 100);
        var rowsBefore = await LedgerRowsAsync();

        using var response = await http.PostAsync($"{Guild}/transfers", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.InRange((int)response.StatusCode, 400, 499);
        if (code is not null)
        {
            await AssertProblemAsync(response, response.StatusCode, code);
        }

        Assert.Equal(rowsBefore, await LedgerRowsAsync());
    }

    [Fact]
    public async Task Malformed_ids_in_the_path_are_a_bad_request()
    {
        using var http = EconomyApiClient.Create(fixture);

        using var letters = await http.GetAsync("/api/guilds/abc/users/1/balance");
        using var negative = await http.GetAsync($"{Guild}/users/-4/balance");
        using var unknown = await http.GetAsync($"{Guild}/users/424242/balance");

        Assert.Equal(HttpStatusCode.BadRequest, letters.StatusCode);
        await AssertProblemAsync(negative, HttpStatusCode.BadRequest, "invalid-id");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "account-not-found");
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        using var http = EconomyApiClient.Create(fixture);
        var padding = new string(' ', 64 * 1024);

        using var response = await http.PostAsync($"{Guild}/transfers",
            new StringContent("{\"fromUserId\":1,\"toUserId\":2,\"amount\":1" + padding + "}", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Deposit_withdraw_daily_work_rank_history_and_leaderboard_answer_over_http()
    {
        using var http = EconomyApiClient.Create(fixture);
        await AddAsync(http, 30, 500);

        using var deposit = await http.SendAsync(EconomyApiClient.Post($"{Guild}/users/30/deposit", new { amount = 200 }));
        using var withdraw = await http.SendAsync(EconomyApiClient.Post($"{Guild}/users/30/withdraw", new { amount = 50 }));
        using var overdraw = await http.SendAsync(EconomyApiClient.Post($"{Guild}/users/30/withdraw", new { amount = 1_000 }));
        using var daily = await http.SendAsync(EconomyApiClient.Post($"{Guild}/users/30/daily", null));
        using var dailyAgain = await http.SendAsync(EconomyApiClient.Post($"{Guild}/users/30/daily", null));
        using var work = await http.SendAsync(EconomyApiClient.Post($"{Guild}/users/30/work", null));
        using var rank = await http.GetAsync($"{Guild}/users/30/rank");
        using var history = await http.GetAsync($"{Guild}/users/30/history?limit=3");
        using var leaderboard = await http.GetAsync($"{Guild}/leaderboard");

        var deposited = await deposit.JsonAsync();
        Assert.Equal((300L, 200L), (deposited.GetProperty("balance").GetInt64(), deposited.GetProperty("bank").GetInt64()));
        Assert.Equal(150, (await withdraw.JsonAsync()).GetProperty("bank").GetInt64());
        await AssertProblemAsync(overdraw, HttpStatusCode.Conflict, "insufficient-funds");
        Assert.Equal(HttpStatusCode.OK, daily.StatusCode);
        await AssertProblemAsync(dailyAgain, HttpStatusCode.Conflict, "cooldown-active");
        Assert.Equal(HttpStatusCode.OK, work.StatusCode);
        Assert.Equal(1, (await rank.JsonAsync()).GetProperty("rank").GetInt64());
        var page = await history.JsonAsync();
        Assert.Equal(3, page.GetProperty("entries").GetArrayLength());
        Assert.Equal("work", page.GetProperty("entries")[0].GetProperty("type").GetString());
        Assert.Equal(30, (await leaderboard.JsonAsync()).GetProperty("entries")[0].GetProperty("userId").GetInt64());
    }

    [Fact]
    public async Task Admin_endpoints_need_the_key_and_manage_guild()
    {
        using var http = EconomyApiClient.Create(fixture);
        using var anonymous = EconomyApiClient.Create(fixture, asOperator: false);
        var rowsBefore = await LedgerRowsAsync();

        using var noKey = await anonymous.SendAsync(EconomyApiClient.Post($"{Guild}/admin/users/40/add", new { adminId = 1, permissions = ManageGuild, amount = 5 }));
        using var wrongKey = await anonymous.SendAsync(EconomyApiClient.Post($"{Guild}/admin/users/40/add", new { adminId = 1, permissions = ManageGuild, amount = 5 }, bearer: "guess"));
        using var noPermission = await http.SendAsync(EconomyApiClient.Post($"{Guild}/admin/users/40/add", new { adminId = 1, permissions = "2048", amount = 5 }));
        using var administrator = await http.SendAsync(EconomyApiClient.Post($"{Guild}/admin/users/40/add", new { adminId = 1, permissions = "8", amount = 5 }));
        using var reset = await http.SendAsync(EconomyApiClient.Post($"{Guild}/admin/users/40/reset", new { adminId = 1, permissions = ManageGuild }));

        await AssertProblemAsync(noKey, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(wrongKey, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(noPermission, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, administrator.StatusCode);
        Assert.Equal(5, (await reset.JsonAsync()).GetProperty("amount").GetInt64());
        Assert.Equal(rowsBefore + 2, await LedgerRowsAsync());
    }

    [Fact]
    public async Task How_many_transfers_each_round_trip_carried_is_on_metrics()
    {
        using var http = EconomyApiClient.Create(fixture);
        await AddAsync(http, 1, 100);
        using var transfer = await http.SendAsync(EconomyApiClient.Post($"{Guild}/transfers", new { fromUserId = 1, toUserId = 2, amount = 5 }));
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);

        // What the dashboard shows and Prometheus scrapes: buckets of powers of two (not the default 0, 5, 10, ...), and
        // at least this transfer's round trip counted (other tests share the service).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] lines = [];
        while (!lines.Any(line => BatchSizeBucket(line, "2")) || BatchSizeCount(lines) < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "cortex_economy_transfer_batch_size is not on the economy's /metrics");
            await Task.Delay(200);
            lines = (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
        }
    }

    private static bool BatchSizeBucket(string line, string bound) =>
        line.StartsWith("cortex_economy_transfer_batch_size_bucket{", StringComparison.Ordinal) && line.Contains($"le=\"{bound}\"", StringComparison.Ordinal);

    private static double BatchSizeCount(string[] lines) => lines
        .Where(line => line.StartsWith("cortex_economy_transfer_batch_size_count", StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    [Fact]
    public async Task The_api_is_described_by_an_openapi_document()
    {
        using var http = EconomyApiClient.Create(fixture);

        using var response = await http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/guilds/{guildId}/transfers", out _));
        Assert.True(paths.TryGetProperty("/api/guilds/{guildId}/leaderboard", out _));
    }
}
