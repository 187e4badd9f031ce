using Npgsql;

namespace Cortex.Economy.Storage;

internal static class ReadDataSourceExtensions
{
    /// <summary>
    /// Registers <see cref="ReadDataSource"/>: the standbys of <c>ConnectionStrings:economydb-read</c>
    /// when set, else the primary (one server, as before).
    /// </summary>
    public static void AddEconomyReadSource(this IHostApplicationBuilder builder, bool tracing)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ReadDataSource.ConnectionName)))
        {
            builder.Services.AddSingleton(provider => new ReadDataSource(provider.GetRequiredService<NpgsqlDataSource>()));
            return;
        }

        builder.AddKeyedNpgsqlDataSource(
            ReadDataSource.ConnectionName,
            settings =>
            {
                settings.DisableTracing |= !tracing;
                // Readiness is the primary's: with prefer-standby the reads fall back to any host listed.
                settings.DisableHealthChecks = true;
            },
            dataSource =>
            {
                var connection = dataSource.ConnectionStringBuilder;
                connection.TargetSessionAttributes ??= "prefer-standby";
                StorageExtensions.UseLeanPooledConnections(connection);
            });
        builder.Services.AddSingleton(provider =>
            new ReadDataSource(provider.GetRequiredKeyedService<NpgsqlDataSource>(ReadDataSource.ConnectionName)));
    }
}
