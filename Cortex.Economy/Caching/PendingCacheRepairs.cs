using System.Collections.Concurrent;

namespace Cortex.Economy.Caching;

/// <summary>
/// Accounts whose committed change could not be written to Redis. Redis may still hold (or, after
/// a restart from its append-only file, hold again) the value from before the change; the repair
/// service overwrites it from PostgreSQL as soon as Redis answers.
/// </summary>
public sealed class PendingCacheRepairs
{
    private readonly ConcurrentDictionary<(long GuildId, long UserId), byte> _pending = new();

    public int Count => _pending.Count;

    public void Enqueue(long guildId, long userId) => _pending.TryAdd((guildId, userId), 0);

    internal IEnumerable<(long GuildId, long UserId)> Snapshot() => _pending.Keys;

    internal void Complete((long GuildId, long UserId) account) => _pending.TryRemove(account, out _);
}
