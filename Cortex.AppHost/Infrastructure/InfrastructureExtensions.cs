using Microsoft.Extensions.Configuration;
namespace Cortex.AppHost.Infrastructure;

/// <summary>The two stores every service shares, in whichever form the mode asks for.</summary>
public sealed record CortexInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Postgres,
    IResourceBuilder<IResourceWithConnectionString> EconomyDb);

public static class InfrastructureExtensions
{
    public static CortexInfrastructure AddCortexInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureMode mode)
    {
        switch (mode)
        {
            case InfrastructureMode.Containers:
                {
                    var redis = builder.AddRedis("redis").WithDataVolume("cortex-redis-data");
                    var postgres = builder.AddPostgres("postgres").WithDataVolume("cortex-postgres-data");
                    var economyDb = postgres.AddDatabase("economydb");
                    return new(AsConnectionString(redis), AsConnectionString(postgres), AsConnectionString(economyDb));
                }

            case InfrastructureMode.Local:
                {
                    var dataRoot = LocalDataDirectory.Resolve(builder);
                    var durable = builder.Configuration.GetValue("Cortex:Local:Durable", defaultValue: true);
                    var redis = builder.AddLocalRedis("redis", dataRoot, FreePort.Pick(builder.Configuration.GetValue("Cortex:Local:RedisPort", 0)));
                    var postgres = builder.AddLocalPostgres("postgres", dataRoot, FreePort.Pick(builder.Configuration.GetValue("Cortex:Local:PostgresPort", 0)), durable);
                    var economyDb = postgres.AddDatabase("economydb");
                    return new(AsConnectionString(redis), AsConnectionString(postgres), AsConnectionString(economyDb));
                }

            default:
                {
                    var redis = builder.AddConnectionString("redis");
                    var postgres = builder.AddConnectionString("postgres");
                    var economyDb = builder.AddConnectionString("economydb");
                    return new(redis, postgres, economyDb);
                }
        }
    }

    private static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(IResourceBuilder<T> resource)
        where T : IResourceWithConnectionString =>
        (IResourceBuilder<IResourceWithConnectionString>)resource;
}
