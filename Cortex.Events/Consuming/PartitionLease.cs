using StackExchange.Redis;

namespace Cortex.Events.Consuming;

/// <summary>
/// One consumer of a group reads a partition at a time, so a guild's entries (all in one partition) reach the group's
/// handlers in stream order even with several replicas. The lease (<c>{partition}:owner:{group}</c>, in the partition's
/// slot) lives for the group's ClaimIdle and is renewed between batches every third of it; it is given up between
/// batches when this consumer holds more than its <see cref="PartitionShare"/>, and deleted at shutdown.
/// </summary>
public sealed class PartitionLease(IDatabase database, RedisKey key, string consumer, TimeSpan ttl, PartitionShare share, TimeProvider time)
{
    // KEYS[1] the lease; ARGV: consumer, ttl ms (0: delete). Renews or deletes only the owner's lease.
    private const string OwnerScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if ARGV[2] == '0' then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 1
        """;

    private bool _held;
    private DateTimeOffset _renewAt;

    /// <summary>Whether this consumer may read the partition now; <see cref="LeaseState.Taken"/> the first time after another held it.</summary>
    public async Task<LeaseState> HoldAsync()
    {
        var target = await share.TargetAsync();
        if (_held)
        {
            if (share.TryGiveUp(target))
            {
                _held = false;
                await OwnerAsync(0);
                return LeaseState.NotHeld;
            }

            if (time.GetUtcNow() >= _renewAt)
            {
                if (!await OwnerAsync((long)ttl.TotalMilliseconds))
                {
                    _held = false; // it lapsed (a batch longer than the lease) and another consumer has it now
                    share.Released();
                    return LeaseState.NotHeld;
                }

                _renewAt = time.GetUtcNow() + (ttl / 3);
            }

            return LeaseState.Held;
        }

        if (!share.TryReserve(target))
        {
            return LeaseState.NotHeld;
        }

        if (!await database.StringSetAsync(key, consumer, ttl, When.NotExists))
        {
            share.Released();
            return LeaseState.NotHeld;
        }

        _held = true;
        _renewAt = time.GetUtcNow() + (ttl / 3);
        return LeaseState.Taken;
    }

    /// <summary>Gives the partition up (shutdown), so another consumer takes it without waiting for the lapse.</summary>
    public async Task ReleaseAsync()
    {
        if (_held)
        {
            _held = false;
            share.Released();
            await OwnerAsync(0);
        }
    }

    private async Task<bool> OwnerAsync(long ttlMs) =>
        (long)await database.ScriptEvaluateAsync(OwnerScript, [key], [consumer, ttlMs]) == 1;
}

public enum LeaseState
{
    NotHeld,
    Held,
    Taken,
}
