using System.Globalization;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;

namespace Cortex.Tests.Faults;

/// <summary>
/// The whole app through the AppHost's <c>external</c> mode on a redis-server the test can restart: same port, same
/// data folder, the persistence the app's <c>local</c> mode runs (<c>appendonly yes</c>, <c>appendfsync everysec</c>:
/// LocalRedis.cs), and a PostgreSQL of the test's own. The AI's consumer groups claim an abandoned entry after 15 s
/// rather than 150 s, so an entry cut short by the outage comes back within the test's patience. The gateway renews
/// its lease (and publishes its shard reports) every second rather than every 5 s, so several ticks fall in the
/// test's hang and time out there (lease time unchanged: 15 s outlasts the hang).
/// </summary>
public sealed class RedisRestartAppFixture : CortexAppFixture
{
    private PostgresServerProcess? _postgres;

    public RedisServer Redis { get; private set; } = null!;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Cortex:Ai:UserCallsPerWindow=1000",
        "--Cortex:Gateway:LeaseRenewInterval=00:00:01",
        .. new[] { "cortex-ai", "cortex-moderation" }.SelectMany(group => new[]
        {
            $"--Cortex:Events:Consumers:{group}:ClaimIdle=00:00:15",
            $"--Cortex:Events:Consumers:{group}:ClaimInterval=00:00:02",
        }),
    ];

    protected override async Task<IEnumerable<string>> InfrastructureArgumentsAsync(string dataDirectory)
    {
        Redis = await RedisServer.StartPersistentAsync(appendFsync: "everysec");
        _postgres = await PostgresServerProcess.StartAsync();
        var server = $"Host=127.0.0.1;Port={_postgres.Port.ToString(CultureInfo.InvariantCulture)}";
        return
        [
            "--Cortex:Infrastructure=external",
            "--ConnectionStrings:redis=" + Redis.ConnectionString,
            $"--ConnectionStrings:postgres={server};Username=postgres;Database=postgres",
            $"--ConnectionStrings:economydb={server};Username=postgres;Database=economydb",
            $"--ConnectionStrings:economydb-economy={server};Username=cortex_economy;Password={Guid.NewGuid():N};Database=economydb",
            $"--ConnectionStrings:economydb-ai={server};Username=cortex_ai;Password={Guid.NewGuid():N};Database=economydb",
        ];
    }

    protected override async Task DisposeInfrastructureAsync()
    {
        await Redis.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisRestartAppCollection : ICollectionFixture<RedisRestartAppFixture>
{
    public const string Name = "Cortex app on a Redis the test restarts";
}
