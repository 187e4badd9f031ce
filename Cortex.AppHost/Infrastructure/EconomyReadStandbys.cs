using Microsoft.Extensions.Configuration;

namespace Cortex.AppHost.Infrastructure;

/// <summary>
/// Optional PostgreSQL standbys for the economy's read-only queries (leaderboard, history, rank): when
/// the operator sets <c>ConnectionStrings:economydb-economy-read</c> (an Npgsql multi-host string that
/// logs in as the economy's role, e.g. <c>Host=standby1,standby2,primary;Target Session
/// Attributes=prefer-standby;...</c>), the economy gets it as <c>ConnectionStrings:economydb-read</c>.
/// Without it nothing changes: one server serves reads and writes.
/// </summary>
public static class EconomyReadStandbys
{
    public const string ConnectionName = "economydb-economy-read";

    /// <summary>What the economy calls it (<c>Cortex.Economy.Storage.ReadDataSource.ConnectionName</c>).</summary>
    public const string ServiceConnectionName = "economydb-read";

    public static IResourceBuilder<ProjectResource> WithReadStandbys(this IResourceBuilder<ProjectResource> economy)
    {
        var builder = economy.ApplicationBuilder;
        return string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName))
            ? economy
            : economy.WithReference(builder.AddConnectionString(ConnectionName), ServiceConnectionName);
    }
}
