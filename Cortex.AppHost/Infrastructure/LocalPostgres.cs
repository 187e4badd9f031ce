using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.AppHost.Infrastructure;

/// <summary>A PostgreSQL server from the machine's packages, started through postgres-local.sh.</summary>
public sealed class LocalPostgresServerResource(string name, string workingDirectory, int port, string password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public int Port { get; } = port;

    internal string Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{ConnectionString(null)}");

    /// <summary>A service's own login on <paramref name="database"/>; the migrator provisions the role.</summary>
    internal ReferenceExpression LoginConnectionString(string database, string role, ParameterResource password) =>
        ReferenceExpression.Create($"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={role};Password={password};Database={database}");

    internal string ConnectionString(string? database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Password={Password}"
        + (database is null ? "" : $";Database={database}");
}

/// <summary>A database on a <see cref="LocalPostgresServerResource"/>; the migrator creates it.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    public LocalPostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent.ConnectionString(DatabaseName)}");
}

public static class LocalPostgresExtensions
{
    private const string ScriptName = "postgres-local.sh";

    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string dataRoot, int port, bool durable)
    {
        var password = LoadOrCreatePassword(dataRoot);
        var resource = new LocalPostgresServerResource(name, dataRoot, port, password);
        var script = Path.Combine(builder.AppHostDirectory, "Infrastructure", ScriptName);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(resource.ConnectionString("postgres"), name: healthCheckKey);

        var server = builder.AddResource(resource)
            .WithArgs(script, dataRoot, port.ToString(CultureInfo.InvariantCulture), Path.Combine(dataRoot, "postgres-password"))
            .WithEndpoint("tcp", endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.UriScheme = "tcp";
                endpoint.IsProxied = false;
            })
            .WithHealthCheck(healthCheckKey);

        if (!durable)
        {
            // Throw-away clusters (tests) trade crash safety for speed.
            server.WithArgs("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        }

        return server;
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        var builder = server.ApplicationBuilder;

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(database.Parent.ConnectionString(database.DatabaseName), name: healthCheckKey);

        // The database has no process of its own: it is running as soon as its server is.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });

        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("database", database.DatabaseName)],
            })
            .WithHealthCheck(healthCheckKey);
    }

    // The password outlives the process: the cluster on disk was initialised with it.
    private static string LoadOrCreatePassword(string dataRoot)
    {
        var path = Path.Combine(dataRoot, "postgres-password");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var password = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32);
        File.WriteAllText(path, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }
}
