using System.Globalization;
using System.Net;
using System.Text.Json;
using Cortex.Commands;
using Cortex.Economy.Admin;
using Cortex.Economy.Api;
using Cortex.Economy.Commands;
using Cortex.Tests.Hosting;
using Npgsql;
using static Cortex.Tests.Economy.InteractionPayloads;

namespace Cortex.Tests.Economy;

/// <summary>
/// The public <c>Idempotency-Key</c> header lives in a namespace of its caller's: on the running
/// economy's database, an HTTP request that names a slash command's key first cannot block or
/// replay that command.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class IdempotencyNamespaceTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly long _guild = TestIds.NewGuild();
    private EconomyTestHost _commands = null!;

    public async Task InitializeAsync()
    {
        // The command handler on the app's own economydb, where the HTTP request lands too.
        var connection = await fixture.ConnectionStringAsync("economydb");
        _commands = await EconomyTestHost.StartAsync(NpgsqlDataSource.Create(connection), connection, await fixture.ConnectionStringAsync("redis"));
    }

    public async Task DisposeAsync() => await _commands.DisposeAsync();

    [Fact]
    public async Task An_api_request_claiming_an_interaction_key_does_not_block_or_replay_that_interaction()
    {
        var interactionId = NewId();
        Assert.True((await _commands.Get<AdminService>().AddAsync(_guild, 1, 30, 100, null, default)).Succeeded);
        using var http = EconomyApiClient.Create(fixture);

        using var squat = await http.SendAsync(EconomyApiClient.Post(
            $"/api/guilds/{_guild}/transfers", new { fromUserId = 30, toUserId = 31, amount = 5 }, "interaction:" + interactionId));
        var reply = await _commands.Get<EconomyCommandHandler>().HandleAsync(
            JsonSerializer.Deserialize(Command(_guild, 30, EconomyCommandList.Pay, [User(32), Amount(40)], id: interactionId), Cortex.Discord.Models.DiscordJsonContext.Default.Interaction)!,
            default);

        Assert.Equal(HttpStatusCode.OK, squat.StatusCode);
        Assert.False(reply.Ephemeral, reply.Content);
        Assert.Equal(55, await BalanceAsync(30));
        Assert.Equal(5, await BalanceAsync(31));
        Assert.Equal(40, await BalanceAsync(32));
        Assert.Equal("api:operator:interaction:" + interactionId, await _commands.ScalarAsync<string>(
            "SELECT idempotency_key FROM economy.transactions WHERE guild_id = $1 AND to_user_id = $2", _guild, 31L));
    }

    [Fact]
    public void Callers_get_namespaces_no_other_caller_can_reach()
    {
        Assert.Equal("api:shop:k", IdempotencyKeyHeader.For("shop", "k"));
        Assert.NotEqual(IdempotencyKeyHeader.For("a:b", "c"), IdempotencyKeyHeader.For("a", "b:c"));
        Assert.Equal("api:anonymous:k", IdempotencyKeyHeader.For(null, "k"));
    }

    private Task<long> BalanceAsync(long userId) =>
        _commands.ScalarAsync<long>("SELECT coalesce((SELECT balance FROM economy.users WHERE guild_id = $1 AND user_id = $2), 0)", _guild, userId);
}
