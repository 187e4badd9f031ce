using System.Globalization;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;

namespace Cortex.Tests.Faults;

/// <summary>
/// The whole app through the AppHost's <c>external</c> infrastructure mode, on a PostgreSQL and a Redis of the
/// test's own, so a test can stop and restart the database the running services use without touching the shared
/// fixture's servers. The services get the connection strings an operator would give.
/// </summary>
public sealed class PostgresFaultAppFixture : CortexAppFixture
{
    private RedisServer? _redis;
    private PostgresServerProcess? _postgres;

    public PostgresServerProcess Postgres => _postgres ?? throw new InvalidOperationException("The fixture has not started.");

    protected override async Task<IEnumerable<string>> InfrastructureArgumentsAsync(string dataDirectory)
    {
        _postgres = await PostgresServerProcess.StartAsync();
        _redis = await RedisServer.StartAsync();
        var server = $"Host=127.0.0.1;Port={_postgres.Port.ToString(CultureInfo.InvariantCulture)}";
        string Login(string role) => $"{server};Username={role};Password={Guid.NewGuid():N};Database=economydb";
        return
        [
            "--Cortex:Infrastructure=external",
            "--ConnectionStrings:redis=" + _redis.ConnectionString,
            $"--ConnectionStrings:postgres={server};Username=postgres;Database=postgres",
            $"--ConnectionStrings:economydb={server};Username=postgres;Database=economydb",
            "--ConnectionStrings:economydb-economy=" + Login("cortex_economy"),
            "--ConnectionStrings:economydb-ai=" + Login("cortex_ai"),
        ];
    }

    protected override async Task DisposeInfrastructureAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresFaultAppCollection : ICollectionFixture<PostgresFaultAppFixture>
{
    public const string Name = "Cortex app on a PostgreSQL the test restarts";
}
