using Cortex.Economy.Caching;
using StackExchange.Redis;

namespace Cortex.Economy.Streams;

/// <summary>
/// Reads a Redis stream through a consumer group: at-least-once (an entry is acknowledged only after
/// its handler finished), entries left pending by a consumer that died are reclaimed with XAUTOCLAIM,
/// and an entry that keeps failing is parked in a dead-letter stream instead of blocking the rest.
/// Handlers must be idempotent: the same entry can arrive twice.
/// </summary>
public abstract partial class GroupStreamConsumer(IConnectionMultiplexer redis, StreamConsumerOptions options, TimeProvider timeProvider, ILogger logger)
    : BackgroundService
{
    // Entries retried here come back within ReclaimAfter; one not seen for many of those was taken over.
    private readonly DeliveryFailures _failures = new(10_000, options.ReclaimAfter * (options.MaxDeliveries + 1), timeProvider);

    protected IConnectionMultiplexer Redis { get; } = redis;

    /// <summary>The clock every consumer measures its retries and deadlines by.</summary>
    protected TimeProvider Time { get; } = timeProvider;

    private bool _groupReady;
    private bool _hadGroup;

    protected StreamConsumerOptions Options => options;

    /// <summary>Handles one entry; an exception leaves it pending for a retry.</summary>
    protected abstract Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await PollOnceAsync(stoppingToken);
                if (handled == 0)
                {
                    await Task.Delay(options.IdlePoll, Time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (BalanceCache.IsRedisFailure(e))
            {
                _groupReady = false;
                LogRedisDown(logger, options.Stream, e);
                await Task.Delay(TimeSpan.FromSeconds(1), Time, stoppingToken);
            }
        }
    }

    /// <summary>Reclaims stale entries, then reads new ones; returns how many were handled.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        await EnsureGroupAsync(database);

        var claimed = await database.StreamAutoClaimAsync(
            options.Stream, options.Group, options.Consumer, (long)options.ReclaimAfter.TotalMilliseconds, "0-0", options.BatchSize);
        var fresh = await database.StreamReadGroupAsync(options.Stream, options.Group, options.Consumer, ">", options.BatchSize);

        var handled = 0;
        foreach (var entry in claimed.ClaimedEntries.Concat(fresh))
        {
            if (entry.IsNull)
            {
                continue;
            }

            await HandleOneAsync(database, entry, cancellationToken);
            handled++;
        }

        return handled;
    }

    private async Task HandleOneAsync(IDatabase database, StreamEntry entry, CancellationToken cancellationToken)
    {
        var id = entry.Id.ToString();
        try
        {
            await HandleAsync(entry, cancellationToken);
            await database.StreamAcknowledgeAsync(options.Stream, options.Group, entry.Id);
            _failures.Forget(id);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failures = _failures.Record(id);
            LogHandlerFailed(logger, options.Stream, id, failures, e);
            if (failures >= options.MaxDeliveries)
            {
                await database.StreamAddAsync(options.Stream + ":dead", entry.Values);
                await database.StreamAcknowledgeAsync(options.Stream, options.Group, entry.Id);
                _failures.Forget(id);
            }
        }
    }

    private async Task EnsureGroupAsync(IDatabase database)
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            // "$": a new group starts with what arrives from now on; interactions older than that
            // are past Discord's 3-second answer window anyway. A group that existed and is gone went
            // with Redis's data: what the stream holds now came after, read it all.
            await database.StreamCreateConsumerGroupAsync(options.Stream, options.Group, _hadGroup ? "0-0" : "$", createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another replica (or an earlier run) created it.
        }

        _groupReady = true;
        _hadGroup = true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read stream {Stream}: Redis unavailable")]
    private static partial void LogRedisDown(ILogger logger, string stream, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {Stream} entry {EntryId} failed ({Failures} so far)")]
    private static partial void LogHandlerFailed(ILogger logger, string stream, string entryId, int failures, Exception exception);
}
