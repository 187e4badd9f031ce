using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Ai.Streams;

/// <summary>
/// Reads one event stream through a consumer group: new entries with XREADGROUP, and entries a
/// dead consumer left pending with XAUTOCLAIM once they have been idle long enough. An entry is
/// acknowledged after its handler returns; a handler that throws leaves it pending for a later try.
/// StackExchange.Redis multiplexes one connection and cannot block on XREADGROUP, so an idle stream is polled.
/// </summary>
public abstract partial class StreamConsumer(IConnectionMultiplexer redis, StreamConsumerOptions options, TimeProvider time, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(2);

    /// <summary>Entries delivered this many times without success are dropped (and logged) rather than retried forever.</summary>
    public const int MaxDeliveries = 5;

    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}";
    private DateTimeOffset _nextClaim = DateTimeOffset.MinValue;

    protected abstract Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var db = redis.GetDatabase();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureGroupAsync(db);
                var entries = await ClaimStaleAsync(db);
                if (entries.Length == 0)
                {
                    entries = await db.StreamReadGroupAsync(options.Stream, options.Group, _consumer, StreamPosition.NewMessages, options.BatchSize);
                }

                if (entries.Length == 0)
                {
                    await Task.Delay(IdlePoll, time, stoppingToken);
                    continue;
                }

                await Task.WhenAll(entries.Select(entry => HandleOneAsync(db, entry, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // A timeout is not a RedisException; either way Redis may come back without the group.
                _groupReady = false;
                Log.StreamUnavailable(logger, options.Stream, e);
                await Task.Delay(FailurePause, time, stoppingToken);
            }
        }
    }

    private async Task HandleOneAsync(IDatabase db, StreamEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await HandleAsync(entry, cancellationToken);
            await db.StreamAcknowledgeAsync(options.Stream, options.Group, entry.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the entry stays pending and another consumer reclaims it.
        }
        catch (Exception e)
        {
            Log.HandlerFailed(logger, options.Stream, entry.Id.ToString(), e);
            await DropIfPoisonAsync(db, entry);
        }
    }

    private async Task DropIfPoisonAsync(IDatabase db, StreamEntry entry)
    {
        var pending = await db.StreamPendingMessagesAsync(options.Stream, options.Group, 1, _consumer, entry.Id, entry.Id);
        if (pending.Length == 1 && pending[0].DeliveryCount >= MaxDeliveries)
        {
            Log.DroppedPoison(logger, options.Stream, entry.Id.ToString(), pending[0].DeliveryCount);
            await db.StreamAcknowledgeAsync(options.Stream, options.Group, entry.Id);
        }
    }

    private async Task<StreamEntry[]> ClaimStaleAsync(IDatabase db)
    {
        var now = time.GetUtcNow();
        if (now < _nextClaim)
        {
            return [];
        }

        var claimed = await db.StreamAutoClaimAsync(options.Stream, options.Group, _consumer, (long)options.ClaimIdle.TotalMilliseconds, "0-0", options.BatchSize);
        // Keep sweeping while there is a backlog of stale entries; otherwise look again later.
        _nextClaim = claimed.ClaimedEntries.Length == options.BatchSize ? now : now + options.ClaimInterval;
        return claimed.ClaimedEntries.Where(e => !e.IsNull).ToArray();
    }

    private bool _groupReady;
    private bool _hadGroup;

    private async Task EnsureGroupAsync(IDatabase db)
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            // "$": a new group starts with new events; an old mention must not get a sudden answer. A group
            // that existed and is gone went with Redis's data: what the stream holds now came after, read it all.
            RedisValue start = _hadGroup ? "0-0" : StreamPosition.NewMessages;
            await db.StreamCreateConsumerGroupAsync(options.Stream, options.Group, start, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }

        _groupReady = true;
        _hadGroup = true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Stream {Stream} is unavailable; retrying.")]
        public static partial void StreamUnavailable(ILogger logger, string stream, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "Handling {Stream} entry {EntryId} failed; it stays pending for another try.")]
        public static partial void HandlerFailed(ILogger logger, string stream, string entryId, Exception exception);

        [LoggerMessage(3, LogLevel.Error, "Dropped {Stream} entry {EntryId} after {Deliveries} failed deliveries.")]
        public static partial void DroppedPoison(ILogger logger, string stream, string entryId, long deliveries);
    }
}

/// <param name="ClaimIdle">An entry pending this long belongs to a consumer presumed dead (XAUTOCLAIM's min-idle-time).</param>
public sealed record StreamConsumerOptions(string Stream, string Group, int BatchSize, TimeSpan ClaimIdle, TimeSpan ClaimInterval);
