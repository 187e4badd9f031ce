namespace Cortex.Gateway.Cache;

/// <summary>
/// The process-wide bound on GUILD_CREATE arrays kept unread (<c>Gateway:DeferredMemberBytes</c>): member lists, and channel,
/// thread and role arrays when they are copied (in a payload held for its members they cost nothing more). An array that would
/// pass it is read on arrival instead. Charged by every shard's loop and released by whichever thread indexes or drops
/// a guild's kept bytes, so it is counted atomically.
/// </summary>
internal sealed class PendingMemberBudget(long limit)
{
    private long _used;

    public long Limit { get; } = limit;

    /// <summary>The bytes charged now.</summary>
    public long Used => Volatile.Read(ref _used);

    /// <summary>Charges <paramref name="bytes"/> when they fit under <see cref="Limit"/>; false (nothing charged) when not.</summary>
    public bool TryCharge(int bytes)
    {
        var used = Volatile.Read(ref _used);
        while (used + bytes <= Limit)
        {
            var seen = Interlocked.CompareExchange(ref _used, used + bytes, used);
            if (seen == used)
            {
                return true;
            }

            used = seen;
        }

        return false;
    }

    public void Release(int bytes) => Interlocked.Add(ref _used, -bytes);
}
