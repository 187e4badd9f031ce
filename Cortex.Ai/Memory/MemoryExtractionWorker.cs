using System.Text.Json;
using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Ai.Memory;

/// <summary>Drains <see cref="MemoryExtractionJobs"/> in every replica; a failed job is retried by whoever claims it next.</summary>
public sealed partial class MemoryExtractionWorker(MemoryExtractionJobs queue, MemoryExtractor extractor, ILogger<MemoryExtractionWorker> logger) : BackgroundService
{
    // The shared multiplexer cannot block on XREADGROUP, so an empty queue is polled.
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var jobs = await queue.TakeAsync();
                if (jobs.Length == 0)
                {
                    await Task.Delay(IdlePoll, stoppingToken);
                    continue;
                }

                foreach (var entry in jobs)
                {
                    await ExtractAsync(entry, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e.IsRedisFailure())
            {
                LogQueueUnavailable(logger, e);
                await Task.Delay(FailurePause, stoppingToken);
            }
        }
    }

    private async Task ExtractAsync(StreamEntry entry, CancellationToken stoppingToken)
    {
        ExtractionJob? job;
        try
        {
            job = MemoryExtractionJobs.Parse(entry);
        }
        catch (JsonException)
        {
            job = null;
        }

        if (job is null)
        {
            LogUnreadable(logger, entry.Id.ToString());
            await queue.GiveUpAsync(entry, new Cortex.Events.Consuming.MalformedEntryException("The job does not parse."));
            return;
        }

        if (!await queue.TryBeginAsync(entry))
        {
            return;
        }

        try
        {
            var result = await extractor.ExtractAsync(job, stoppingToken);
            LogExtracted(logger, job.UserId, result.Stored.Count, result.Refused.Count, result.SkippedReason);
            await queue.CompleteAsync(entry);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-extraction: the job stays pending and another replica claims it.
            await queue.AbandonAsync(entry);
            throw;
        }
        catch (Exception e) when (!e.IsRedisFailure())
        {
            LogFailed(logger, job.UserId, e);
            await queue.AbandonAsync(entry);
            if (await queue.ExhaustedAsync(entry))
            {
                await queue.GiveUpAsync(entry, e);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Memory extraction for user {UserId}: {Stored} stored, {Refused} refused, skipped: {Skipped}.")]
    private static partial void LogExtracted(ILogger logger, ulong userId, int stored, int refused, string? skipped);

    [LoggerMessage(2, LogLevel.Warning, "Memory extraction for user {UserId} failed; it is retried until its last delivery, then dead-lettered.")]
    private static partial void LogFailed(ILogger logger, ulong userId, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "The memory-extraction queue is unavailable; retrying.")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Memory-extraction job {EntryId} is unreadable; moved to the dead letters.")]
    private static partial void LogUnreadable(ILogger logger, string entryId);
}
