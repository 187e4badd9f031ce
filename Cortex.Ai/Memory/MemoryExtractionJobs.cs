using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cortex.Ai.Memory;

/// <summary>
/// Extraction happens after the reply and never delays it: replies drop jobs here and a
/// background worker drains them. Memory is best-effort; under a flood the oldest jobs go.
/// </summary>
public sealed class MemoryExtractionJobs(IOptions<MemoryOptions> options)
{
    private readonly Channel<ExtractionJob> _jobs = Channel.CreateBounded<ExtractionJob>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public void Enqueue(ExtractionJob job) => _jobs.Writer.TryWrite(job);

    internal ChannelReader<ExtractionJob> Reader => _jobs.Reader;
}

public sealed partial class MemoryExtractionWorker(MemoryExtractionJobs queue, MemoryExtractor extractor, ILogger<MemoryExtractionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var result = await extractor.ExtractAsync(job, stoppingToken);
                LogExtracted(logger, job.UserId, result.Stored.Count, result.Refused.Count, result.SkippedReason);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, job.UserId, e);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Memory extraction for user {UserId}: {Stored} stored, {Refused} refused, skipped: {Skipped}.")]
    private static partial void LogExtracted(ILogger logger, ulong userId, int stored, int refused, string? skipped);

    [LoggerMessage(2, LogLevel.Warning, "Memory extraction for user {UserId} failed.")]
    private static partial void LogFailed(ILogger logger, ulong userId, Exception exception);
}
