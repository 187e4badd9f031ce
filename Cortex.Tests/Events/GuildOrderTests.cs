using Cortex.Events.Streams;
using Cortex.Tests.Support;

namespace Cortex.Tests.Events;

/// <summary>
/// Partitioned streams keep each guild's order: the gateway's router spreads guilds over four partitions, three
/// consumers of one group (eight handlers at once each) share them, one leaves half-way, and every guild's messages are
/// handled exactly once, in the order they were routed, never two of one guild at once.
/// </summary>
public sealed class GuildOrderTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Each_guilds_messages_are_handled_once_in_order_across_partitions_and_consumers()
    {
        var scenario = new GuildOrderScenario(_redis.Connection, "order", partitions: 4);

        await scenario.RunAsync();

        GuildOrderAssertions.InOrderExactlyOnce(scenario.Ledger);
        foreach (var stream in scenario.Streams)
        {
            Assert.True(await _redis.Database.StreamLengthAsync(stream) > 0, $"{stream} got no guild");
        }
    }

    [Fact]
    public async Task Guilds_map_to_stable_partitions_and_one_partition_keeps_the_plain_stream_name()
    {
        Assert.Equal("cortex:events:messages", EventPartitions.StreamOf("cortex:events:messages", 0, 1));
        Assert.Equal("{cortex:events:messages:3}", EventPartitions.StreamOf("cortex:events:messages", 3, 8));
        Assert.Equal(0, EventPartitions.Of(0, 8)); // a DM
        var spread = GuildOrderScenario.GuildIds.GroupBy(guild => EventPartitions.Of(guild, 4)).Select(g => g.Count()).ToList();
        Assert.Equal(4, spread.Count);
        Assert.All(spread, count => Assert.InRange(count, 2, 12));
        Assert.NotNull(EventPartitions.Problem("{tagged}:messages", 4));
        Assert.Null(EventPartitions.Problem("{tagged}:messages", 1));
        await Task.CompletedTask;
    }
}

internal static class GuildOrderAssertions
{
    public static void InOrderExactlyOnce(GuildOrderLedger ledger)
    {
        Assert.Equal(GuildOrderScenario.Guilds * GuildOrderScenario.PerGuild, ledger.Calls.Count);
        Assert.All(ledger.Calls, call => Assert.Equal(1, call.Value));
        Assert.All(GuildOrderScenario.GuildIds, guild =>
            Assert.Equal(Enumerable.Range(0, GuildOrderScenario.PerGuild), ledger.Order[guild]));
        Assert.Equal(0, ledger.Overlaps);
        Assert.True(ledger.ByConsumer.Count >= 2, "the consumers shared the partitions: " + string.Join(", ", ledger.ByConsumer));
    }
}
