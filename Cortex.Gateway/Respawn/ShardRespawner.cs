using Cortex.Discord.Gateway;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Metrics;
using Cortex.Gateway.Sharding;
using Microsoft.Extensions.Options;

namespace Cortex.Gateway.Respawn;

/// <summary>
/// The seed's respawn, for shards that live in this process: DRAIN (the shard's loop finishes what it
/// took and stops taking more), wait for the acknowledgement or 3 s, close with a resumable code (the
/// session stays in Redis), wait 500 ms, re-enqueue. The shard comes back by RESUME.
/// </summary>
internal sealed partial class ShardRespawner(
    ShardManager manager,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<ShardRespawner> logger) : IDisposable
{
    private readonly GatewayOptions _options = options.Value;
    private readonly SemaphoreSlim _rolling = new(1, 1);

    /// <summary>Respawns a shard owned here; false when this replica does not run it.</summary>
    public async Task<bool> RespawnAsync(int shardId, string why)
    {
        if (manager.TakeForStop(shardId) is not { } worker)
        {
            return false;
        }

        LogRespawning(shardId, why);
        var drained = await worker.DrainAsync(_options.DrainTimeout);
        if (!drained)
        {
            LogDrainTimedOut(shardId, _options.DrainTimeout);
        }

        await worker.StopAsync();
        manager.Stopped(worker);
        metrics.Respawned(shardId);
        await Task.Delay(_options.RespawnDelay, time);
        manager.Enqueue(shardId);
        return true;
    }

    /// <summary>Respawns every shard owned here, one at a time, each back to Ready before the next.</summary>
    public async Task RollingRespawnAsync(CancellationToken cancellationToken)
    {
        await _rolling.WaitAsync(cancellationToken);
        try
        {
            foreach (var shardId in manager.OwnedShards)
            {
                if (!await RespawnAsync(shardId, "rolling respawn"))
                {
                    continue;
                }

                var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
                while (manager.Worker(shardId)?.State.Status != ShardStatus.Ready && time.GetUtcNow() < deadline)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
                }
            }
        }
        finally
        {
            _rolling.Release();
        }
    }

    public void Dispose() => _rolling.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Respawning shard {ShardId}: {Why}")]
    private partial void LogRespawning(int shardId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId} did not acknowledge the drain within {Timeout}; closing it anyway")]
    private partial void LogDrainTimedOut(int shardId, TimeSpan timeout);
}
