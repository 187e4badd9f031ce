using System.Text;
using Cortex.Events.Streams;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Identify;
using Cortex.Gateway.Interactions;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Leases;
using Cortex.Gateway.Metrics;
using Cortex.Gateway.Routing;
using Cortex.Gateway.Sharding;
using Cortex.Tests.Gateway;
using Cortex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Cluster;

/// <summary>
/// The gateway's multi-key scripts and reads on a three-node Redis Cluster: each stays in one hash slot (main's key
/// names failed here with CROSSSLOT), and per-shard keys spread over the nodes.
/// </summary>
public sealed class GatewayScriptsOnClusterTests(RedisCluster cluster) : IClassFixture<RedisCluster>
{
    private static readonly Uri ResumeUrl = new("ws://127.0.0.1:1/gateway/resume");

    [Fact]
    public async Task Routing_messages_and_interactions_works_on_a_cluster_and_skips_replays()
    {
        var (router, keys) = Router("route");
        await cluster.Database.StringSetAsync(keys.Lease(3), "cluster-test");
        var batch = new RouteBatch(3, 8, "session-a", ResumeUrl, DateTimeOffset.UtcNow);

        var first = await router.RouteAsync(batch, [Message(1), Interaction(2, 9001), Message(3)], 3);
        var replay = await router.RouteAsync(batch with { Confirmed = first.Delivered }, [Message(3), Interaction(4, 9002), Message(5)], 5);

        Assert.Equal((3, 0, 3), (first.Added, first.Skipped, first.Delivered));
        Assert.Equal((2, 1, 5), (replay.Added, replay.Skipped, replay.Delivered));
        Assert.Equal([1, 3, 5], (await StreamLedger.ReadAsync(cluster.Database, "route:messages")).Select(e => e.Sequence));
        Assert.Equal(["9001", "9002"], (await StreamLedger.ReadAsync(cluster.Database, "route:interactions")).Select(e => e.Id));
        Assert.True(await cluster.Database.KeyExistsAsync(keys.Session(3)));
    }

    [Fact]
    public async Task On_a_cluster_the_session_is_saved_by_the_fence_one_batch_behind_the_streams()
    {
        var (router, keys) = Router("behind");
        await cluster.Database.StringSetAsync(keys.Lease(5), "cluster-test");
        var batch = new RouteBatch(5, 8, "session-b", ResumeUrl, DateTimeOffset.UtcNow);

        // The fence (the shard's slot) runs before the appends (the stream's slot): it saves only what is already routed.
        var first = await router.RouteAsync(batch, [Message(7)], 9);
        Assert.Equal(0, await LastSequenceAsync(keys.Session(5)));

        await router.RouteAsync(batch with { Confirmed = first.Delivered }, [Message(10)], 10);
        Assert.Equal(9, await LastSequenceAsync(keys.Session(5)));
    }

    [Fact]
    public async Task An_interaction_taken_over_http_is_not_streamed_again_by_the_gateway_on_a_cluster()
    {
        var intake = new InteractionIntake(cluster.Connection, Options.Create(new GatewayOptions()));
        var (router, keys) = Router("intake", EventStreams.Interactions);
        await cluster.Database.StringSetAsync(keys.Lease(0), "cluster-test");
        var id = (ulong)Random.Shared.NextInt64(1, long.MaxValue);

        Assert.True(await intake.AcceptAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), 0, "{}"u8.ToArray()));
        Assert.False(await intake.AcceptAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), 0, "{}"u8.ToArray()));
        var routed = await router.RouteAsync(new RouteBatch(0, 1, "session-i", ResumeUrl, DateTimeOffset.UtcNow), [Interaction(1, id)], 1);

        Assert.Equal((0, 1), (routed.Added, routed.Skipped));
    }

    [Fact]
    public async Task The_identify_gate_takes_slots_and_counts_session_starts_on_a_cluster()
    {
        var options = new GatewayOptions { KeyPrefix = "gate:", IdentifyInterval = TimeSpan.FromMilliseconds(200), ReplicaId = "cluster-test", SessionStartReserve = 1 };
        options.ResolveReplicaId();
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var gate = new RedisIdentifyGate(cluster.Connection, Options.Create(options), new GatewayKeys("gate:"),
            new GatewayMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), TimeProvider.System, NullLogger<RedisIdentifyGate>.Instance)
        { MaxConcurrency = 2 };
        await gate.SetSessionStartsAsync(new SessionStartLimit(1000, 3, 60_000, 2));

        await gate.WaitAsync(0, CancellationToken.None);
        await gate.IdentifySentAsync(0, CancellationToken.None);
        await gate.WaitAsync(1, CancellationToken.None);

        Assert.Equal("1", (string?)await cluster.Database.StringGetAsync("gate:{identify}:remaining"));
        await Assert.ThrowsAsync<SessionStartLimitExhaustedException>(() => gate.WaitAsync(2, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Shard_owners_are_read_per_shard_from_every_node()
    {
        const int shards = 24;
        var keys = new GatewayKeys("owners:");
        var options = new GatewayOptions { KeyPrefix = "owners:", ReplicaId = "cluster-test" };
        options.ResolveReplicaId();
        var leases = new ShardLeases(cluster.Connection, keys, Options.Create(options), TimeProvider.System);
        foreach (var shard in Enumerable.Range(0, shards).Where(shard => shard % 2 == 0))
        {
            Assert.True(await leases.TryAcquireAsync(shard));
        }

        var owners = await leases.OwnersAsync(shards);

        Assert.Equal(Enumerable.Range(0, shards).Select(shard => shard % 2 == 0 ? "cluster-test" : null), owners);
        Assert.Equal(3, Enumerable.Range(0, shards).Select(shard => cluster.NodeOf(keys.Lease(shard))).Distinct().Count());
    }

    private async Task<int> LastSequenceAsync(StackExchange.Redis.RedisKey key) =>
        System.Text.Json.Nodes.JsonNode.Parse((string)(await cluster.Database.StringGetAsync(key))!)!["lastSeq"]!.GetValue<int>();

    private (StreamRouter Router, GatewayKeys Keys) Router(string prefix, string? interactions = null)
    {
        var options = new GatewayOptions
        {
            ReplicaId = "cluster-test",
            KeyPrefix = prefix + ":",
            MessagesStream = prefix + ":messages",
            InteractionsStream = interactions ?? prefix + ":interactions",
        };
        options.ResolveReplicaId();
        var keys = new GatewayKeys(options.KeyPrefix);
        return (new StreamRouter(cluster.Connection, keys, Options.Create(options)), keys);
    }

    private static RoutedEvent Message(int sequence) =>
        new(StreamRouter.MessagesStream, "MESSAGE_CREATE", sequence, (ulong)sequence, Encoding.UTF8.GetBytes($"{{\"id\":\"{sequence}\"}}"));

    private static RoutedEvent Interaction(int sequence, ulong id) =>
        new(StreamRouter.InteractionsStream, "INTERACTION_CREATE", sequence, id, Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\"}}"));
}
