using Cortex.Economy;
using Cortex.Economy.Api;
using Cortex.Economy.Caching;
using Cortex.Economy.Storage;
using Cortex.Tests.Hosting;
using Cortex.Tests.Security;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cortex.Tests.Economy;

/// <summary>
/// The economy's HTTP API in this process, built by the calls <c>Cortex.Economy/Program.cs</c> makes for it (defaults,
/// storage, cache, operations, defense, surfaces, API) on a migrated database of the test class's own and a Redis the
/// test names, with one port for both surfaces: for tests that count what a request costs on that Redis.
/// </summary>
internal sealed class EconomyApiTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _database;

    private EconomyApiTestHost(WebApplication app, NpgsqlDataSource database, Uri address)
    {
        _app = app;
        _database = database;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The test class's database, for arranging rows behind the API's back.</summary>
    public NpgsqlDataSource Database => _database;

    public static async Task<EconomyApiTestHost> StartAsync(
        CortexAppFixture fixture, string name, RedisServer redis, Dictionary<string, string?>? settings = null)
    {
        var database = await fixture.CreateMigratedDatabaseAsync(name);
        var service = new NpgsqlConnectionStringBuilder(await fixture.ServiceConnectionStringAsync("economy"))
        {
            Database = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database,
        };
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestApiKey.Settings())
        {
            ["ConnectionStrings:economydb"] = service.ConnectionString,
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Cortex:Surfaces:InternalPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [CachingOptions.Section + ":KeyPrefix"] = "test:" + Guid.NewGuid().ToString("N")[..12],
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);

        builder.AddServiceDefaults();
        builder.AddEconomyStorage();
        builder.AddBalanceCache();
        builder.AddEconomyOperations();
        builder.AddHttpDefense();
        builder.AddCortexSurfaces();
        builder.AddEconomyApi();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.UseHttpDefense();
        app.UseCortexSurfaces();
        app.MapEconomyApi();
        await app.StartAsync();
        return new EconomyApiTestHost(app, database, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>A client that presents the test's operator key (every scope), or none.</summary>
    public HttpClient Client(bool asOperator)
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        return asOperator ? http.Authorized() : http;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
