namespace Cortex.Gateway.Routing;

/// <summary>
/// The two single-slot scripts a routed batch runs (see <see cref="StreamRouter"/>): the fence in the shard's slot,
/// then one append per stream partition in that partition's slot.
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

    // KEYS: stream (one partition), the shard's mark in it, then (interactions) one seen key per entry, all in its slot.
    // ARGV: session id, shard, seen ttl ms (0: no seen keys), then per entry: type, sequence, id, guild, data.
    // An entry at or below the mark (same session) is a replay; an interaction whose seen key is taken came the other way.
    public const string Append = """
        local delivered = redis.call('HMGET', KEYS[2], 'session', 'seq')
        local mark = 0
        if delivered[1] == ARGV[1] then
          mark = tonumber(delivered[2])
        end
        local added, skipped, entry = 0, 0, 2
        for i = 4, #ARGV, 5 do
          entry = entry + 1
          local seq = tonumber(ARGV[i + 1])
          local fresh = seq > mark
          if fresh then
            mark = seq
            if ARGV[3] ~= '0' then
              fresh = redis.call('SET', KEYS[entry], '1', 'NX', 'PX', ARGV[3]) ~= false
            end
          end
          if fresh then
            redis.call('XADD', KEYS[1], '*', 't', ARGV[i], 'shard', ARGV[2], 's', ARGV[i + 1], 'id', ARGV[i + 2], 'g', ARGV[i + 3], 'd', ARGV[i + 4])
            added = added + 1
          else
            skipped = skipped + 1
          end
        end
        redis.call('HSET', KEYS[2], 'session', ARGV[1], 'seq', mark)
        redis.call('PEXPIRE', KEYS[2], 86400000)
        return {added, skipped, mark}
        """;
}
