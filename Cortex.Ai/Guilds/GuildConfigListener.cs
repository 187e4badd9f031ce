using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Ai.Guilds;

/// <summary>Subscribes this replica to <see cref="GuildConfigChanges"/>, retrying until Redis answers.</summary>
public sealed partial class GuildConfigListener(IConnectionMultiplexer redis, GuildConfigChanges changes, ILogger<GuildConfigListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Announcements sent while the connection was down are lost: start over from the database.
        redis.ConnectionRestored += Restored;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(changes.Channel, Received);
                return;
            }
            catch (Exception e) when (e.IsRedisFailure())
            {
                LogSubscribeFailed(logger, e);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        redis.ConnectionRestored -= Restored;
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(changes.Channel, Received);
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
        }
    }

    private void Received(RedisChannel channel, RedisValue message) => changes.Received(message);

    private void Restored(object? sender, ConnectionFailedEventArgs e) => changes.ForgetAll();

    [LoggerMessage(1, LogLevel.Warning, "Could not subscribe to guild configuration changes; retrying.")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
