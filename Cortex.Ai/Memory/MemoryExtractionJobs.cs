using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Ai.Memory;

/// <summary>
/// Extraction happens after the reply and never delays it: the reply adds a job to a Redis stream and
/// the first replica's worker to read it extracts (one consumer group for all replicas), so a job is
/// done once however many replicas run, and a replica that dies leaves its jobs pending for another to
/// claim after <see cref="MemoryOptions.ClaimIdle"/>, not lost. The stream is trimmed to about
/// <see cref="MemoryOptions.QueueCapacity"/> jobs: under a flood the oldest go (memory is best-effort).
/// </summary>
public sealed partial class MemoryExtractionJobs(IConnectionMultiplexer redis, RedisKeys keys, IOptions<MemoryOptions> options, TimeProvider time, ILogger<MemoryExtractionJobs> logger)
{
    public const string Group = "ai-memory";
    private const string Field = "job";
    private const int BatchSize = 8;

    // Unique per instance: a restarted replica must not inherit (and sit on) a dead one's pending jobs.
    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    private readonly MemoryOptions _options = options.Value;
    private DateTimeOffset _nextClaim = DateTimeOffset.MinValue;
    private bool _groupReady;

    public RedisKey Stream => keys.MemoryJobs;

    /// <summary>Queues a job; a Redis failure loses it (and is logged) but never fails the reply.</summary>
    public async Task EnqueueAsync(ExtractionJob job)
    {
        var json = JsonSerializer.Serialize(job, MemoryJsonContext.Default.ExtractionJob);
        try
        {
            await redis.GetDatabase().StreamAddAsync(Stream, Field, json, maxLength: _options.QueueCapacity, useApproximateMaxLength: true);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogEnqueueFailed(logger, job.UserId, e);
        }
    }

    /// <summary>Jobs for this replica: a dead replica's stale ones first (checked every quarter of the claim time), then new ones.</summary>
    internal async Task<StreamEntry[]> TakeAsync()
    {
        var database = redis.GetDatabase();
        await EnsureGroupAsync(database);
        try
        {
            if (time.GetUtcNow() >= _nextClaim)
            {
                var claimed = await database.StreamAutoClaimAsync(Stream, Group, _consumer, (long)_options.ClaimIdle.TotalMilliseconds, "0-0", BatchSize);
                var stale = claimed.ClaimedEntries.Where(e => !e.IsNull).ToArray();
                _nextClaim = stale.Length == BatchSize ? _nextClaim : time.GetUtcNow() + (_options.ClaimIdle / 4);
                if (stale.Length > 0)
                {
                    return stale;
                }
            }

            return await database.StreamReadGroupAsync(Stream, Group, _consumer, StreamPosition.NewMessages, BatchSize);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // Redis lost its data (or the stream was deleted): make the group again next time.
            _groupReady = false;
            return [];
        }
    }

    internal static ExtractionJob? Parse(StreamEntry entry) =>
        JsonSerializer.Deserialize((string?)entry[Field] ?? "null", MemoryJsonContext.Default.ExtractionJob);

    /// <summary>Done (or given up): acknowledged and deleted, so the stream holds only waiting work.</summary>
    internal async Task CompleteAsync(StreamEntry entry)
    {
        var database = redis.GetDatabase();
        await database.StreamAcknowledgeAsync(Stream, Group, entry.Id);
        await database.StreamDeleteAsync(Stream, [entry.Id]);
    }

    /// <summary>Whether a failed job has had its last try: it is then completed rather than retried.</summary>
    internal async Task<bool> ExhaustedAsync(StreamEntry entry)
    {
        var pending = await redis.GetDatabase().StreamPendingMessagesAsync(Stream, Group, 1, _consumer, entry.Id, entry.Id);
        return pending.Length == 1 && pending[0].DeliveryCount >= _options.MaxDeliveries;
    }

    private async Task EnsureGroupAsync(IDatabase database)
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            // From the start: jobs queued before any worker ran are work, not history.
            await database.StreamCreateConsumerGroupAsync(Stream, Group, "0-0", createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }

        _groupReady = true;
    }

    [LoggerMessage(3, LogLevel.Warning, "Could not queue memory extraction for user {UserId}; this message is not remembered.")]
    private static partial void LogEnqueueFailed(ILogger logger, ulong userId, Exception exception);
}
