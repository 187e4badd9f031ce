using System.Net;
using System.Net.Http.Json;
using Cortex.Tests.Economy;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Security;

/// <summary>
/// Issue 14's first attack: an anonymous transfer, daily, work, deposit, withdraw or admin change for a victim's id.
/// From every surface it is refused, and the victim's wallet, bank and ledger are exactly as they were.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class MoneyAttackTests(CortexAppFixture fixture)
{
    private const long Victim = 2;
    private const long Attacker = 777;
    private const string ManageGuild = "32";
    private readonly long _guild = TestIds.NewGuild();

    [Fact]
    public async Task Money_moves_for_a_victim_without_the_operator_key_are_refused_and_the_victim_keeps_every_coin()
    {
        using var operatorClient = EconomyApiClient.Create(fixture);
        using (var seeded = await operatorClient.SendAsync(EconomyApiClient.Post(
            $"/api/guilds/{_guild}/admin/users/{Victim}/add", new { adminId = 1, permissions = ManageGuild, amount = 1000 })))
        {
            Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        }

        var ledgerBefore = await LedgerRowsAsync();
        var attacks = new (string Path, object Body)[]
        {
            ($"/api/guilds/{_guild}/transfers", new { fromUserId = Victim, toUserId = Attacker, amount = 500 }),
            ($"/api/guilds/{_guild}/users/{Victim}/daily", new { }),
            ($"/api/guilds/{_guild}/users/{Victim}/work", new { }),
            ($"/api/guilds/{_guild}/users/{Victim}/deposit", new { amount = 500 }),
            ($"/api/guilds/{_guild}/users/{Victim}/withdraw", new { amount = 1 }),
            ($"/api/guilds/{_guild}/admin/users/{Victim}/remove", new { adminId = Attacker, permissions = ManageGuild, amount = 500 }),
            ($"/api/guilds/{_guild}/admin/users/{Victim}/reset", new { adminId = Attacker, permissions = ManageGuild }),
            ($"/api/guilds/{_guild}/admin/users/{Attacker}/add", new { adminId = Attacker, permissions = ManageGuild, amount = 1_000_000 }),
        };

        var refused = 0;
        foreach (var (surface, client) in AttackSurfaces.Of(fixture, "economy"))
        {
            using (client)
            {
                foreach (var (path, body) in attacks)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }.FromNewClient();
                    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                    using var response = await client.SendAsync(request);
                    AttackSurfaces.AssertRefused(response, $"POST {path} ({surface})");
                    refused++;
                }
            }
        }

        var victim = await operatorClient.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/guilds/{_guild}/users/{Victim}/balance");
        using var attacker = await operatorClient.GetAsync($"/api/guilds/{_guild}/users/{Attacker}/balance");
        Assert.Equal(3 * attacks.Length, refused);
        Assert.Equal(1000, victim.GetProperty("balance").GetInt64());
        Assert.Equal(0, victim.GetProperty("bank").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, attacker.StatusCode);
        Assert.Equal(ledgerBefore, await LedgerRowsAsync());
    }

    private async Task<long> LedgerRowsAsync()
    {
        await using var connection = new NpgsqlConnection(await fixture.ConnectionStringAsync("economydb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM economy.transactions WHERE guild_id = $1", connection);
        command.Parameters.AddWithValue(_guild);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
