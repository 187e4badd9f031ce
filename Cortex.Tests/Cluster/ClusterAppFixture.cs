using System.Globalization;
using System.Text.RegularExpressions;
using Cortex.Tests.Gateway;
using Cortex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Cluster;

/// <summary>
/// The whole app (two gateway replicas, as <see cref="GatewayReplicasAppFixture"/>) on a three-node Redis Cluster and a
/// PostgreSQL of the test's own, through the AppHost's <c>external</c> infrastructure mode: the connection strings are
/// what an operator would give, <c>ConnectionStrings:redis</c> the comma-separated node list (StackExchange.Redis
/// discovers the cluster from it).
/// </summary>
public sealed partial class ClusterAppFixture : GatewayReplicasAppFixture
{
    private readonly RedisCluster _cluster = new();
    private PostgresServerProcess? _postgres;

    public RedisCluster Cluster => _cluster;

    protected override async Task<IEnumerable<string>> InfrastructureArgumentsAsync(string dataDirectory)
    {
        await _cluster.InitializeAsync();
        _postgres = await PostgresServerProcess.StartAsync();
        var server = $"Host=127.0.0.1;Port={_postgres.Port.ToString(CultureInfo.InvariantCulture)}";
        string Login(string role) => $"{server};Username={role};Password={Guid.NewGuid():N};Database=economydb";
        return
        [
            "--Cortex:Infrastructure=external",
            // allowAdmin: the services' Redis health check (Aspire's) asks a cluster for CLUSTER INFO, an admin command to StackExchange.Redis.
            "--ConnectionStrings:redis=" + _cluster.ConnectionString + ",allowAdmin=true",
            $"--ConnectionStrings:postgres={server};Username=postgres;Database=postgres",
            $"--ConnectionStrings:economydb={server};Username=postgres;Database=economydb",
            "--ConnectionStrings:economydb-economy=" + Login("cortex_economy"),
            "--ConnectionStrings:economydb-ai=" + Login("cortex_ai"),
        ];
    }

    protected override async Task DisposeInfrastructureAsync()
    {
        await _cluster.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>
    /// Every line any resource (each replica included) logged so far that shows Redis Cluster refusing a command:
    /// CROSSSLOT, StackExchange.Redis's own single-slot check, a script touching another slot's key, or a MOVED/ASK
    /// redirection surfacing as an error.
    /// </summary>
    public async Task<IReadOnlyList<string>> SlotErrorsAsync()
    {
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        List<string> errors = [];
        foreach (var resource in App.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            await foreach (var batch in loggers.GetAllAsync(resource))
            {
                errors.AddRange(batch.Where(IsSlotError).Select(line => $"{resource.Name}: {line.Content}"));
            }
        }

        return errors;
    }

    /// <summary>Lines the resources logged so far, over all of them (to check the log watch sees anything at all).</summary>
    public async Task<int> LogLineCountAsync()
    {
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        var count = 0;
        foreach (var resource in App.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            await foreach (var batch in loggers.GetAllAsync(resource))
            {
                count += batch.Count;
            }
        }

        return count;
    }

    // StackExchange.Redis's connect-time tie-break GET goes to every node; the two that do not own its slot answer MOVED,
    // which it logs at Information while discovering the cluster. That is its handshake, not one of Cortex's commands.
    private static bool IsSlotError(LogLine line) =>
        SlotError().IsMatch(line.Content) && !line.Content.Contains("__Booksleeve_TieBreak", StringComparison.Ordinal);

    [GeneratedRegex(@"CROSSSLOT|single slot|non local key|\bMOVED \d+|\bASK \d+|TRYAGAIN|CLUSTERDOWN", RegexOptions.IgnoreCase)]
    private static partial Regex SlotError();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterAppCollection : ICollectionFixture<ClusterAppFixture>
{
    public const string Name = "Cortex app on a Redis Cluster";
}
