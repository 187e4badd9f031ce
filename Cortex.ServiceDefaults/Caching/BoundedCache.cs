using System.Collections.Concurrent;

namespace Cortex.ServiceDefaults.Caching;

/// <summary>
/// Answers kept briefly, keyed by something unbounded (a guild, a user). At most <see cref="Capacity"/>
/// entries are held: past it, expired entries go first, then the ones closest to expiring, down to
/// three quarters of the capacity (so the sweep is paid rarely). A dropped entry is read again.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int capacity, TimeProvider time)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Until)> _entries = new();
    private readonly Lock _sweeping = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count => _entries.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > time.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value, TimeSpan keepFor)
    {
        _entries[key] = (value, time.GetUtcNow() + keepFor);
        if (_entries.Count > Capacity)
        {
            Sweep();
        }
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    private void Sweep()
    {
        if (!_sweeping.TryEnter())
        {
            return;
        }

        try
        {
            var excess = _entries.Count - (Capacity * 3 / 4);
            foreach (var victim in _entries.OrderBy(pair => pair.Value.Until).Take(Math.Max(excess, 0)).ToList())
            {
                _entries.TryRemove(victim);
            }
        }
        finally
        {
            _sweeping.Exit();
        }
    }
}
