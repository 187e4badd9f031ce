using Cortex.Events.Streams;
using StackExchange.Redis;

namespace Cortex.Tests.Gateway;

/// <summary>Reads the event streams back and counts each event id: the proof of "zero lost, zero twice".</summary>
public static class StreamLedger
{
    public sealed record Entry(string Type, int Shard, int Sequence, string Id, string Data);

    public static async Task<IReadOnlyList<Entry>> ReadAsync(IDatabase database, string stream)
    {
        var entries = await database.StreamRangeAsync(stream);
        return [.. entries.Select(e => new Entry(
            e[EventStreams.Fields.Type]!,
            (int)e[EventStreams.Fields.Shard],
            (int)e[EventStreams.Fields.Sequence],
            e[EventStreams.Fields.Id]!,
            e[EventStreams.Fields.Payload]!))];
    }

    /// <summary>Asserts every expected id is in the stream exactly once, and nothing else is.</summary>
    public static async Task AssertExactlyOnceAsync(IDatabase database, string stream, IReadOnlyCollection<string> expectedIds)
    {
        var entries = await ReadAsync(database, stream);
        var duplicates = entries.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}×{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, $"delivered twice: {string.Join(", ", duplicates)}");
        var missing = expectedIds.Except(entries.Select(e => e.Id)).ToList();
        Assert.True(missing.Count == 0, $"lost: {string.Join(", ", missing)} (stream has {entries.Count})");
        Assert.Equal(expectedIds.Count, entries.Count);
    }

    /// <summary>Waits until the stream holds every expected id (or the timeout passes).</summary>
    public static async Task WaitForAsync(IDatabase database, string stream, IReadOnlyCollection<string> expectedIds, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var ids = (await ReadAsync(database, stream)).Select(e => e.Id).ToHashSet();
            if (expectedIds.All(ids.Contains))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The stream has {ids.Count} of {expectedIds.Count} expected events; missing {string.Join(",", expectedIds.Except(ids).Take(10))}.");
            }

            await Task.Delay(50);
        }
    }
}
