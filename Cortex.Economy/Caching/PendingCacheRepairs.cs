using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Caching;

/// <summary>
/// Accounts whose committed change could not be written to Redis. Redis may still hold (or, after
/// a restart from its append-only file, hold again) the value from before the change; the repair
/// service overwrites it from PostgreSQL as soon as Redis answers.
/// A long outage under load cannot grow this without bound: past <see cref="CachingOptions.MaxPendingRepairs"/>
/// accounts, the account's whole guild is queued instead (repaired with one generation bump); past as
/// many guilds, the repair is dropped and counted, and the stale value lives at most the balance TTL.
/// </summary>
public sealed class PendingCacheRepairs(IOptions<CachingOptions> options, EconomyMetrics metrics)
{
    private readonly ConcurrentDictionary<(long GuildId, long UserId), byte> _accounts = new();
    private readonly ConcurrentDictionary<long, byte> _guilds = new();
    private readonly int _capacity = options.Value.MaxPendingRepairs;

    public int Count => _accounts.Count + _guilds.Count;

    public void Enqueue(long guildId, long userId)
    {
        if (_guilds.ContainsKey(guildId) || _accounts.ContainsKey((guildId, userId)))
        {
            return;
        }

        if (_accounts.Count < _capacity)
        {
            _accounts.TryAdd((guildId, userId), 0);
        }
        else if (_guilds.Count < _capacity)
        {
            _guilds.TryAdd(guildId, 0);
        }
        else
        {
            metrics.CacheRepairsDropped.Add(1);
        }
    }

    internal IEnumerable<long> Guilds() => _guilds.Keys;

    internal IEnumerable<(long GuildId, long UserId)> Accounts() => _accounts.Keys;

    internal void CompleteGuild(long guildId) => _guilds.TryRemove(guildId, out _);

    internal void Complete((long GuildId, long UserId) account) => _accounts.TryRemove(account, out _);
}
