using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Events.Consuming;

public sealed partial class EventReader
{
    private async Task FailedAsync(StreamEntry entry, Exception error)
    {
        _metrics.Failed(stream, group);
        var deliveries = await Queue.DeliveriesAsync(entry);
        LogHandlerFailed(logger, stream, group, entry.Id.ToString(), deliveries, options.MaxDeliveries, error);
        if (deliveries >= options.MaxDeliveries)
        {
            await ParkAsync(entry, error, $"it failed {deliveries} deliveries");
        }
    }

    private async Task ParkAsync(StreamEntry entry, Exception error, string why)
    {
        await Queue.ParkAsync(entry, error, options.DeadLetterMaxLength);
        _metrics.DeadLettered(stream, group);
        LogDeadLettered(logger, stream, group, entry.Id.ToString(), DeadLetters.StreamOf(stream), why);
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
