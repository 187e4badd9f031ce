using Cortex.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Cortex.Gateway.Metrics;

/// <summary>
/// The seed's event-loop lag and GC observer, for .NET: every 500 ms a work item is queued to the thread
/// pool and the delay until it runs is recorded (a warning above 100 ms); each gen-2 collection since the
/// last sample records its pause (a warning at or above <see cref="GatewayOptions.Gen2PauseWarning"/>).
/// </summary>
internal sealed partial class PipelineProfiler(
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<PipelineProfiler> logger) : BackgroundService
{
    private readonly GatewayOptions _options = options.Value;
    private long _lastGen2Index = GC.GetGCMemoryInfo(GCKind.Any).Index;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(_options.ThreadPoolLagInterval, time);
        try
        {
            while (await ticks.WaitForNextTickAsync(stoppingToken))
            {
                var lag = await MeasureThreadPoolLagAsync();
                metrics.ThreadPoolLag(lag);
                if (lag > _options.ThreadPoolLagWarning)
                {
                    LogThreadPoolLag(lag.TotalMilliseconds, ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount);
                }

                SampleGen2();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private Task<TimeSpan> MeasureThreadPoolLagAsync()
    {
        var queued = time.GetTimestamp();
        var ran = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        ThreadPool.UnsafeQueueUserWorkItem(state => state.ran.TrySetResult(state.time.GetElapsedTime(state.queued)), (ran, time, queued), preferLocal: false);
        return ran.Task;
    }

    private void SampleGen2()
    {
        // Blocking and background gen-2 collections each keep their own "last" record.
        foreach (var kind in (ReadOnlySpan<GCKind>)[GCKind.FullBlocking, GCKind.Background])
        {
            var info = GC.GetGCMemoryInfo(kind);
            if (info.Index <= _lastGen2Index || info.Generation != 2)
            {
                continue;
            }

            var pause = TimeSpan.Zero;
            foreach (var duration in info.PauseDurations)
            {
                pause += duration;
            }

            metrics.Gen2Pause(pause);
            if (pause >= _options.Gen2PauseWarning)
            {
                LogGen2Pause(pause.TotalMilliseconds, info.Compacted, info.HeapSizeBytes);
            }

            _lastGen2Index = Math.Max(_lastGen2Index, info.Index);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Thread-pool lag {LagMs} ms ({Pending} work items pending, {Threads} threads)")]
    private partial void LogThreadPoolLag(double lagMs, long pending, int threads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gen-2 GC paused {PauseMs} ms (compacted: {Compacted}, heap {HeapBytes} bytes)")]
    private partial void LogGen2Pause(double pauseMs, bool compacted, long heapBytes);
}
