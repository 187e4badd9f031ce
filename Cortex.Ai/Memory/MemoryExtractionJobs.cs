using System.Text.Json;
using Cortex.Events.Consuming;
using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Ai.Memory;

/// <summary>
/// Extraction happens after the reply and never delays it: the reply adds a job to a Redis stream and
/// the first replica's worker to read it extracts (one consumer group for all replicas), so a job is
/// done once however many replicas run, and a replica that dies leaves its jobs pending for another to
/// claim after <see cref="MemoryOptions.ClaimIdle"/>, not lost. A job that fails its last allowed delivery (or does not
/// parse) goes to the capped dead letters <c>ai:memory:jobs:dead</c>. Claiming, delivery counts and dead letters are
/// the event backbone's (<see cref="GroupStream"/>), not written again here. The stream is trimmed to about
/// <see cref="MemoryOptions.QueueCapacity"/> jobs: under a flood the oldest go (memory is best-effort).
/// </summary>
public sealed partial class MemoryExtractionJobs(IConnectionMultiplexer redis, RedisKeys keys, IOptions<MemoryOptions> options, TimeProvider time, ILogger<MemoryExtractionJobs> logger)
{
    public const string Group = "ai-memory";
    private const string Field = "job";
    private const int BatchSize = 8;

    private readonly MemoryOptions _options = options.Value;

    // Consumer name unique per instance: a restarted replica must not inherit (and sit on) a dead one's pending jobs.
    private readonly GroupStream _queue = new(redis.GetDatabase(), keys.MemoryJobs, Group,
        $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}",
        options.Value.ClaimIdle, options.Value.ClaimIdle / 4, time);

    // The backbone's atomic dedupe, by entry id: a job claimed by another replica while it still waited in this one's
    // batch is extracted by whichever begins it first, once.
    private readonly HandledEvents _handled = new(redis, $"{keys.MemoryJobs}:handled");

    public RedisKey Stream => keys.MemoryJobs;

    /// <summary>Queues a job; a Redis failure loses it (and is logged) but never fails the reply.</summary>
    public async Task EnqueueAsync(ExtractionJob job)
    {
        var json = JsonSerializer.Serialize(job, MemoryJsonContext.Default.ExtractionJob);
        try
        {
            await redis.GetDatabase().StreamAddAsync(Stream, Field, json, maxLength: _options.QueueCapacity, useApproximateMaxLength: true);
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            LogEnqueueFailed(logger, job.UserId, e);
        }
    }

    /// <summary>Jobs for this replica: a dead replica's stale ones first (looked for every quarter of the claim time), then new ones.</summary>
    internal async Task<StreamEntry[]> TakeAsync()
    {
        try
        {
            // From the start: jobs queued before any worker ran are work, not history.
            await _queue.EnsureGroupAsync(fromStart: true);
            return (await _queue.TakeAsync(BatchSize)).Entries;
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // Redis lost its data (or the stream was deleted): make the group again next time.
            _queue.GroupMayBeGone();
            return [];
        }
    }

    internal static ExtractionJob? Parse(StreamEntry entry) =>
        JsonSerializer.Deserialize((string?)entry[Field] ?? "null", MemoryJsonContext.Default.ExtractionJob);

    /// <summary>
    /// Takes the job for extraction unless another replica has it (busy: left to it) or finished it (done: completed
    /// here too, as a redelivery). True: extract it, then <see cref="CompleteAsync"/> or <see cref="AbandonAsync"/>.
    /// </summary>
    internal async Task<bool> TryBeginAsync(StreamEntry entry)
    {
        var state = await _handled.TryBeginAsync(Group, entry.Id!, _options.ClaimIdle);
        if (state == HandleState.AlreadyDone)
        {
            await CompleteAsync(entry);
        }

        return state == HandleState.Begun;
    }

    /// <summary>The extraction failed: the job may be tried again at once by whoever claims it.</summary>
    internal Task AbandonAsync(StreamEntry entry) => _handled.AbandonAsync(Group, entry.Id!);

    /// <summary>Done (or given up): remembered as done, acknowledged and deleted, so the stream holds only waiting work.</summary>
    internal async Task CompleteAsync(StreamEntry entry)
    {
        await _handled.CompleteAsync(Group, entry.Id!, _options.ClaimIdle * 4);
        var database = redis.GetDatabase();
        await database.StreamAcknowledgeAsync(Stream, Group, entry.Id);
        await database.StreamDeleteAsync(Stream, [entry.Id]);
    }

    /// <summary>Whether a failed job has had its last try: it then goes to the dead letters rather than being retried.</summary>
    internal async Task<bool> ExhaustedAsync(StreamEntry entry) => await _queue.DeliveriesAsync(entry) >= _options.MaxDeliveries;

    /// <summary>Parks the job in <c>ai:memory:jobs:dead</c> (capped at the queue's capacity) and removes it from the queue.</summary>
    internal async Task GiveUpAsync(StreamEntry entry, Exception error)
    {
        await _queue.ParkAsync(entry, error, Math.Max(100, _options.QueueCapacity));
        await redis.GetDatabase().StreamDeleteAsync(Stream, [entry.Id]);
    }

    [LoggerMessage(3, LogLevel.Warning, "Could not queue memory extraction for user {UserId}; this message is not remembered.")]
    private static partial void LogEnqueueFailed(ILogger logger, ulong userId, Exception exception);
}
