using Cortex.Gateway.Configuration;
using Cortex.Gateway.Metrics;
using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Routing;

/// <summary>
/// Trims the event streams (every partition of each, its own gauges and dead letters) every <see cref="GatewayOptions.StreamTrimInterval"/>, off the hot path
/// (routing appends without a bound), and caps their dead-letter streams (<c>{stream}:dead</c>) at
/// <see cref="GatewayOptions.DeadLetterMaxLength"/>. Each pass also feeds the stream gauges.
/// Every replica runs it; trimming is idempotent, so two at once do no harm.
/// </summary>
internal sealed partial class StreamTrimService(
    StreamTrimmer trimmer,
    IConnectionMultiplexer redis,
    StreamMetrics metrics,
    IOptions<GatewayOptions> options,
    ILogger<StreamTrimService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var timer = new PeriodicTimer(o.StreamTrimInterval);
        do
        {
            foreach (var stream in o.PartitionedStreams())
            {
                try
                {
                    await TrimOnceAsync(stream, o);
                }
                catch (Exception e) when (e.IsRedisFailure())
                {
                    LogTrimFailed(logger, stream, e);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task TrimOnceAsync(string stream, GatewayOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var report = await trimmer.TrimAsync(stream, o.StreamMaxLength, o.StreamRetention);
        if (report.DroppedUnread > 0)
        {
            LogDroppedUnread(logger, stream, report.DroppedUnread, o.StreamMaxLength);
        }

        var deadLetters = stream + ":dead";
        var database = redis.GetDatabase();
        var deadDropped = await database.StreamTrimAsync(deadLetters, o.DeadLetterMaxLength);
        metrics.Observe(report, await database.StreamLengthAsync(deadLetters), deadDropped);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream {Stream} passed its hard cap of {Cap} entries: {Dropped} entries a consumer group had not acknowledged were dropped")]
    private static partial void LogDroppedUnread(ILogger logger, string stream, long dropped, long cap);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trimming stream {Stream} failed; it is tried again at the next interval")]
    private static partial void LogTrimFailed(ILogger logger, string stream, Exception exception);
}
