using System.Globalization;
using Cortex.Gateway.Keys;
using StackExchange.Redis;

namespace Cortex.Gateway.Routing;

/// <summary>
/// The keys and arguments of one <see cref="RouteScripts.Append"/> call: fenced in the call (the lease and session first) or
/// not, then one part per stream partition.
/// </summary>
internal sealed class AppendCall
{
    private readonly List<RedisKey> _keys;
    private readonly List<RedisValue> _arguments;

    private AppendCall(RouteBatch batch, int events, RedisKey[] fenceKeys, RedisValue replica, RedisValue session, long sessionTtl)
    {
        _keys = new List<RedisKey>(fenceKeys.Length + 4 + events);
        _keys.AddRange(fenceKeys);
        _arguments = new List<RedisValue>(9 + (events * 5)) { replica, session, sessionTtl, batch.SessionId, batch.ShardId };
    }

    /// <summary>A call that checks the lease itself and saves <paramref name="session"/> after its appends (a single Redis).</summary>
    public static AppendCall Fenced(RouteBatch batch, int events, RedisKey lease, RedisKey sessionKey, string replica, byte[] session, long sessionTtl) =>
        new(batch, events, [lease, sessionKey], replica, session, sessionTtl);

    /// <summary>A call after the fence ran on its own (a cluster: the fence's keys are in another slot).</summary>
    public static AppendCall Unfenced(RouteBatch batch, int events) => new(batch, events, [], string.Empty, RedisValue.EmptyString, 0);

    /// <summary>Adds the events of <paramref name="bucket"/> (<paramref name="buckets"/>[i] is events[i]'s), bound for <paramref name="streamKey"/>.</summary>
    public void AddPartition(string streamKey, int shardId, TimeSpan seenFor, IReadOnlyList<RoutedEvent> events, int[] buckets, int bucket)
    {
        var count = 0;
        for (var i = 0; i < events.Count; i++)
        {
            count += buckets[i] == bucket ? 1 : 0;
        }

        _keys.Add(streamKey);
        _keys.Add(GatewayKeys.Delivered(streamKey, shardId));
        _arguments.Add(count);
        _arguments.Add((long)seenFor.TotalMilliseconds);
        for (var i = 0; i < events.Count; i++)
        {
            if (buckets[i] != bucket)
            {
                continue;
            }

            var routed = events[i];
            if (seenFor > TimeSpan.Zero)
            {
                _keys.Add(GatewayKeys.InteractionSeen(streamKey, routed.Id.ToString(CultureInfo.InvariantCulture)));
            }

            _arguments.Add(routed.EventName);
            _arguments.Add(routed.Sequence);
            _arguments.Add(routed.Id);
            _arguments.Add(routed.GuildId);
            _arguments.Add(routed.Data);
        }
    }

    /// <summary>Runs the call: entries added, replays skipped, the highest mark; null when the lease is someone else's.</summary>
    public async Task<(long Added, long Skipped, int Mark)?> RunAsync(IDatabase database)
    {
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RouteScripts.Append, [.. _keys], [.. _arguments]))!;
        var added = (long)result[0];
        return added < 0 ? null : (added, (long)result[1], (int)(long)result[2]);
    }
}
