using StackExchange.Redis;

namespace Cortex.Events.Consuming;

/// <summary>
/// This process's fair share of one consumer group's partitions: the group's live consumers are listed in one sorted
/// set (member = consumer, score = when its listing lapses), refreshed every third of the lease time, and each takes at
/// most ceil(partitions / live consumers). A consumer that dies drops off the list when its listing lapses, and its
/// leases lapse with it, so the others take its partitions over. One key, so it works on Redis Cluster.
/// </summary>
public sealed class PartitionShare(IDatabase database, RedisKey members, string consumer, int partitions, TimeSpan lease, TimeProvider time)
{
    // KEYS[1] the members; ARGV: consumer, now (unix ms), lapse (unix ms). Returns the live consumers, itself included.
    private const string BeatScript = """
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3] - ARGV[2])
        return redis.call('ZCARD', KEYS[1])
        """;

    private int _beating;
    private long _nextBeat; // unix ms
    private int _target; // 0 until the first beat: take nothing before knowing the others
    private int _held;

    public int Held => Volatile.Read(ref _held);

    /// <summary>How many partitions this consumer should hold now (one reader refreshes it; the others use the last answer).</summary>
    public async Task<int> TargetAsync()
    {
        if (time.GetUtcNow().ToUnixTimeMilliseconds() < Volatile.Read(ref _nextBeat) || Interlocked.CompareExchange(ref _beating, 1, 0) != 0)
        {
            return Volatile.Read(ref _target);
        }

        try
        {
            var now = time.GetUtcNow();
            var live = Math.Max(1, (long)await database.ScriptEvaluateAsync(BeatScript, [members], [consumer, now.ToUnixTimeMilliseconds(), (now + lease).ToUnixTimeMilliseconds()]));
            Volatile.Write(ref _target, (int)((partitions + live - 1) / live));
            Volatile.Write(ref _nextBeat, (now + (lease / 3)).ToUnixTimeMilliseconds());
        }
        finally
        {
            Volatile.Write(ref _beating, 0);
        }

        return Volatile.Read(ref _target);
    }

    /// <summary>Counts one more partition held, unless that would pass <paramref name="target"/>.</summary>
    public bool TryReserve(int target) => Change(+1, held => held < target);

    /// <summary>Counts one partition fewer, only while more than <paramref name="target"/> are held (one reader at a time gives one up).</summary>
    public bool TryGiveUp(int target) => Change(-1, held => held > target);

    public void Released() => Interlocked.Decrement(ref _held);

    /// <summary>Leaves the list at shutdown, so the others take the partitions over at once, not after the lapse.</summary>
    public Task LeaveAsync() => database.SortedSetRemoveAsync(members, consumer);

    private bool Change(int delta, Func<int, bool> allowed)
    {
        while (true)
        {
            var held = Volatile.Read(ref _held);
            if (!allowed(held))
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _held, held + delta, held) == held)
            {
                return true;
            }
        }
    }
}
