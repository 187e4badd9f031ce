using Cortex.Ai.Moderation.Audit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>
/// Runs stages 2–3 off the event stream with bounded concurrency: it claims only as many due jobs
/// as it has free slots, so a slow or failing model endpoint backs the durable queue up instead of
/// the stream. A failed job is retried with exponential backoff up to a cap, then given up: audited
/// and sent to the review queue (<see cref="UnscreenedMessages"/>).
/// </summary>
public sealed partial class DeepStageWorker(
    DeepStageBacklog queue,
    ModerationPipeline pipeline,
    AuditLog audit,
    UnscreenedMessages unscreened,
    ModerationMetrics metrics,
    IOptions<ModerationOptions> options,
    TimeProvider time,
    ILogger<DeepStageWorker> logger) : BackgroundService
{
    /// <summary>How often the worker counts the backlog for <c>cortex.moderation.queue.depth</c> (one HLEN).</summary>
    private static readonly TimeSpan DepthInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _slots = new(options.Value.Concurrency, options.Value.Concurrency);
    private long _depthCountedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stoppingToken);
                IReadOnlyList<DeepStageJob> jobs;
                try
                {
                    jobs = await queue.ClaimAsync(1 + _slots.CurrentCount, o.Lease);
                }
                finally
                {
                    _slots.Release();
                }

                await CountBacklogAsync();
                if (jobs.Count == 0)
                {
                    await Task.Delay(o.PollInterval, time, stoppingToken);
                    continue;
                }

                foreach (var job in jobs)
                {
                    await _slots.WaitAsync(stoppingToken);
                    _ = RunAsync(job, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task RunAsync(DeepStageJob job, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await ProcessAsync(job, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and another worker takes the job.
        }
        catch (Exception e)
        {
            // A database or Redis failure: the lease runs out and the job is tried again.
            LogJobFailed(logger, job.MessageId, e);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>One job: run it, then complete it, or put it back with backoff, or give it up.</summary>
    public async Task ProcessAsync(DeepStageJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (outcome, error) = await pipeline.RunDeepStagesAsync(job, cancellationToken);
        if (outcome != PipelineOutcome.RetryLater)
        {
            await queue.CompleteAsync(job);
            return;
        }

        var attempts = job.Attempt + 1;
        var o = options.Value;
        if (attempts >= o.MaxAttempts)
        {
            metrics.Retried("gave_up");
            LogGaveUp(logger, job.MessageId, attempts, error);
            await audit.AppendAsync(new AuditEntry
            {
                GuildId = job.GuildId,
                ChannelId = job.ChannelId,
                MessageId = job.MessageId,
                UserId = job.UserId,
                Stage = "queue",
                Action = "none",
                Outcome = "gave up",
                Detail = $"stages 2-3 failed {attempts} times; last error: {error}",
            }, cancellationToken);
            await unscreened.SendToReviewAsync(job, attempts, error, cancellationToken);
            await queue.CompleteAsync(job);
            return;
        }

        metrics.Retried("retry");
        await queue.RetryLaterAsync(job with { Attempt = attempts, LastError = error }, Backoff(attempts, o));
    }

    private async Task CountBacklogAsync()
    {
        if (_depthCountedAt != 0 && time.GetElapsedTime(_depthCountedAt) < DepthInterval)
        {
            return;
        }

        _depthCountedAt = time.GetTimestamp();
        metrics.QueueDepth(await queue.CountAsync());
    }

    /// <summary>base × 2^(attempt−1), capped, with up to 20% jitter so a recovering endpoint is not hit all at once.</summary>
    public static TimeSpan Backoff(int attempt, ModerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + Random.Shared.NextDouble() * 0.2));
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    [LoggerMessage(1, LogLevel.Error, "The moderation worker's loop failed; retrying.")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Stages 2-3 for message {MessageId} failed; the job returns when its lease ends.")]
    private static partial void LogJobFailed(ILogger logger, ulong messageId, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Gave up moderating message {MessageId} after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, ulong messageId, int attempts, string? error);
}
