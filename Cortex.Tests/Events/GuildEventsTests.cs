using Cortex.Events.Streams;
using Cortex.Tests.Faults;
using Cortex.Tests.Gateway;
using Cortex.Tests.Support;
using StackExchange.Redis;

namespace Cortex.Tests.Events;

/// <summary>
/// GUILD_CREATE / GUILD_DELETE on the event backbone, on a redis-server of the test's own: decoded once into
/// Cortex.Discord's models, and told apart by their stream entry (they carry no event id): a redelivered entry is
/// skipped, the same guild's next GUILD_CREATE is handled, and equal entry ids in two partitions are two events.
/// </summary>
public sealed class GuildEventsTests : IAsyncLifetime
{
    private const ulong Guild = 930_000_000_000_000_001;
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Guild_events_decode_into_the_guild_and_unavailable_guild_models()
    {
        await using var consumer = await StartAsync("decode");
        await _redis.Database.StreamAddAsync("decode:guilds", GuildEntries.Create(Guild, "Decoded"));
        await _redis.Database.StreamAddAsync("decode:guilds", GuildEntries.Delete(Guild + 10, unavailable: true));
        await _redis.Database.StreamAddAsync("decode:guilds", GuildEntries.Delete(Guild + 20, unavailable: false));

        await WaitUntilAsync(() => consumer.Log.Calls.Count == 3);

        var created = Assert.Single(consumer.Log.Calls, call => call.Type == "GUILD_CREATE");
        Assert.Equal((Guild, "Decoded", 2, 1), (created.GuildId, created.Name, created.Channels, created.Roles));
        Assert.False(Assert.Single(consumer.Log.Calls, call => call.GuildId == Guild + 10).Removed);
        Assert.True(Assert.Single(consumer.Log.Calls, call => call.GuildId == Guild + 20).Removed);
        Assert.False(await _redis.Database.KeyExistsAsync("decode:guilds:dead"));
    }

    [Fact]
    public async Task A_redelivered_entry_is_skipped_and_the_same_guilds_next_GUILD_CREATE_is_handled()
    {
        await using var consumer = await StartAsync("redeliver");
        await _redis.Database.StreamAddAsync("redeliver:guilds", GuildEntries.Create(Guild, "First session"));
        await WaitUntilAsync(() => consumer.Log.Count("GUILD_CREATE", Guild) == 1);
        // A new session (re-identify): Discord sends the guild's GUILD_CREATE again, the gateway appends a new entry.
        await _redis.Database.StreamAddAsync("redeliver:guilds", GuildEntries.Create(Guild, "Second session", sequence: 2));
        await WaitUntilAsync(() => consumer.Log.Count("GUILD_CREATE", Guild) == 2);
        await WaitUntilAsync(async () => (await _redis.Database.StreamPendingAsync("redeliver:guilds", GuildEventConsumer.Group)).PendingMessageCount == 0);

        // At-least-once: the group is moved back, so both entries are delivered again.
        using var duplicates = new EventCounter("cortex.events.duplicates", "redeliver:guilds");
        await _redis.Database.ExecuteAsync("XGROUP", "SETID", "redeliver:guilds", GuildEventConsumer.Group, "0");
        await WaitUntilAsync(() => duplicates.Value == 2);

        Assert.Equal(["First session", "Second session"], consumer.Log.Calls.Select(call => call.Name));
    }

    [Fact]
    public async Task Equal_entry_ids_in_two_partitions_are_two_events()
    {
        const int partitions = 2;
        var guilds = Enumerable.Range(1, 50).Select(i => Guild + (ulong)i).GroupBy(g => EventPartitions.Of(g, partitions)).Select(p => p.First()).ToArray();
        Assert.Equal(partitions, guilds.Length);
        await using var consumer = await StartAsync("partitions", partitions);
        foreach (var guild in guilds)
        {
            // Redis numbers entries per key: two partitions can hand out the same id.
            await _redis.Database.StreamAddAsync(EventPartitions.StreamOf("partitions:guilds", EventPartitions.Of(guild, partitions), partitions), GuildEntries.Create(guild, "g" + guild), "5-1");
        }

        await WaitUntilAsync(() => guilds.All(guild => consumer.Log.Count("GUILD_CREATE", guild) == 1));
        Assert.All(consumer.Log.Calls, call => Assert.Equal("5-1", call.EntryId));
    }

    private async Task<GuildEventConsumer> StartAsync(string prefix, int partitions = 1)
    {
        var consumer = await GuildEventConsumer.StartAsync(_redis.Connection, prefix, partitions);
        var streams = EventPartitions.All(prefix + ":guilds", partitions).ToArray();
        await WaitUntilAsync(async () =>
        {
            foreach (var stream in streams)
            {
                if (await ConsumerGroups.CountAsync(_redis.Database, stream) == 0)
                {
                    return false;
                }
            }

            return true;
        });
        return consumer;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
