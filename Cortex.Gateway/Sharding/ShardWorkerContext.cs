using Cortex.Discord.Gateway;
using Cortex.Gateway.Cache;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Metrics;
using Cortex.Gateway.Routing;

namespace Cortex.Gateway.Sharding;

/// <summary>What every shard of this replica shares.</summary>
internal sealed record ShardWorkerContext(
    GatewayOptions Options,
    ShardPlan Plan,
    string Token,
    IIdentifyGate IdentifyGate,
    IShardSessionStore Sessions,
    StreamRouter Router,
    GuildCache Cache,
    IntentFilter Filter,
    GatewayMetrics Metrics,
    TimeProvider Time,
    ILoggerFactory LoggerFactory);
