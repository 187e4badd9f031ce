using System.Collections.Concurrent;
using System.Text.Json;
using Cortex.Events.Streams;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Tests.Economy;

/// <summary>
/// The economy's interaction consumer on a stream of the test's own, answering through the REST
/// client to a local endpoint that records every interaction callback and webhook call as Discord
/// would receive them. Tokens listed in <see cref="Expired"/> get Discord's 10062 Unknown interaction.
/// </summary>
internal sealed class InteractionsHarness : IAsyncDisposable
{
    private readonly WebApplication _discord;

    private InteractionsHarness(WebApplication discord, EconomyTestHost host, string stream)
    {
        _discord = discord;
        Host = host;
        Stream = stream;
        Redis = host.Get<IConnectionMultiplexer>().GetDatabase();
    }

    public EconomyTestHost Host { get; }

    public string Stream { get; }

    public IDatabase Redis { get; }

    /// <summary>Every call Discord received: method, path, JSON body (undefined when it had none).</summary>
    public ConcurrentQueue<(string Method, string Path, JsonElement Body)> Calls { get; } = new();

    public ConcurrentDictionary<string, bool> Expired { get; } = new();

    /// <summary>Interactions whose callback Discord refuses as already acknowledged (an earlier delivery deferred them).</summary>
    public ConcurrentDictionary<string, bool> AlreadyAcknowledged { get; } = new();

    public static async Task<InteractionsHarness> StartAsync(CortexAppFixture fixture)
    {
        var stream = "test:interactions:" + Guid.NewGuid().ToString("N")[..8];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.ListenOnLoopback();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var discord = builder.Build();
        var harness = default(InteractionsHarness);
        discord.Map("/api/v10/{**route}", async (HttpRequest request, string route) =>
        {
            if (harness!.Expired.ContainsKey(route.Split('/')[2]))
            {
                return Results.Json(new { message = "Unknown interaction", code = 10062 }, statusCode: 404);
            }

            var body = request.HasJsonContentType() ? await JsonSerializer.DeserializeAsync<JsonElement>(request.Body) : default;
            harness.Calls.Enqueue((request.Method, request.Path, body));
            if (route.EndsWith("/callback", StringComparison.Ordinal) && harness.AlreadyAcknowledged.ContainsKey(route.Split('/')[1]))
            {
                return Results.Json(new { message = "Interaction has already been acknowledged.", code = 40060 }, statusCode: 400);
            }

            return request.Method == "DELETE" || route.EndsWith("/callback", StringComparison.Ordinal)
                ? Results.NoContent()
                : Results.Json(new { id = "1", channel_id = "5", content = "", author = new { id = "1", username = "bot" } });
        });
        var address = await discord.StartOnLoopbackAsync();

        var host = await EconomyTestHost.StartAsync(fixture, "interactions", settings: new Dictionary<string, string?>
        {
            ["Discord:RestBaseAddress"] = new Uri(address, "api/v10/").ToString(),
            ["Discord:Token"] = "test.bot.token",
            ["Events:Streams:Interactions"] = stream,
            ["Events:Streams:Messages"] = stream + ":messages",
            ["Events:Streams:HandledKeyPrefix"] = stream + ":handled",
            ["Events:Consumers:economy:ClaimIdle"] = "00:00:00.500",
            ["Events:Consumers:economy:ClaimInterval"] = "00:00:00.100",
        }, withCommands: true);
        harness = new InteractionsHarness(discord, host, stream);
        // The consumer creates its group on start; wait for it so entries added now are delivered.
        await WaitUntilAsync(harness.GroupExistsAsync);
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _discord.DisposeAsync();
    }

    public Task<RedisValue> AddAsync(string interactionJson, string id) => Redis.StreamAddAsync(Stream,
    [
        new(EventStreams.Fields.Type, "INTERACTION_CREATE"),
        new(EventStreams.Fields.Shard, 0),
        new(EventStreams.Fields.Sequence, 1),
        new(EventStreams.Fields.Id, id),
        new(EventStreams.Fields.Payload, interactionJson),
    ]);

    public async Task<(string Method, string Path, JsonElement Body)> NextCallAsync()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (Calls.TryDequeue(out var call))
            {
                return call;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Discord received no call.");
    }

    public Task<long> BalanceAsync(long guildId, long userId) =>
        Host.ScalarAsync<long>("SELECT coalesce((SELECT balance FROM economy.users WHERE guild_id = $1 AND user_id = $2), 0)", guildId, userId);

    public async Task<bool> NothingPendingAsync() => (await Redis.StreamPendingAsync(Stream, "economy")).PendingMessageCount == 0;

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
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

    private async Task<bool> GroupExistsAsync()
    {
        try
        {
            return (await Redis.StreamGroupInfoAsync(Stream)).Any(group => group.Name == "economy");
        }
        catch (RedisServerException)
        {
            return false;
        }
    }
}
