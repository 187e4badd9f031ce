using StackExchange.Redis;

namespace Cortex.Events.Consuming;

/// <summary>
/// One consumer's side of a Redis Streams consumer group, the mechanics every Cortex queue shares: create the group
/// (again, if Redis lost it), claim entries a dead consumer left pending past <c>claimIdle</c> (XAUTOCLAIM, swept
/// again at once while a full batch comes back, else every <c>claimInterval</c>), read new ones, count deliveries with
/// Redis's own count (it survives restarts and hand-overs), and park an entry in the capped dead letters.
/// <see cref="EventReader"/> runs the Discord events on it; other durable queues (the AI's memory extraction) use it
/// directly, so claiming and dead-lettering are written once.
/// </summary>
public sealed class GroupStream(IDatabase database, RedisKey stream, string group, string consumer, TimeSpan claimIdle, TimeSpan claimInterval, TimeProvider time)
{
    private DateTimeOffset _nextClaim = DateTimeOffset.MinValue;
    private bool _groupReady;
    private bool _hadGroup;
    private bool _claimAll;

    public RedisKey Stream => stream;

    /// <summary>
    /// Creates the group unless done already. <paramref name="fromStart"/>: a new group reads what the stream holds
    /// (a queue); otherwise it starts at new entries. A group that existed and is gone went with Redis's data: what the
    /// stream holds now came after, so it is read from the start either way.
    /// </summary>
    public async Task EnsureGroupAsync(bool fromStart)
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            await database.StreamCreateConsumerGroupAsync(stream, group, fromStart || _hadGroup ? "0-0" : StreamPosition.NewMessages, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another consumer (or an earlier run) created it.
        }

        _groupReady = _hadGroup = true;
    }

    /// <summary>Redis may have lost the group (its data): create it again before the next read.</summary>
    public void GroupMayBeGone() => _groupReady = false;

    /// <summary>The next claim sweep takes everything pending, however recent (this consumer took the stream over).</summary>
    public void ClaimEverythingNext()
    {
        _claimAll = true;
        _nextClaim = DateTimeOffset.MinValue;
    }

    /// <summary>Stale pending entries first (when a sweep is due), then new ones, up to <paramref name="count"/>.</summary>
    public async Task<(StreamEntry[] Entries, int Claimed)> TakeAsync(int count)
    {
        var claimed = await ClaimStaleAsync(count);
        if (claimed.Length >= count)
        {
            return (claimed, claimed.Length);
        }

        var fresh = await database.StreamReadGroupAsync(stream, group, consumer, StreamPosition.NewMessages, count - claimed.Length);
        return ([.. claimed, .. fresh.Where(e => !e.IsNull)], claimed.Length);
    }

    /// <summary>How many times Redis delivered <paramref name="entry"/> (to any consumer); 0 when it is not pending here.</summary>
    public async Task<long> DeliveriesAsync(StreamEntry entry)
    {
        var pending = await database.StreamPendingMessagesAsync(stream, group, 1, consumer, entry.Id, entry.Id);
        return pending is [var only] ? only.DeliveryCount : 0;
    }

    public Task AcknowledgeAsync(StreamEntry entry) => database.StreamAcknowledgeAsync(stream, group, entry.Id);

    /// <summary>Copies the entry to <c>{stream}:dead</c> (capped at <paramref name="cap"/>, newest kept), then acknowledges it.</summary>
    public async Task<long> ParkAsync(StreamEntry entry, Exception error, int cap)
    {
        var deliveries = Math.Max(1, await DeliveriesAsync(entry));
        await DeadLetters.ParkAsync(database, stream!, group, entry, deliveries, error, cap);
        return deliveries;
    }

    private async Task<StreamEntry[]> ClaimStaleAsync(int count)
    {
        var now = time.GetUtcNow();
        if (now < _nextClaim)
        {
            return [];
        }

        var claimed = await database.StreamAutoClaimAsync(stream, group, consumer, _claimAll ? 0 : (long)claimIdle.TotalMilliseconds, "0-0", count);
        var more = claimed.ClaimedEntries.Length == count;
        _claimAll &= more;
        _nextClaim = more ? now : now + claimInterval;
        return [.. claimed.ClaimedEntries.Where(e => !e.IsNull)];
    }
}
