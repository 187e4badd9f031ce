using Cortex.Tests.Support;

namespace Cortex.Tests.Faults;

/// <summary>
/// Redis came back without its data (no persistence, a failover to an empty replica): the stream and
/// its consumer groups are gone, and the gateway writes the stream anew. Each reader creates its group
/// again, from the start of the new stream, so nothing written after the loss is skipped.
/// </summary>
public sealed class LostGroupTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    /// <summary>One entry at a time (the economy's groups) and a batch at once (the AI worker's).</summary>
    public static TheoryData<int> Concurrency => [1, 16];

    [Theory]
    [MemberData(nameof(Concurrency))]
    public async Task A_reader_whose_group_vanished_with_the_stream_reads_everything_written_after(int concurrency)
    {
        var stream = "lostgroup:" + concurrency;
        await using var consumer = RecordingReader.Create(_redis.Connection, stream, "g", settings: new Dictionary<string, string?> { ["MaxConcurrency"] = $"{concurrency}" });
        var seen = consumer.Seen;
        await consumer.StartAsync();
        await WaitUntilAsync(async () => await ConsumerGroups.CountAsync(_redis.Database, stream) == 1);
        await _redis.Database.StreamAddAsync(stream, ConsumerGroups.Message(100));
        await WaitUntilAsync(() => Task.FromResult(seen.ContainsKey("100")));

        await _redis.Database.KeyDeleteAsync(stream); // the data is gone, the group with it
        ulong[] after = [101, 102, 103];
        foreach (var id in after)
        {
            await _redis.Database.StreamAddAsync(stream, ConsumerGroups.Message(id));
        }

        await WaitUntilAsync(() => Task.FromResult(after.All(id => seen.ContainsKey($"{id}"))));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
