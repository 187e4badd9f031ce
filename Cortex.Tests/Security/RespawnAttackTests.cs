using System.Collections.Concurrent;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Cortex.Tests.Security;

/// <summary>
/// Issue 14's second attack: respawning shards. A respawn is a message on the gateway's control channel in Redis;
/// the test listens there. Without the operator key nothing is published from any surface, while the dashboard's
/// command (through the AppHost, with the key) publishes at once.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class RespawnAttackTests(CortexAppFixture fixture)
{
    private static readonly RedisChannel Control = RedisChannel.Literal("gateway:control");

    [Fact]
    public async Task Respawns_without_the_operator_key_are_refused_and_publish_nothing_while_the_dashboard_command_works()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.ConnectionStringAsync("redis"));
        var published = new ConcurrentQueue<string>();
        await redis.GetSubscriber().SubscribeAsync(Control, (_, message) => published.Enqueue(message.ToString()));

        foreach (var (surface, client) in AttackSurfaces.Of(fixture, "gateway"))
        {
            using (client)
            {
                foreach (var path in new[] { "/shards/respawn", "/shards/0/respawn", "/shards/1/respawn" })
                {
                    using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path).FromNewClient());
                    AttackSurfaces.AssertRefused(response, $"POST {path} ({surface})");
                }
            }
        }

        // A published command reaches a subscriber in milliseconds; a second is ample on a loaded machine.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(published);

#pragma warning disable ASPIREINTERACTION001
        var arguments = new InteractionInputCollection([new InteractionInput { Name = "shard", Label = "Shard id", InputType = InputType.Number, Value = "0" }]);
#pragma warning restore ASPIREINTERACTION001
        var result = await fixture.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("gateway", "respawn-shard", arguments);
        Assert.True(result.Success, result.Message);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (published.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Single(published);
    }
}
