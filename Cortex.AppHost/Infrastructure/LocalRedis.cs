using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.AppHost.Infrastructure;

/// <summary>redis-server from the machine's packages, with append-only persistence.</summary>
public sealed class LocalRedisResource(string name, string workingDirectory, int port)
    : ExecutableResource(name, "redis-server", workingDirectory), IResourceWithConnectionString
{
    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
}

public static class LocalRedisExtensions
{
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, string dataRoot, int port)
    {
        var directory = Path.Combine(dataRoot, "redis");
        Directory.CreateDirectory(directory);
        var resource = new LocalRedisResource(name, directory, port);
        var connectionString = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(connectionString, name: healthCheckKey);

        return builder.AddResource(resource)
            .WithArgs(
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--protected-mode", "yes",
                "--dir", directory,
                "--appendonly", "yes",
                // Redis's default, named: a crash loses at most the last second of writes (README, "Redis persistence").
                "--appendfsync", "everysec",
                "--daemonize", "no")
            .WithEndpoint("tcp", endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.UriScheme = "tcp";
                endpoint.IsProxied = false;
            })
            .WithHealthCheck(healthCheckKey);
    }
}
