namespace Cortex.Gateway.Sharding;

/// <summary>What this run of the gateway connects: resolved once at start from options and GET /gateway/bot.</summary>
/// <param name="GatewayUrl">The gateway URL to identify on.</param>
/// <param name="ShardCount">Total shards across every replica.</param>
/// <param name="MaxConcurrency">Identify buckets.</param>
internal sealed record ShardPlan(Uri GatewayUrl, int ShardCount, int MaxConcurrency);
