namespace Cortex.Migrator.Migrating;

/// <summary>
/// Runs the migrations once and stops the host. The AppHost starts the services only after this
/// process exits with code 0 (<c>WaitForCompletion</c>).
/// </summary>
public sealed partial class MigrateOnceService(
    DatabaseCreator databaseCreator,
    MigrationRunner runner,
    IHostApplicationLifetime lifetime,
    ILogger<MigrateOnceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RetryWhileServerStartsAsync(() => databaseCreator.EnsureExistsAsync(stoppingToken), stoppingToken);
            await runner.ApplyPendingAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    // A server that is still starting refuses connections for a moment; anything else is a real error.
    private static async Task RetryWhileServerStartsAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception e) when (attempt < 30 && IsTransientConnectFailure(e))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static bool IsTransientConnectFailure(Exception e) =>
        e is Npgsql.NpgsqlException { IsTransient: true }
        || e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CannotConnectNow };

    [LoggerMessage(Level = LogLevel.Critical, Message = "Schema migration failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
