using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Cortex.Commands;
using Cortex.Discord.Streams;
using Cortex.Economy.Admin;
using Cortex.Economy.Commands;
using Cortex.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using static Cortex.Tests.Economy.InteractionPayloads;

namespace Cortex.Tests.Economy;

/// <summary>
/// The consumer group on a stream of the test's own, answering through the HTTP responder to a
/// local endpoint that records Discord's callback requests.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class InteractionConsumerTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly long _guild = TestIds.NewGuild();
    private readonly string _stream = "test:interactions:" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<(string Path, JsonElement Body)> _callbacks = new();
    private WebApplication _discord = null!;
    private EconomyTestHost _host = null!;
    private IDatabase _redis = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _discord = builder.Build();
        _discord.MapPost("/api/v10/interactions/{id}/{token}/callback", async (HttpRequest request) =>
        {
            _callbacks.Enqueue((request.Path, await JsonSerializer.DeserializeAsync<JsonElement>(request.Body)));
            return Results.NoContent();
        });
        await _discord.StartAsync();
        var discordAddress = _discord.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _host = await EconomyTestHost.StartAsync(fixture, "interactions", settings: new Dictionary<string, string?>
        {
            ["Discord:RestBaseAddress"] = discordAddress + "/api/v10/",
            ["Discord:Token"] = "test.bot.token",
            ["Economy:Interactions:Stream:Stream"] = _stream,
            ["Economy:Interactions:Stream:ReclaimAfter"] = "00:00:00.500",
            ["Economy:Interactions:AnsweredKeyPrefix"] = _stream + ":answered",
            ["Economy:MessageXp:Stream:Stream"] = _stream + ":messages",
        }, withCommands: true);
        _redis = _host.Get<IConnectionMultiplexer>().GetDatabase();
        // The consumer creates its group on start; wait for it so entries added now are delivered.
        for (var attempt = 0; attempt < 100 && !await GroupExistsAsync(); attempt++)
        {
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _discord.DisposeAsync();
    }

    private async Task<bool> GroupExistsAsync()
    {
        try
        {
            return (await _redis.StreamGroupInfoAsync(_stream)).Any(group => group.Name == "economy");
        }
        catch (RedisServerException)
        {
            return false;
        }
    }

    private Task<RedisValue> AddAsync(string interactionJson, string id) => _redis.StreamAddAsync(_stream,
    [
        new(EventStreams.Fields.Type, "INTERACTION_CREATE"),
        new(EventStreams.Fields.Shard, 0),
        new(EventStreams.Fields.Sequence, 1),
        new(EventStreams.Fields.Id, id),
        new(EventStreams.Fields.Payload, interactionJson),
    ]);

    private async Task<(string Path, JsonElement Body)> NextCallbackAsync()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_callbacks.TryDequeue(out var callback))
            {
                return callback;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No interaction callback arrived.");
    }

    private Task<long> BalanceAsync(long userId) =>
        _host.ScalarAsync<long>("SELECT coalesce((SELECT balance FROM economy.users WHERE guild_id = $1 AND user_id = $2), 0)", _guild, userId);

    [Fact]
    public async Task A_pay_command_from_the_stream_is_answered_through_the_callback_and_acknowledged()
    {
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, 10, 100, null, default)).Succeeded);
        var id = NewId();

        await AddAsync(Command(_guild, 10, EconomyCommandList.Pay, [User(11), Amount(25)], id: id), id);
        var (path, body) = await NextCallbackAsync();

        Assert.StartsWith($"/api/v10/interactions/{id}/token-", path, StringComparison.Ordinal);
        Assert.EndsWith("/callback", path, StringComparison.Ordinal);
        Assert.Equal(4, body.GetProperty("type").GetInt32());
        Assert.Contains("paid <@11> **25**", body.GetProperty("data").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.False(body.GetProperty("data").TryGetProperty("flags", out _));
        Assert.Equal(75, await BalanceAsync(10));
        await WaitUntilAsync(async () => (await _redis.StreamPendingAsync(_stream, "economy")).PendingMessageCount == 0);
    }

    [Fact]
    public async Task An_error_is_answered_ephemerally()
    {
        var id = NewId();

        await AddAsync(Command(_guild, 20, EconomyCommandList.Withdraw, [Amount(5)], id: id), id);
        var (_, body) = await NextCallbackAsync();

        Assert.Equal(64, body.GetProperty("data").GetProperty("flags").GetInt32());
    }

    [Fact]
    public async Task A_redelivered_interaction_is_answered_once_and_pays_once()
    {
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, 30, 100, null, default)).Succeeded);
        var id = NewId();
        var interaction = Command(_guild, 30, EconomyCommandList.Pay, [User(31), Amount(10)], id: id);

        await AddAsync(interaction, id);
        await NextCallbackAsync();
        await AddAsync(interaction, id);
        await Task.Delay(1_000);

        Assert.Empty(_callbacks);
        Assert.Equal(90, await BalanceAsync(30));
    }

    [Fact]
    public async Task An_entry_left_pending_by_a_crashed_consumer_is_reclaimed_and_handled()
    {
        Assert.True((await _host.Get<AdminService>().AddAsync(_guild, 1, 40, 100, null, default)).Succeeded);
        var id = NewId();
        // A "crashed" consumer takes the entry and never acknowledges it. Adding and taking happen in
        // one script, so our consumer cannot read it first: it can only reclaim it.
        var interaction = Command(_guild, 40, EconomyCommandList.Pay, [User(41), Amount(7)], id: id);
        var entry = (string)(await _redis.ScriptEvaluateAsync("""
            local id = redis.call('XADD', KEYS[1], '*', 't', 'INTERACTION_CREATE', 'id', ARGV[1], 'd', ARGV[2])
            redis.call('XREADGROUP', 'GROUP', 'economy', 'crashed-consumer', 'COUNT', '100', 'STREAMS', KEYS[1], '>')
            return id
            """, [_stream], [id, interaction]))!;

        var (path, _) = await NextCallbackAsync();

        Assert.Contains(id, path, StringComparison.Ordinal);
        Assert.Equal(93, await BalanceAsync(40));
        await WaitUntilAsync(async () => (await _redis.StreamPendingMessagesAsync(_stream, "economy", 10, RedisValue.Null)).All(pending => pending.MessageId.ToString() != entry));
    }

    [Fact]
    public async Task Other_services_commands_and_garbage_are_acknowledged_without_an_answer()
    {
        var otherId = NewId();
        await AddAsync(Command(_guild, 50, "ask", id: otherId), otherId);
        await AddAsync("{not json", NewId());

        await WaitUntilAsync(async () => (await _redis.StreamPendingAsync(_stream, "economy")).PendingMessageCount == 0);
        await Task.Delay(300);

        Assert.Empty(_callbacks);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("condition not reached in 10 s");
    }
}
