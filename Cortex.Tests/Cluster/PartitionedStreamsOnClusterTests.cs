using System.Globalization;
using Cortex.Events.Streams;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Interactions;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Routing;
using Cortex.Tests.Events;
using Cortex.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Cluster;

/// <summary>
/// Guild-partitioned streams on a three-node Redis Cluster: the partitions land on different nodes, the router's
/// appends, the HTTP intake and the readers' leases each stay in one slot, and each guild's order holds.
/// </summary>
public sealed class PartitionedStreamsOnClusterTests(RedisCluster cluster) : IClassFixture<RedisCluster>
{
    [Fact]
    public async Task Each_guilds_messages_are_handled_once_in_order_with_partitions_spread_over_the_nodes()
    {
        var scenario = new GuildOrderScenario(cluster.Connection, "cluster-order", partitions: 6);

        await scenario.RunAsync();

        GuildOrderAssertions.InOrderExactlyOnce(scenario.Ledger);
        Assert.True(scenario.Streams.Select(stream => cluster.NodeOf(stream)).Distinct().Count() >= 2, "the partitions share one node");
    }

    [Fact]
    public async Task An_interaction_taken_over_http_goes_to_its_guilds_partition_and_is_not_streamed_again_by_the_gateway()
    {
        var options = new GatewayOptions
        {
            ReplicaId = "cluster-test",
            KeyPrefix = "pintake:",
            MessagesStream = "pintake:messages",
            InteractionsStream = "pintake:interactions",
            StreamPartitions = 4,
        };
        options.ResolveReplicaId();
        var keys = new GatewayKeys(options.KeyPrefix);
        var intake = new InteractionIntake(cluster.Connection, Options.Create(options));
        var router = new StreamRouter(cluster.Connection, keys, Options.Create(options));
        await cluster.Database.StringSetAsync(keys.Lease(0), "cluster-test");
        var guild = GuildOrderScenario.GuildIds[5];
        var id = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        var partition = EventPartitions.StreamOf("pintake:interactions", EventPartitions.Of(guild, 4), 4);

        Assert.True(await intake.AcceptAsync(id.ToString(CultureInfo.InvariantCulture), guild, "{}"u8.ToArray()));
        var routed = await router.RouteAsync(new RouteBatch(0, 1, "session-p", new Uri("ws://127.0.0.1:1/"), DateTimeOffset.UtcNow),
            [new RoutedEvent(StreamRouter.InteractionsStream, "INTERACTION_CREATE", 1, id, "{}"u8.ToArray(), guild)], 1);

        Assert.Equal((0, 1), (routed.Added, routed.Skipped));
        var entry = Assert.Single(await cluster.Database.StreamRangeAsync(partition));
        Assert.Equal(guild.ToString(CultureInfo.InvariantCulture), (string?)entry[EventStreams.Fields.Guild]);
    }
}
