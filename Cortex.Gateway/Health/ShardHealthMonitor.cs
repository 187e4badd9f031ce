using Cortex.Gateway.Configuration;
using Cortex.Gateway.Metrics;
using Cortex.Gateway.Respawn;
using Cortex.Gateway.Sharding;
using Microsoft.Extensions.Options;

namespace Cortex.Gateway.Health;

/// <summary>
/// The seed's health monitor: every 30 s each running shard is asked, through its own loop, for
/// {wsPing, guilds, memory, lastEventAge}. No answer within 10 s → respawn; wsPing above 500 ms →
/// shardDegraded (log and metric).
/// </summary>
internal sealed partial class ShardHealthMonitor(
    ShardManager manager,
    ShardRespawner respawner,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<ShardHealthMonitor> logger) : BackgroundService
{
    private readonly GatewayOptions _options = options.Value;
    private readonly Dictionary<int, ShardHealth> _last = [];
    private readonly Lock _lastLock = new();

    public ShardHealth? LastHealth(int shardId)
    {
        lock (_lastLock)
        {
            return _last.GetValueOrDefault(shardId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(_options.HealthInterval, time);
        try
        {
            while (await ticks.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAllAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task CheckAllAsync() =>
        await Task.WhenAll(manager.Workers.Where(w => w.Stopped is null).Select(CheckAsync));

    private async Task CheckAsync(ShardWorker worker)
    {
        var health = await worker.PingAsync(_options.HealthTimeout);
        if (health is null)
        {
            if (worker.Stopped is null && manager.Worker(worker.ShardId) == worker)
            {
                LogUnresponsive(worker.ShardId, _options.HealthTimeout);
                await respawner.RespawnAsync(worker.ShardId, $"no health answer within {_options.HealthTimeout}");
            }

            return;
        }

        lock (_lastLock)
        {
            _last[worker.ShardId] = health;
        }

        if (health.WsPing is { } ping)
        {
            metrics.WsPing(worker.ShardId, ping);
            if (ping > _options.DegradedLatency)
            {
                metrics.Degraded(worker.ShardId);
                LogShardDegraded(worker.ShardId, ping.TotalMilliseconds, health.Guilds, health.LastEventAge?.TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(EventName = "shardDegraded", Level = LogLevel.Warning, Message = "shardDegraded: shard {ShardId} wsPing {WsPingMs} ms, {Guilds} guilds, last event {LastEventAgeMs} ms ago")]
    private partial void LogShardDegraded(int shardId, double wsPingMs, int guilds, double? lastEventAgeMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {ShardId} did not answer the health ping within {Timeout}")]
    private partial void LogUnresponsive(int shardId, TimeSpan timeout);
}
