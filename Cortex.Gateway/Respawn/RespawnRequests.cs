using System.Globalization;
using Cortex.Gateway.Keys;
using StackExchange.Redis;

namespace Cortex.Gateway.Respawn;

/// <summary>
/// Operator respawns reach every replica over Redis pub/sub; the replica that owns the shard acts. So the
/// dashboard command works whichever replica the HTTP call lands on.
/// </summary>
internal sealed partial class RespawnRequests(
    IConnectionMultiplexer redis,
    GatewayKeys keys,
    ShardRespawner respawner,
    ILogger<RespawnRequests> logger) : BackgroundService
{
    private const string All = "respawn:all";
    private const string OnePrefix = "respawn:";

    public async Task PublishRespawnAsync(int shardId) =>
        await redis.GetSubscriber().PublishAsync(keys.Control, OnePrefix + shardId.ToString(CultureInfo.InvariantCulture));

    public async Task PublishRollingRespawnAsync() => await redis.GetSubscriber().PublishAsync(keys.Control, All);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(keys.Control);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = (string?)(await queue.ReadAsync(stoppingToken)).Message;
                if (message == All)
                {
                    _ = respawner.RollingRespawnAsync(stoppingToken);
                }
                else if (message?.StartsWith(OnePrefix, StringComparison.Ordinal) == true
                    && int.TryParse(message.AsSpan(OnePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var shardId))
                {
                    _ = respawner.RespawnAsync(shardId, "operator command");
                }
                else
                {
                    LogUnknown(message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await queue.UnsubscribeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored an unknown gateway control message '{Message}'")]
    private partial void LogUnknown(string? message);
}
