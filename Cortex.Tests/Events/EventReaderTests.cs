using Cortex.Tests.Faults;
using Cortex.Tests.Support;
using StackExchange.Redis;

namespace Cortex.Tests.Events;

/// <summary>
/// The one consumer-group reader every service uses (<see cref="Cortex.Events.Consuming.EventReader"/>), on a
/// redis-server of its own: a dead consumer's pending entry is claimed and handled once, a duplicate delivered to two
/// consumers at once is handled once, a poison entry is retried a bounded number of times and then parked in the
/// capped dead-letter stream.
/// </summary>
public sealed class EventReaderTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task An_entry_a_dead_consumer_left_pending_is_claimed_and_handled_once()
    {
        const string stream = "claim:messages";
        await _redis.Database.StreamCreateConsumerGroupAsync(stream, "g", "$", createStream: true);
        await _redis.Database.StreamAddAsync(stream, ConsumerGroups.Message(7));
        // A consumer that read the entry and died before acknowledging it.
        Assert.Single(await _redis.Database.StreamReadGroupAsync(stream, "g", "dead-consumer", ">", 10));

        await using var reader = RecordingReader.Create(_redis.Connection, stream, "g");
        await reader.StartAsync();
        await WaitUntilAsync(() => reader.Seen.ContainsKey("7"));
        await WaitUntilAsync(async () => (await _redis.Database.StreamPendingAsync(stream, "g")).PendingMessageCount == 0);
        await Task.Delay(1_500); // more claim passes: nothing comes back

        Assert.Equal(1, reader.Seen["7"]);
    }

    [Fact]
    public async Task Duplicates_read_by_two_consumers_at_once_are_handled_once_each()
    {
        const string stream = "dedupe:messages";
        await _redis.Database.StreamCreateConsumerGroupAsync(stream, "g", "$", createStream: true);
        var settings = new Dictionary<string, string?> { ["MaxConcurrency"] = "16", ["BatchSize"] = "16" };
        await using var first = RecordingReader.Create(_redis.Connection, stream, "g", "c1", settings);
        await using var second = RecordingReader.Create(_redis.Connection, stream, "g", "c2", settings);
        // A slow handler keeps each id busy while its copy is read by the other consumer.
        first.Handler.Behaviour = second.Handler.Behaviour = _ => Task.Delay(100);

        var ids = Enumerable.Range(1, 60).Select(i => (ulong)(1000 + i)).ToArray();
        foreach (var id in ids)
        {
            await _redis.Database.StreamAddAsync(stream, ConsumerGroups.Message(id));
            await _redis.Database.StreamAddAsync(stream, ConsumerGroups.Message(id)); // at-least-once: delivered twice
        }

        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await WaitUntilAsync(() => ids.All(id => first.Seen.ContainsKey($"{id}") || second.Seen.ContainsKey($"{id}")));
        await WaitUntilAsync(async () => (await _redis.Database.StreamPendingAsync(stream, "g")).PendingMessageCount == 0);

        Assert.All(ids, id => Assert.Equal(1, first.Seen.GetValueOrDefault($"{id}") + second.Seen.GetValueOrDefault($"{id}")));
        Assert.True(!first.Seen.IsEmpty && !second.Seen.IsEmpty, "both consumers took part");
    }

    [Fact]
    public async Task A_poison_entry_is_tried_max_deliveries_times_then_parked_in_the_dead_letters_and_acknowledged()
    {
        const string stream = "poison:messages";
        using var deadLettered = new EventCounter("cortex.events.dead_lettered", stream);
        await using var reader = RecordingReader.Create(_redis.Connection, stream, "g", settings: new Dictionary<string, string?>
        {
            ["MaxDeliveries"] = "3",
            ["ClaimIdle"] = "00:00:00.200",
            ["ClaimInterval"] = "00:00:00.100",
        });
        reader.Handler.Behaviour = message => message.Content == "poison" ? throw new InvalidOperationException("cannot handle") : Task.CompletedTask;
        await reader.StartAsync();
        await WaitUntilAsync(async () => await ConsumerGroups.CountAsync(_redis.Database, stream) == 1);

        await _redis.Database.StreamAddAsync(stream, ConsumerGroups.Message(66, "poison"));
        await _redis.Database.StreamAddAsync(stream, ConsumerGroups.Message(67, "fine"));
        await WaitUntilAsync(async () => await _redis.Database.StreamLengthAsync(stream + ":dead") == 1);
        await WaitUntilAsync(async () => (await _redis.Database.StreamPendingAsync(stream, "g")).PendingMessageCount == 0);
        await Task.Delay(1_000); // further claim passes: it is not tried again

        Assert.Equal(3, reader.Handler.Calls["66"]);
        Assert.Equal(1, reader.Seen["67"]);
        var dead = Assert.Single(await _redis.Database.StreamRangeAsync(stream + ":dead"));
        Assert.Equal("66", (string?)dead["id"]);
        Assert.Equal("g", (string?)dead["dead.group"]);
        Assert.Equal("3", (string?)dead["dead.deliveries"]);
        Assert.Equal(typeof(InvalidOperationException).FullName, (string?)dead["dead.error"]);
        Assert.Equal(1, deadLettered.Value);
    }

    [Fact]
    public async Task The_dead_letter_stream_keeps_only_its_newest_entries_and_a_malformed_entry_goes_there_at_once()
    {
        const string stream = "cap:messages";
        await using var reader = RecordingReader.Create(_redis.Connection, stream, "g", settings: new Dictionary<string, string?> { ["DeadLetterMaxLength"] = "100" });
        await reader.StartAsync();
        await WaitUntilAsync(async () => await ConsumerGroups.CountAsync(_redis.Database, stream) == 1);

        for (var i = 0; i < 130; i++)
        {
            await _redis.Database.StreamAddAsync(stream, [new NameValueEntry("t", "MESSAGE_CREATE"), new NameValueEntry("id", 5000 + i), new NameValueEntry("d", "{not json")]);
        }

        // XINFO STREAM fails on a key that does not exist yet, so wait for the first dead letter before reading its id.
        await WaitUntilAsync(async () => await _redis.Database.KeyExistsAsync(stream + ":dead")
            && (await _redis.Database.StreamInfoAsync(stream + ":dead")).LastGeneratedId.ToString() is { } last
            && (await _redis.Database.StreamRangeAsync(stream + ":dead", last, last)) is [var newest] && (string?)newest["id"] == "5129");

        Assert.Equal(100, await _redis.Database.StreamLengthAsync(stream + ":dead"));
        Assert.Equal(0, (await _redis.Database.StreamPendingAsync(stream, "g")).PendingMessageCount);
        Assert.Empty(reader.Handler.Calls);
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
