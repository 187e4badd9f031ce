using Cortex.Economy.Storage;
using Npgsql;

namespace Cortex.Economy.Ledger;

/// <summary>
/// Keeps the ledger's monthly partitions ahead of the clock: this month's and the next
/// <see cref="MonthsAhead"/> exist long before their first row, so the default partition stays empty
/// and every month prunes. <c>economy.ensure_ledger_partitions</c> (migration 0121) does the work as
/// the schema's owner and returns at once when they exist; two replicas running it is harmless.
/// </summary>
public sealed partial class LedgerPartitionMaintainer(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<LedgerPartitionMaintainer> logger) : BackgroundService
{
    public const int MonthsAhead = 2;
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        do
        {
            try
            {
                foreach (var partition in await EnsureAsync(stoppingToken))
                {
                    LogCreated(logger, partition);
                }
            }
            catch (NpgsqlException e)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Creates the missing partitions from this month on; returns their names.</summary>
    public async Task<IReadOnlyList<string>> EnsureAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT economy.ensure_ledger_partitions($1, $2)");
        command.With(timeProvider.GetUtcNow()).With(MonthsAhead);
        var created = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            created.Add(reader.GetString(0));
        }

        return created;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created ledger partition economy.{Partition}")]
    private static partial void LogCreated(ILogger logger, string partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger partition maintenance failed; will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
