using Cortex.ServiceDefaults.Redis;

namespace Cortex.Economy.Caching;

/// <summary>Drains <see cref="PendingCacheRepairs"/> whenever Redis is reachable.</summary>
public sealed partial class CacheRepairService(
    PendingCacheRepairs queue,
    BalanceCache cache,
    TimeProvider timeProvider,
    ILogger<CacheRepairService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (queue.Count == 0)
            {
                continue;
            }

            var repaired = 0;
            try
            {
                foreach (var guild in queue.Guilds())
                {
                    if (!await cache.InvalidateGuildAsync(guild))
                    {
                        break;
                    }

                    queue.CompleteGuild(guild);
                    repaired++;
                }

                foreach (var account in queue.Accounts())
                {
                    await cache.RefreshAsync(account.GuildId, account.UserId, stoppingToken);
                    queue.Complete(account);
                    repaired++;
                }
            }
            catch (Exception e) when (e.IsRedisFailure() || e is Npgsql.NpgsqlException)
            {
                // Still down; try again on the next tick.
            }

            if (repaired > 0)
            {
                LogRepaired(logger, repaired, queue.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Repaired {Repaired} cached balances (or guilds) after a Redis outage ({Remaining} left)")]
    private static partial void LogRepaired(ILogger logger, int repaired, int remaining);
}
