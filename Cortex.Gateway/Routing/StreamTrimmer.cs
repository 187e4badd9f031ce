using StackExchange.Redis;

namespace Cortex.Gateway.Routing;

/// <summary>
/// Trims an event stream below the oldest entry some consumer group still needs: per group, the
/// oldest pending (delivered, not acknowledged) entry, or the entry after the last one delivered;
/// the stream keeps everything from the smallest of those (<c>XTRIM MINID</c>). Nothing a group has
/// not acknowledged is removed, however far it lags. Only past the hard cap does the stream lose
/// unread entries (<c>XTRIM MAXLEN</c>), counted and logged as an error, never silently.
/// A stream with no group yet keeps up to the hard cap. Acknowledged entries younger than the
/// retention stay too (stream ids are Redis's milliseconds): a short replay window for operators
/// and for a group created later, at the cost of that window's memory.
/// </summary>
internal sealed class StreamTrimmer(IConnectionMultiplexer redis, TimeProvider? clock = null)
{
    public async Task<StreamTrimReport> TrimAsync(string stream, long hardCap, TimeSpan retention = default)
    {
        var database = redis.GetDatabase();
        var groups = new List<GroupState>();

        // A stream nothing has been appended to yet (no interaction so far) has nothing to trim; XINFO would answer "no such key".
        if (!await database.KeyExistsAsync(stream))
        {
            return new StreamTrimReport(stream, 0, 0, 0, groups);
        }

        string? keepFrom = null;
        foreach (var group in await database.StreamGroupInfoAsync(stream))
        {
            var pending = group.PendingMessageCount > 0 ? (await database.StreamPendingAsync(stream, group.Name)).LowestPendingMessageId : RedisValue.Null;
            var needed = pending.IsNull ? Successor(group.LastDeliveredId) : pending.ToString();
            groups.Add(new GroupState(group.Name, group.PendingMessageCount, group.Lag ?? 0));
            keepFrom = keepFrom is null || CompareIds(needed, keepFrom) < 0 ? needed : keepFrom;
        }

        if (keepFrom is not null && retention > TimeSpan.Zero)
        {
            var retainedFrom = ((clock ?? TimeProvider.System).GetUtcNow() - retention).ToUnixTimeMilliseconds() + "-0";
            keepFrom = CompareIds(retainedFrom, keepFrom) < 0 ? retainedFrom : keepFrom;
        }

        var trimmed = keepFrom is null ? 0 : await database.StreamTrimByMinIdAsync(stream, keepFrom);
        var length = await database.StreamLengthAsync(stream);
        long droppedUnread = 0;
        if (length > hardCap)
        {
            droppedUnread = await database.StreamTrimAsync(stream, hardCap);
            length -= droppedUnread;
        }

        return new StreamTrimReport(stream, length, trimmed, droppedUnread, groups);
    }

    // The smallest id greater than the last delivered one: what the group reads next.
    private static string Successor(string? lastDelivered)
    {
        if (string.IsNullOrEmpty(lastDelivered) || lastDelivered == "0" || lastDelivered == "0-0")
        {
            return "0-1";
        }

        var dash = lastDelivered.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? lastDelivered + "-1" : lastDelivered[..dash] + "-" + (ulong.Parse(lastDelivered[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture) + 1);
    }

    private static int CompareIds(string left, string right)
    {
        static (ulong Ms, ulong Seq) Parse(string id)
        {
            var dash = id.IndexOf('-', StringComparison.Ordinal);
            return dash < 0
                ? (ulong.Parse(id, System.Globalization.CultureInfo.InvariantCulture), 0)
                : (ulong.Parse(id[..dash], System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(id[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return Parse(left).CompareTo(Parse(right));
    }
}

/// <param name="Trimmed">Entries every group had acknowledged, removed now.</param>
/// <param name="DroppedUnread">Entries removed by the hard cap although a group still needed them.</param>
internal sealed record StreamTrimReport(string Stream, long Length, long Trimmed, long DroppedUnread, IReadOnlyList<GroupState> Groups);

/// <param name="Lag">Entries not yet delivered to the group (Redis 7's <c>XINFO GROUPS</c> lag).</param>
internal sealed record GroupState(string Name, long Pending, long Lag);
