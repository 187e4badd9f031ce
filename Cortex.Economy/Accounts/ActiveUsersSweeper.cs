using Cortex.Economy.Storage;
using Npgsql;

namespace Cortex.Economy.Accounts;

/// <summary>
/// Keeps the partial index <c>ix_users_active ... WHERE active</c> down to the last 30 days of
/// activity. Every write sets <c>active</c>; this clears it for rows idle longer, in small batches
/// so it never holds many row locks at once. Running it twice, or on two replicas, is harmless.
/// </summary>
public sealed partial class ActiveUsersSweeper(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<ActiveUsersSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromDays(30);
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        do
        {
            try
            {
                var swept = await SweepAsync(stoppingToken);
                if (swept > 0)
                {
                    LogSwept(logger, swept);
                }
            }
            catch (NpgsqlException e)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Marks every user idle for longer than <see cref="ActiveWindow"/> inactive; returns how many.</summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - ActiveWindow;
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand("""
                UPDATE economy.users SET active = false
                WHERE (guild_id, user_id) IN (
                    SELECT guild_id, user_id FROM economy.users
                    WHERE active AND updated_at < $1
                    LIMIT $2 FOR UPDATE SKIP LOCKED)
                """);
            command.With(cutoff).With(BatchSize);
            var swept = await command.ExecuteNonQueryAsync(cancellationToken);
            total += swept;
            if (swept < BatchSize)
            {
                return total;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Marked {Count} idle users inactive")]
    private static partial void LogSwept(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Active-users sweep failed; will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
