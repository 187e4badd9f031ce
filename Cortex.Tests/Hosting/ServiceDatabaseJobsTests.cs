using System.Net;
using System.Net.Http.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Economy;
using Npgsql;

namespace Cortex.Tests.Hosting;

/// <summary>
/// Under their least-privilege roles (<see cref="ServiceDatabaseRolesTests"/>) the running services
/// still do their work: the economy moves money through its API, the AI worker opens moderation
/// cases and appends to the audit log; and PostgreSQL shows each one's sessions under its own role.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ServiceDatabaseJobsTests(CortexAppFixture fixture)
{
    private async Task<T> OwnerScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(await fixture.ConnectionStringAsync("economydb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private Task<long> SessionsOfAsync(string role) =>
        OwnerScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND datname = 'economydb'", role);

    [Fact]
    public async Task The_economy_moves_money_through_its_api_as_cortex_economy()
    {
        var guild = TestIds.NewGuild();
        using var http = EconomyApiClient.Create(fixture);

        using var add = await http.SendAsync(EconomyApiClient.Post(
            $"/api/guilds/{guild}/admin/users/1/add", new { adminId = 1, permissions = "32", amount = 100 }));
        using var transfer = await http.SendAsync(EconomyApiClient.Post($"/api/guilds/{guild}/transfers", new { fromUserId = 1, toUserId = 2, amount = 40 }));

        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        Assert.Equal(60, (await transfer.JsonAsync()).GetProperty("fromBalance").GetInt64());
        Assert.Equal(2L, await OwnerScalarAsync<long>("SELECT count(*) FROM economy.transactions WHERE guild_id = $1", guild));
        Assert.True(await SessionsOfAsync("cortex_economy") > 0);
    }

    [Fact]
    public async Task The_ai_worker_opens_a_case_and_appends_to_the_audit_log_as_cortex_ai()
    {
        using var emulator = fixture.CreateHttpClient("emulator");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;

        // Violence above its threshold: a delete (severity 2), which no other test depends on.
        using var posted = await emulator.PostAsJsonAsync("chat/api/messages",
            new ChatSendRequest { ChannelId = world.CommandsChannelId, UserId = world.LinusId, Content = "i will kill you, said under a role" }, EmulatorRestJsonContext.Default.ChatSendRequest);
        posted.EnsureSuccessStatusCode();
        var message = (long)(await posted.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Message))!.Id.Value;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        long audited = 0, cases = 0;
        while ((audited == 0 || cases == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            audited = await OwnerScalarAsync<long>("SELECT count(*) FROM moderation.audit_log WHERE message_id = $1", message);
            cases = await OwnerScalarAsync<long>("SELECT count(*) FROM moderation.cases WHERE message_id = $1 AND outcome IS NOT NULL", message);
        }

        Assert.True(audited > 0, "the AI worker wrote no audit entry for the message");
        Assert.Equal(1, cases);
        Assert.True(await SessionsOfAsync("cortex_ai") > 0);
    }
}
