using Cortex.Tests.Sharding;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

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

    public static TheoryData<string> Readers => ["ai", "economy"];

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task A_reader_whose_group_vanished_with_the_stream_reads_everything_written_after(string reader)
    {
        var stream = "lostgroup:" + reader;
        BackgroundService consumer = reader == "ai" ? new RecordingAiConsumer(_redis.Connection, stream, "g") : new RecordingEconomyConsumer(_redis.Connection, stream, "g");
        var seen = ((IRecordingConsumer)consumer).Seen;
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => await ConsumerGroups.CountAsync(_redis.Database, stream) == 1);
            await AddAsync(stream, "before");
            await WaitUntilAsync(() => Task.FromResult(seen.ContainsKey("before")));

            await _redis.Database.KeyDeleteAsync(stream); // the data is gone, the group with it
            string[] after = ["after-1", "after-2", "after-3"];
            foreach (var id in after)
            {
                await AddAsync(stream, id);
            }

            await WaitUntilAsync(() => Task.FromResult(after.All(seen.ContainsKey)));
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
        }
    }

    private Task<RedisValue> AddAsync(string stream, string id) =>
        _redis.Database.StreamAddAsync(stream, [new NameValueEntry("t", "MESSAGE_CREATE"), new NameValueEntry("id", id), new NameValueEntry("d", "{}")]);

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
