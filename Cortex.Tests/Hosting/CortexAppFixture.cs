using Cortex.AppHost.Integrations;
using Cortex.Migrator.Migrating;
using Cortex.Migrator.ServiceRoles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cortex.Tests.Hosting;

/// <summary>
/// The whole Cortex app, started once for every integration test in <see cref="CortexAppCollection"/>:
/// local mode (redis-server and PostgreSQL from the machine's packages) in a throw-away data folder,
/// services on the emulator.
/// </summary>
public class CortexAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cortex-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Every resource the app runs; the fixture waits until all are healthy.</summary>
    public static readonly string[] Services = ["gateway", "economy", "ai", "emulator"];

    public async Task InitializeAsync()
    {
        using var cancellation = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(
            // Discord gives 3 s to answer an interaction; a shared 2-core test machine needs slack.
            [.. await InfrastructureArgumentsAsync(_dataDirectory), "--Cortex:Emulator:InitialResponseWindowMilliseconds=15000", .. ExtraArguments],
            (options, _) => options.DisableDashboard = true,
            cancellation.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());

        App = await builder.BuildAsync(cancellation.Token);
        await App.StartAsync(cancellation.Token);
        foreach (var service in Services)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellation.Token);
        }

        OperatorKey = await OperatorKeyAsync(App, cancellation.Token);
    }

    /// <summary>The value the app generated for its <c>operator-api-key</c> parameter: every scope on every service.</summary>
    public string OperatorKey { get; private set; } = "";

    public static async Task<string> OperatorKeyAsync(DistributedApplication app, CancellationToken cancellationToken = default)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(resource => resource.Name == ServiceSurfaces.OperatorKeyParameter);
        return await parameter.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException("The operator key has no value.");
    }

    /// <summary>Where Redis and PostgreSQL come from: local mode unless a derived fixture starts its own (external mode).</summary>
    protected virtual Task<IEnumerable<string>> InfrastructureArgumentsAsync(string dataDirectory) => Task.FromResult(LocalModeArguments(dataDirectory));

    /// <summary>Stops what <see cref="InfrastructureArgumentsAsync"/> started, after the app.</summary>
    protected virtual Task DisposeInfrastructureAsync() => Task.CompletedTask;

    /// <summary>AppHost configuration a derived fixture adds (e.g. another interactions delivery).</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public static IEnumerable<string> LocalModeArguments(string dataDirectory) =>
    [
        "--Cortex:Infrastructure=local",
        $"--Cortex:DataDirectory={dataDirectory}",
        "--Cortex:Local:Durable=false",
    ];

    /// <summary>A client on the resource's public endpoint (<c>http</c>), with no credential: what anyone on the internet has.</summary>
    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource, "http");

    /// <summary>A client on the resource's <c>internal</c> endpoint carrying the operator key: what the operator has.</summary>
    public HttpClient CreateInternalClient(string resource) => CreateInternalClient(App, resource, OperatorKey);

    public static HttpClient CreateInternalClient(DistributedApplication app, string resource, string operatorKey)
    {
        var http = app.CreateHttpClient(resource, ServiceSurfaces.InternalEndpoint);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", operatorKey);
        return http;
    }

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>
    /// A fresh database with every migration applied and the running services' roles granted in it,
    /// as the migrator does for <c>economydb</c>, so a test class owns its data and does not depend on
    /// the order tests run in. The data source is the owner's (superuser), for setup and assertions;
    /// <see cref="AsServiceAsync"/> gives the same database as a service connects to it.
    /// </summary>
    public async Task<NpgsqlDataSource> CreateMigratedDatabaseAsync(string name)
    {
        var server = new NpgsqlConnectionStringBuilder(await ConnectionStringAsync("economydb"));
        var database = $"test_{name}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        server.Database = database;
        var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        await CreateRunner(dataSource, await ServiceLoginsAsync()).ApplyPendingAsync(CancellationToken.None);
        return dataSource;
    }

    /// <summary>The migrator's runner on <paramref name="dataSource"/>, provisioning <paramref name="logins"/>.</summary>
    public static MigrationRunner CreateRunner(NpgsqlDataSource dataSource, ServiceLogins logins) => new(
        dataSource,
        MigrationCatalog.FromEmbeddedResources(typeof(MigrationRunner).Assembly),
        new ServiceRoleProvisioner(dataSource, logins, NullLogger<ServiceRoleProvisioner>.Instance),
        NullLogger<MigrationRunner>.Instance);

    /// <summary>The running services' logins, as the app's migrator provisions them.</summary>
    public async Task<ServiceLogins> ServiceLoginsAsync()
    {
        var services = new Dictionary<string, string>();
        foreach (var (service, _) in ServiceLogins.Known)
        {
            services[service] = await ServiceConnectionStringAsync(service);
        }

        return ServiceLogins.From(await ConnectionStringAsync("economydb"), services);
    }

    /// <summary><c>ConnectionStrings:economydb</c> exactly as the running <paramref name="service"/> was started with it.</summary>
    public async Task<string> ServiceConnectionStringAsync(string service)
    {
        const string name = "ConnectionStrings__economydb";
        var running = await App.ResourceNotifications.WaitForResourceAsync(
            service, e => e.Snapshot.EnvironmentVariables.Any(variable => variable.Name == name && variable.Value is not null));
        return running.Snapshot.EnvironmentVariables.First(variable => variable.Name == name).Value!;
    }

    /// <summary>The database of <paramref name="database"/>, logged in as <paramref name="service"/> logs in.</summary>
    public async Task<NpgsqlDataSource> AsServiceAsync(NpgsqlDataSource database, string service) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(await ServiceConnectionStringAsync(service))
        {
            Database = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database,
        }.ConnectionString);

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        await DisposeInfrastructureAsync();

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // PostgreSQL may still be flushing its last files; the folder is in /tmp anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CortexAppCollection : ICollectionFixture<CortexAppFixture>
{
    public const string Name = "Cortex app";
}
