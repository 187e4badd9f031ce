using System.Buffers;
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
    // Sized exactly up front: the script call takes arrays, and a list copied into them doubled the batch's largest allocation.
    private readonly RedisKey[] _keys;
    private readonly RedisValue[] _arguments;
    private int _key;
    private int _argument;
    private List<byte[]>? _headers;

    private AppendCall(int keys, int arguments, RedisKey[] fenceKeys, RedisValue replica, RedisValue session, long sessionTtl, RouteBatch batch)
    {
        _keys = new RedisKey[fenceKeys.Length + keys];
        _arguments = new RedisValue[5 + arguments];
        fenceKeys.CopyTo(_keys, 0);
        _key = fenceKeys.Length;
        foreach (var argument in (ReadOnlySpan<RedisValue>)[replica, session, sessionTtl, batch.SessionId, batch.ShardId])
        {
            _arguments[_argument++] = argument;
        }
    }

    /// <summary>
    /// A call that checks the lease itself and saves <paramref name="session"/> after its appends (a single Redis), for every
    /// bucket of <paramref name="buckets"/> (events[i]'s is buckets[i]).
    /// </summary>
    public static AppendCall Fenced(RouteBatch batch, ReadOnlySpan<RoutedEvent> events, ReadOnlySpan<int> buckets, RedisKey lease, RedisKey sessionKey, string replica, byte[] session, long sessionTtl)
    {
        var (keys, arguments) = Sizes(events, buckets, only: null);
        return new(keys, arguments, [lease, sessionKey], replica, session, sessionTtl, batch);
    }

    /// <summary>A call for <paramref name="bucket"/> alone, after the fence ran on its own (a cluster: the fence's keys are in another slot).</summary>
    public static AppendCall Unfenced(RouteBatch batch, ReadOnlySpan<RoutedEvent> events, ReadOnlySpan<int> buckets, int bucket)
    {
        var (keys, arguments) = Sizes(events, buckets, bucket);
        return new(keys, arguments, [], string.Empty, RedisValue.EmptyString, 0, batch);
    }

    // Per partition: its stream and mark keys, its count, seen ttl, type and entries' header (EntryHeaders); per event: its
    // payload, and an interaction's seen key.
    private static (int Keys, int Arguments) Sizes(ReadOnlySpan<RoutedEvent> events, ReadOnlySpan<int> buckets, int? only)
    {
        var seen = new SeenBuckets(stackalloc bool[SeenBuckets.Size(buckets)]);
        int keys = 0, arguments = 0;
        for (var i = 0; i < events.Length; i++)
        {
            if (only is { } bucket && buckets[i] != bucket)
            {
                continue;
            }

            if (seen.Add(buckets[i]))
            {
                (keys, arguments) = (keys + 2, arguments + 4);
            }

            keys += events[i].Stream == StreamRouter.InteractionsStream ? 1 : 0;
            arguments++;
        }

        return (keys, arguments);
    }

    /// <summary>Adds the events of <paramref name="bucket"/> (<paramref name="buckets"/>[i] is events[i]'s), bound for <paramref name="streamKey"/>.</summary>
    public void AddPartition(string streamKey, int shardId, TimeSpan seenFor, ReadOnlySpan<RoutedEvent> events, ReadOnlySpan<int> buckets, int bucket)
    {
        var count = 0;
        var first = -1;
        var longestType = 0;
        for (var i = 0; i < events.Length; i++)
        {
            if (buckets[i] == bucket)
            {
                first = first < 0 ? i : first;
                count++;
                longestType = Math.Max(longestType, events[i].EventName.Length);
            }
        }

        var type = OneType(events[first].Stream);
        _keys[_key++] = streamKey;
        _keys[_key++] = GatewayKeys.Delivered(streamKey, shardId);
        _arguments[_argument++] = count;
        _arguments[_argument++] = (long)seenFor.TotalMilliseconds;
        _arguments[_argument++] = type ?? string.Empty;
        var headerArgument = _argument++;

        // Sized for the longest entry, then cut to what was written: one pass over the partition, one array, rented (16 KB for a
        // batch of 256) and given back once Redis has answered (RunAsync).
        var header = ArrayPool<byte>.Shared.Rent(count * EntryHeaders.MaxLength(type is null ? longestType : 0));
        (_headers ??= new List<byte[]>(1)).Add(header);
        var written = 0;
        for (var i = first; i < events.Length; i++)
        {
            if (buckets[i] != bucket)
            {
                continue;
            }

            ref readonly var routed = ref events[i];
            if (seenFor > TimeSpan.Zero)
            {
                _keys[_key++] = GatewayKeys.InteractionSeen(streamKey, routed.Id.ToString(CultureInfo.InvariantCulture));
            }

            if (type is not null && routed.EventName != type)
            {
                throw new InvalidOperationException($"A {type} stream's partition was given a {routed.EventName}: its entries' type is passed once for all of them.");
            }

            EntryHeaders.Write(header, ref written, type is null ? routed.EventName : null, routed);
            _arguments[_argument++] = routed.Data;
        }

        _arguments[headerArgument] = header.AsMemory(0, written);
    }

    // The one event type of a stream's entries, passed once per partition instead of once per entry (a bulk string written
    // into the call and read into Lua for each of them); null for the guilds stream, whose entries carry GUILD_CREATE,
    // GUILD_UPDATE or GUILD_DELETE each.
    private static string? OneType(int stream) => stream switch
    {
        StreamRouter.MessagesStream => "MESSAGE_CREATE",
        StreamRouter.InteractionsStream => "INTERACTION_CREATE",
        _ => null,
    };

    /// <summary>Runs the call: entries added, replays skipped, the highest mark; null when the lease is someone else's.</summary>
    public async Task<(long Added, long Skipped, int Mark)?> RunAsync(IDatabase database)
    {
        if (_key != _keys.Length || _argument != _arguments.Length)
        {
            throw new InvalidOperationException($"An append call was sized for {_keys.Length} keys and {_arguments.Length} arguments but given {_key} and {_argument}.");
        }

        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RouteScripts.Append, _keys, _arguments))!;

        // Only after an answer: a call that failed or timed out may still sit in the client's queue and be written later, so
        // its headers are left to the collector rather than handed to another batch.
        foreach (var header in _headers ?? [])
        {
            ArrayPool<byte>.Shared.Return(header);
        }

        _headers = null;
        var added = (long)result[0];
        return added < 0 ? null : (added, (long)result[1], (int)(long)result[2]);
    }
}
