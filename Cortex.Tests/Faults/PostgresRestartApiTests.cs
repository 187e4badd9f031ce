using System.Collections.Concurrent;
using System.Net;
using Cortex.AppHost.Integrations;
using Cortex.ServiceDefaults.RateLimiting;
using Cortex.Tests.Economy;
using Npgsql;

namespace Cortex.Tests.Faults;

/// <summary>
/// PostgreSQL restarted under a load of transfers sent to the running economy over HTTP, as an operator's caller
/// sends them: each with its own idempotency key, each sent once. Every such transfer can be retried, so none may
/// be answered with a 5xx; every accepted one is in the ledger exactly once; no coin is created or lost.
/// </summary>
[Collection(PostgresFaultAppCollection.Name)]
public sealed class PostgresRestartApiTests(PostgresFaultAppFixture fixture)
{
    private const int Clients = 12;
    private const int Users = 10;
    private const long StartingBalance = 1_000;
    private readonly long _guild = TestIds.NewGuild();

    [Fact]
    public async Task A_restart_under_keyed_transfers_over_http_answers_no_5xx_records_each_accepted_transfer_once_and_conserves_money()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.GetEndpoint("economy", ServiceSurfaces.InternalEndpoint), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.OperatorKey);
        for (var user = 1; user <= Users; user++)
        {
            using var funded = await SendAsync(http, $"admin/users/{user}/add", new { adminId = 1, permissions = "32", amount = StartingBalance }, null);
            Assert.Equal(HttpStatusCode.OK, funded.StatusCode);
        }

        var accepted = new ConcurrentDictionary<string, long>();
        var failures = new ConcurrentQueue<string>();
        var (inFlight, afterRestart, restarted) = (0, 0, false);
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"restart-{client}-{i}";
                var from = random.Next(1, Users + 1);
                Interlocked.Increment(ref inFlight);
                using var response = await SendAsync(http, "transfers", new { fromUserId = from, toUserId = (from % Users) + 1, amount = random.Next(1, 200) }, key);
                Interlocked.Decrement(ref inFlight);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    accepted[key] = (await response.JsonAsync()).GetProperty("transactionId").GetInt64();
                    if (Volatile.Read(ref restarted))
                    {
                        Interlocked.Increment(ref afterRestart);
                    }
                }
                else if (!await IsInsufficientFundsAsync(response))
                {
                    // Insufficient funds (409) is an answer, not a failure. Anything else is what the test is about.
                    failures.Enqueue($"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var beforeStop = accepted.Count;
        var caughtMidway = Volatile.Read(ref inFlight);
        await fixture.Postgres.StopAsync();
        await fixture.Postgres.RestartAsync();
        Volatile.Write(ref restarted, true);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.True(beforeStop >= Clients, $"only {beforeStop} transfers before the stop");
        Assert.True(caughtMidway > 0, "no transfer was in flight when PostgreSQL stopped");
        Assert.True(afterRestart > 0, "no transfer went through after the restart");
        await using var database = NpgsqlDataSource.Create(await fixture.ConnectionStringAsync("economydb"));
        var ledger = await LedgerAsync(database);
        Assert.Equal(accepted.Count, ledger.Count);
        foreach (var (key, transactionId) in accepted)
        {
            Assert.True(ledger.TryGetValue(key, out var rows), $"accepted transfer {key} is not in the ledger");
            Assert.Equal(transactionId, Assert.Single(rows));
        }

        await using var sum = database.CreateCommand("SELECT sum(balance + bank) FROM economy.users WHERE guild_id = $1");
        sum.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _guild });
        Assert.Equal(Users * StartingBalance, (decimal)(await sum.ExecuteScalarAsync())!);
    }

    private static async Task<bool> IsInsufficientFundsAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Conflict
        && (await response.JsonAsync()).GetProperty("code").GetString() == "insufficient-funds";

    private Task<HttpResponseMessage> SendAsync(HttpClient http, string path, object body, string? idempotencyKey)
    {
        var request = EconomyApiClient.Post($"/api/guilds/{_guild}/{path}", body, idempotencyKey);
        // A client address of its own per request: the test is about PostgreSQL, not the /api rate limit.
        request.Headers.Add(ClientIpResolver.ClientIpHeader, EconomyApiClient.RandomAddress().ToString());
        return http.SendAsync(request);
    }

    // The guild's transfers by the caller's key (the ledger stores it as api:{caller}:{key}): the transaction ids under each.
    private async Task<Dictionary<string, List<long>>> LedgerAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            "SELECT idempotency_key, id FROM economy.transactions WHERE guild_id = $1 AND type = 'transfer' ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _guild });
        await using var reader = await command.ExecuteReaderAsync();
        var ledger = new Dictionary<string, List<long>>();
        while (await reader.ReadAsync())
        {
            var key = reader.IsDBNull(0) ? "(no key)" : reader.GetString(0);
            key = key[(key.LastIndexOf(':') + 1)..];
            if (!ledger.TryGetValue(key, out var rows))
            {
                ledger[key] = rows = [];
            }

            rows.Add(reader.GetInt64(1));
        }

        return ledger;
    }
}
