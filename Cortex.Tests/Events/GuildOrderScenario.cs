using System.Globalization;
using System.Text;
using Cortex.Events.Streams;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Routing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Tests.Events;

/// <summary>
/// The gateway's router writes interleaved messages of many guilds into the partitioned stream while three consumers of
/// one group read it; one consumer stops half-way (its partitions are handed over). What each guild's messages were,
/// in the order the gateway routed them, is <see cref="Expected"/>.
/// </summary>
internal sealed class GuildOrderScenario(IConnectionMultiplexer redis, string prefix, int partitions)
{
    public const int Guilds = 24;
    public const int PerGuild = 30;
    private static readonly Uri ResumeUrl = new("ws://127.0.0.1:1/gateway/resume");

    public GuildOrderLedger Ledger { get; } = new();

    public static IReadOnlyList<ulong> GuildIds { get; } = [.. Enumerable.Range(0, Guilds).Select(i => 1_100_000_000_000_000_000UL + ((ulong)i << 22))];

    public IEnumerable<string> Streams => EventPartitions.All(prefix + ":messages", partitions);

    public async Task RunAsync()
    {
        var router = Router(out var keys);
        await redis.GetDatabase().StringSetAsync(keys.Lease(0), "order-test");
        await using var first = await PartitionedConsumer.StartAsync(redis, prefix, partitions, "c1", Ledger);
        await using var second = await PartitionedConsumer.StartAsync(redis, prefix, partitions, "c2", Ledger);
        await using var third = await PartitionedConsumer.StartAsync(redis, prefix, partitions, "c3", Ledger);

        foreach (var stream in Streams)
        {
            await WaitUntilAsync(async () => await Faults.ConsumerGroups.CountAsync(redis.GetDatabase(), stream) == 1);
        }

        var sequence = 0;
        var delivered = 0;
        var random = new Random(17);
        for (var round = 0; round < PerGuild; round++)
        {
            if (round == PerGuild / 2)
            {
                await WaitUntilAsync(() => Ledger.Handled >= Guilds * round / 2);
                await second.StopAsync(); // a replica leaves mid-stream: its partitions move to the others
            }

            var batch = GuildIds.OrderBy(_ => random.Next()).Select(guild => Message(++sequence, guild, round)).ToList();
            var routed = await router.RouteAsync(new RouteBatch(0, 1, "session-order", ResumeUrl, DateTimeOffset.UtcNow, delivered), batch, sequence);
            delivered = routed.Delivered;
            await Task.Delay(random.Next(5, 40));
        }

        await WaitUntilAsync(() => Ledger.Handled >= Guilds * PerGuild);
        await WaitUntilAsync(async () =>
        {
            foreach (var stream in Streams)
            {
                if ((await redis.GetDatabase().StreamPendingAsync(stream, "ordered")).PendingMessageCount > 0)
                {
                    return false;
                }
            }

            return true;
        });
        await Task.Delay(500); // later claim passes: nothing comes back
    }

    public static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    private StreamRouter Router(out GatewayKeys keys)
    {
        var options = new GatewayOptions
        {
            ReplicaId = "order-test",
            KeyPrefix = prefix + ":",
            MessagesStream = prefix + ":messages",
            InteractionsStream = prefix + ":interactions",
            StreamPartitions = partitions,
        };
        options.ResolveReplicaId();
        keys = new GatewayKeys(options.KeyPrefix);
        return new StreamRouter(redis, keys, Options.Create(options));
    }

    private static RoutedEvent Message(int sequence, ulong guild, int counter)
    {
        var id = 1_200_000_000_000_000_000UL + (ulong)sequence;
        var json = $$"""{"id":"{{id}}","channel_id":"2","guild_id":"{{guild}}","author":{"id":"4","username":"u"},"content":"{{counter.ToString(CultureInfo.InvariantCulture)}}","timestamp":"2026-12-03T00:00:00+00:00"}""";
        return new RoutedEvent(StreamRouter.MessagesStream, "MESSAGE_CREATE", sequence, id, Encoding.UTF8.GetBytes(json), guild);
    }
}
