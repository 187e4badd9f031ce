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
    private static readonly RedisValue MessageCreate = "MESSAGE_CREATE"u8.ToArray();
    private static readonly RedisValue InteractionCreate = "INTERACTION_CREATE"u8.ToArray();
    private static readonly RedisValue GuildCreate = "GUILD_CREATE"u8.ToArray();

    private readonly RedisKey[] _keys;
    private readonly RedisValue[] _arguments;
    private int _key;
    private int _argument;

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
    public static AppendCall Fenced(RouteBatch batch, IReadOnlyList<RoutedEvent> events, int[] buckets, RedisKey lease, RedisKey sessionKey, string replica, byte[] session, long sessionTtl)
    {
        var (keys, arguments) = Sizes(events, buckets, only: null);
        return new(keys, arguments, [lease, sessionKey], replica, session, sessionTtl, batch);
    }

    /// <summary>A call for <paramref name="bucket"/> alone, after the fence ran on its own (a cluster: the fence's keys are in another slot).</summary>
    public static AppendCall Unfenced(RouteBatch batch, IReadOnlyList<RoutedEvent> events, int[] buckets, int bucket)
    {
        var (keys, arguments) = Sizes(events, buckets, bucket);
        return new(keys, arguments, [], string.Empty, RedisValue.EmptyString, 0, batch);
    }

    // Per partition: its stream and mark keys, its count, seen ttl and type; per event: four arguments (five where the partition's
    // events carry their own types), and an interaction's seen key.
    private static (int Keys, int Arguments) Sizes(IReadOnlyList<RoutedEvent> events, int[] buckets, int? only)
    {
        var batch = buckets.AsSpan(0, events.Count);
        var seen = new SeenBuckets(stackalloc bool[SeenBuckets.Size(batch)]);
        int keys = 0, arguments = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (only is { } bucket && buckets[i] != bucket)
            {
                continue;
            }

            if (seen.Add(buckets[i]))
            {
                (keys, arguments) = (keys + 2, arguments + 3);
            }

            keys += events[i].Stream == StreamRouter.InteractionsStream ? 1 : 0;
            arguments += OneType(events[i].Stream) is null ? 5 : 4;
        }

        return (keys, arguments);
    }

    /// <summary>Adds the events of <paramref name="bucket"/> (<paramref name="buckets"/>[i] is events[i]'s), bound for <paramref name="streamKey"/>.</summary>
    public void AddPartition(string streamKey, int shardId, TimeSpan seenFor, IReadOnlyList<RoutedEvent> events, int[] buckets, int bucket)
    {
        var count = 0;
        var first = -1;
        for (var i = 0; i < events.Count; i++)
        {
            if (buckets[i] == bucket)
            {
                first = first < 0 ? i : first;
                count++;
            }
        }

        var type = OneType(events[first].Stream);
        _keys[_key++] = streamKey;
        _keys[_key++] = GatewayKeys.Delivered(streamKey, shardId);
        _arguments[_argument++] = count;
        _arguments[_argument++] = (long)seenFor.TotalMilliseconds;
        _arguments[_argument++] = type is null ? RedisValue.EmptyString : NameOf(type);
        for (var i = first; i < events.Count; i++)
        {
            if (buckets[i] != bucket)
            {
                continue;
            }

            var routed = events[i];
            if (seenFor > TimeSpan.Zero)
            {
                _keys[_key++] = GatewayKeys.InteractionSeen(streamKey, routed.Id.ToString(CultureInfo.InvariantCulture));
            }

            if (type is null)
            {
                _arguments[_argument++] = NameOf(routed.EventName);
            }
            else if (routed.EventName != type)
            {
                throw new InvalidOperationException($"A {type} stream's partition was given a {routed.EventName}: its entries' type is passed once for all of them.");
            }

            _arguments[_argument++] = routed.Sequence;
            _arguments[_argument++] = DecimalText(routed.Id, routed.IdDigits);
            _arguments[_argument++] = DecimalText(routed.GuildId, routed.GuildDigits);
            _arguments[_argument++] = routed.Data;
        }
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

    // The routed events' names as UTF-8, made once: a string argument was encoded into the call again for every entry.
    private static RedisValue NameOf(string eventName) => eventName switch
    {
        "MESSAGE_CREATE" => MessageCreate,
        "INTERACTION_CREATE" => InteractionCreate,
        "GUILD_CREATE" => GuildCreate,
        _ => eventName,
    };

    // The id's digits as they stood in d are its decimal form already (DispatchFields keeps only canonical ones): copied as
    // they are, where a number is formatted into the call (2 % of the gateway's CPU for the id and guild of every entry).
    private static RedisValue DecimalText(ulong value, ReadOnlyMemory<byte> digits) => digits.IsEmpty ? (RedisValue)value : (RedisValue)digits;

    /// <summary>Runs the call: entries added, replays skipped, the highest mark; null when the lease is someone else's.</summary>
    public async Task<(long Added, long Skipped, int Mark)?> RunAsync(IDatabase database)
    {
        if (_key != _keys.Length || _argument != _arguments.Length)
        {
            throw new InvalidOperationException($"An append call was sized for {_keys.Length} keys and {_arguments.Length} arguments but given {_key} and {_argument}.");
        }

        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RouteScripts.Append, _keys, _arguments))!;
        var added = (long)result[0];
        return added < 0 ? null : (added, (long)result[1], (int)(long)result[2]);
    }
}
