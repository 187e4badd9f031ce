using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Events.Consuming;

public sealed partial class EventReader
{
    private async Task FailedAsync(StreamEntry entry, Exception error)
    {
        _metrics.Failed(stream, group);
        // Redis's delivery count, not a count of this process's: it survives restarts and hand-overs between replicas.
        var pending = await _database.StreamPendingMessagesAsync(stream, group, 1, options.Consumer, entry.Id, entry.Id);
        var deliveries = pending is [var only] ? only.DeliveryCount : 0;
        LogHandlerFailed(logger, stream, group, entry.Id.ToString(), deliveries, options.MaxDeliveries, error);
        if (deliveries >= options.MaxDeliveries)
        {
            await ParkAsync(entry, error, $"it failed {deliveries} deliveries");
        }
    }

    private async Task ParkAsync(StreamEntry entry, Exception error, string why)
    {
        var pending = await _database.StreamPendingMessagesAsync(stream, group, 1, options.Consumer, entry.Id, entry.Id);
        await DeadLetters.ParkAsync(_database, stream, group, entry, pending is [var only] ? only.DeliveryCount : 1, error, options.DeadLetterMaxLength);
        _metrics.DeadLettered(stream, group);
        LogDeadLettered(logger, stream, group, entry.Id.ToString(), DeadLetters.StreamOf(stream), why);
    }

    private async Task<StreamEntry[]> ClaimStaleAsync()
    {
        var now = _time.GetUtcNow();
        if (now < _nextClaim)
        {
            return [];
        }

        // Just after taking a partition over, everything pending in it is claimed however recent (its owner is gone).
        var minIdle = _claimAll ? 0 : (long)options.ClaimIdle.TotalMilliseconds;
        var claimed = await _database.StreamAutoClaimAsync(stream, group, options.Consumer, minIdle, "0-0", options.BatchSize);
        var entries = claimed.ClaimedEntries.Where(e => !e.IsNull).ToArray();
        // Keep sweeping while there is a backlog of stale entries; otherwise look again later.
        var more = claimed.ClaimedEntries.Length == options.BatchSize;
        _claimAll &= more;
        _nextClaim = more ? now : now + options.ClaimInterval;
        if (entries.Length > 0)
        {
            _metrics.Claimed(stream, group, entries.Length);
        }

        return entries;
    }

    private async Task EnsureGroupAsync()
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            // "$": a new group starts with new events (an old mention must not get a sudden answer, an old interaction is
            // past Discord's window). A group that existed and is gone went with Redis's data: what the stream holds now
            // came after, read it all.
            await _database.StreamCreateConsumerGroupAsync(stream, group, _hadGroup ? "0-0" : StreamPosition.NewMessages, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another replica (or an earlier run) created it.
        }

        _groupReady = true;
        _hadGroup = true;
    }

    [LoggerMessage(1, LogLevel.Warning, "Stream {Stream} is unavailable to group {Group}; retrying.")]
    private static partial void LogStreamUnavailable(ILogger logger, string stream, string group, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Handling {Stream} entry {EntryId} in group {Group} failed (delivery {Deliveries} of {MaxDeliveries}).")]
    private static partial void LogHandlerFailed(ILogger logger, string stream, string group, string entryId, long deliveries, int maxDeliveries, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Moved {Stream} entry {EntryId} of group {Group} to {DeadLetters}: {Why}.")]
    private static partial void LogDeadLettered(ILogger logger, string stream, string group, string entryId, string deadLetters, string why);
}

/// <summary>A stream entry without an event id or payload: nothing a handler can be given.</summary>
public sealed class MalformedEntryException : Exception
{
    public MalformedEntryException()
        : base("The stream entry has no event id or payload.")
    {
    }

    public MalformedEntryException(string message)
        : base(message)
    {
    }

    public MalformedEntryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
