namespace Cortex.Gateway.Routing;

/// <summary>
/// The scripts a routed batch runs (see <see cref="StreamRouter"/>): on a single Redis, <see cref="Append"/> alone, fenced;
/// on a cluster, where a script's keys must share a slot, <see cref="Fence"/> in the shard's slot, then one unfenced
/// <see cref="Append"/> per stream partition in that partition's slot.
/// </summary>
internal static class RouteScripts
{
    // KEYS: lease, session (the shard's slot). ARGV: replica, session (StoredSession's JSON, its one writer format),
    // session ttl ms. -1: the lease is someone else's, nothing written.
    public const string Fence = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return -1
        end
        redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    // Fenced here (ARGV[1] is the replica) or by Fence before it (ARGV[1] is '').
    // KEYS: when fenced here the lease and the session; then per stream partition: the stream, the shard's mark in it, and
    // (interactions) one seen key per entry.
    // ARGV: replica or '', session JSON, session ttl ms (both unused unless fenced here), session id, shard, then per
    // partition: entries n, seen ttl ms (0: no seen keys), the entries' type ('': each entry carries its own), the entries'
    // header (EntryHeaders: per entry [type,] sequence, id, guild, each a length byte and its text), then the n entries' data.
    // A messages or interactions partition holds one event type, passed once for all.
    // An entry at or below the partition's mark (same session) is a replay; an interaction whose seen key is taken came the
    // other way. The session is saved last, after every append: never past what is in the streams.
    // Returns {added, skipped, highest mark}; {-1, 0, 0}: the lease is someone else's, nothing written.
    public const string Append = """
        local fenced = ARGV[1] ~= ''
        local k = 1
        if fenced then
          if redis.call('GET', KEYS[1]) ~= ARGV[1] then
            return {-1, 0, 0}
          end
          k = 3
        end
        local unpack = struct.unpack
        local added, skipped, top, a = 0, 0, 0, 6
        while a <= #ARGV do
          local n, seenTtl, kind, header = tonumber(ARGV[a]), ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
          local own = kind == ''
          local stream, markKey = KEYS[k], KEYS[k + 1]
          local delivered = redis.call('HMGET', markKey, 'session', 'seq')
          local mark = 0
          if delivered[1] == ARGV[4] then
            mark = tonumber(delivered[2])
          end
          k, a = k + 2, a + 4
          local p, t, s, id, g = 1, kind
          for i = 0, n - 1 do
            if own then
              t, s, id, g, p = unpack('Bc0Bc0Bc0Bc0', header, p)
            else
              s, id, g, p = unpack('Bc0Bc0Bc0', header, p)
            end
            local seq = tonumber(s)
            local fresh = seq > mark
            if fresh then
              mark = seq
              if seenTtl ~= '0' then
                fresh = redis.call('SET', KEYS[k + i], '1', 'NX', 'PX', seenTtl) ~= false
              end
            end
            if fresh then
              redis.call('XADD', stream, '*', 't', t, 'shard', ARGV[5], 's', s, 'id', id, 'g', g, 'd', ARGV[a + i])
              added = added + 1
            else
              skipped = skipped + 1
            end
          end
          a = a + n
          if seenTtl ~= '0' then
            k = k + n
          end
          redis.call('HSET', markKey, 'session', ARGV[4], 'seq', mark)
          redis.call('PEXPIRE', markKey, 86400000)
          if mark > top then
            top = mark
          end
        end
        if fenced then
          redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
        end
        return {added, skipped, top}
        """;
}
