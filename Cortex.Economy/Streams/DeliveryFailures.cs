using Cortex.ServiceDefaults.Caching;

namespace Cortex.Economy.Streams;

/// <summary>
/// How often each stream entry failed in this process, toward the dead-letter limit. Bounded: an
/// entry that another replica took over (or that stopped failing without being seen again) is
/// forgotten after <paramref name="forgetAfter"/> or when <paramref name="capacity"/> is passed;
/// a forgotten count only means a few more attempts before the entry is parked.
/// </summary>
public sealed class DeliveryFailures(int capacity, TimeSpan forgetAfter, TimeProvider time)
{
    private readonly BoundedCache<string, int> _counts = new(capacity, time);

    public int Count => _counts.Count;

    /// <summary>Counts one more failure of the entry; returns its failures so far.</summary>
    public int Record(string entryId)
    {
        var failures = _counts.TryGet(entryId, out var before) ? before + 1 : 1;
        _counts.Set(entryId, failures, forgetAfter);
        return failures;
    }

    public void Forget(string entryId) => _counts.Remove(entryId);
}
