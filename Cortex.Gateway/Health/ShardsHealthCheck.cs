using Cortex.Gateway.Sharding;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Gateway.Health;

/// <summary>
/// Unhealthy, with the reason, when a shard stopped for good (a fatal close code such as 4004 or 4014,
/// or no session starts left) or the shard plan cannot be resolved: states a restart loop would not fix.
/// </summary>
internal sealed class ShardsHealthCheck(ShardManager manager) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (manager.PlanError is { } planError)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(planError));
        }

        var fatal = manager.Workers.Where(w => w.Stopped is { Fatal: true }).Select(w => $"shard {w.ShardId}: {w.Stopped!.Reason}").ToList();
        if (fatal.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(string.Join("; ", fatal)));
        }

        var data = new Dictionary<string, object>
        {
            ["replica"] = manager.ReplicaId,
            ["owned"] = string.Join(",", manager.OwnedShards),
        };
        return Task.FromResult(HealthCheckResult.Healthy($"{manager.OwnedShards.Count} shards owned by {manager.ReplicaId}", data));
    }
}
