using Cortex.ServiceDefaults.Caching;

namespace Cortex.Ai.Guilds;

/// <summary>
/// A guild's configuration kept briefly in this replica, forgotten on every replica the moment any of
/// them changes it (<see cref="GuildConfigChanges"/>); the lifetime only bounds staleness when an
/// announcement is lost. A read that started before a change never stores its older answer after it.
/// </summary>
public sealed class GuildConfigCache<TValue>
{
    private readonly BoundedCache<ulong, TValue> _entries;
    private readonly Func<TimeSpan> _keepFor;
    private long _changes;

    public GuildConfigCache(GuildConfigChanges changes, TimeProvider time, Func<TimeSpan> keepFor, int capacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _entries = new BoundedCache<ulong, TValue>(capacity, time);
        _keepFor = keepFor;
        changes.Subscribe(Forget, ForgetAll);
    }

    public async Task<TValue> GetOrLoadAsync(ulong guildId, Func<ulong, CancellationToken, Task<TValue>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (_entries.TryGet(guildId, out var cached))
        {
            return cached;
        }

        var before = Volatile.Read(ref _changes);
        var loaded = await load(guildId, cancellationToken);
        _entries.Set(guildId, loaded, _keepFor());
        if (Volatile.Read(ref _changes) != before)
        {
            // A change landed while we read: what we read may predate it.
            _entries.Remove(guildId);
        }

        return loaded;
    }

    public void Forget(ulong guildId)
    {
        Interlocked.Increment(ref _changes);
        _entries.Remove(guildId);
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _changes);
        _entries.Clear();
    }
}
