using Microsoft.Extensions.Configuration;
namespace Cortex.AppHost.Infrastructure;

/// <summary>
/// The two stores every service shares, in whichever form the mode asks for. <c>EconomyDb</c> is the
/// owner's connection (the migrator's alone); services connect through their <c>DatabaseLogins</c>.
/// </summary>
public sealed record CortexInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Postgres,
    IResourceBuilder<IResourceWithConnectionString> EconomyDb,
    IReadOnlyDictionary<ServiceDatabaseLogin, IResourceBuilder<IResourceWithConnectionString>> DatabaseLogins);

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
                    var logins = AddLogins(builder, (role, password) => ReferenceExpression.Create(
                        $"Host={postgres.Resource.Host};Port={postgres.Resource.Port};Username={role};Password={password};Database={economyDb.Resource.DatabaseName}"));
                    return new(AsConnectionString(redis), AsConnectionString(postgres), AsConnectionString(economyDb), logins);
                }

            case InfrastructureMode.Local:
                {
                    var dataRoot = LocalDataDirectory.Resolve(builder);
                    var durable = builder.Configuration.GetValue("Cortex:Local:Durable", defaultValue: true);
                    var redis = builder.AddLocalRedis("redis", dataRoot, FreePort.Pick(builder.Configuration.GetValue("Cortex:Local:RedisPort", 0)));
                    var postgres = builder.AddLocalPostgres("postgres", dataRoot, FreePort.Pick(builder.Configuration.GetValue("Cortex:Local:PostgresPort", 0)), durable);
                    var economyDb = postgres.AddDatabase("economydb");
                    var logins = AddLogins(builder, (role, password) => postgres.Resource.LoginConnectionString(economyDb.Resource.DatabaseName, role, password));
                    return new(AsConnectionString(redis), AsConnectionString(postgres), AsConnectionString(economyDb), logins);
                }

            default:
                {
                    var redis = builder.AddConnectionString("redis");
                    var postgres = builder.AddConnectionString("postgres");
                    var economyDb = builder.AddConnectionString("economydb");
                    // The operator supplies each service's login too; the migrator provisions those roles.
                    var logins = ServiceDatabaseLogins.All.ToDictionary(login => login, login => builder.AddConnectionString(login.ConnectionName));
                    return new(redis, postgres, economyDb, logins);
                }
        }
    }

    private static Dictionary<ServiceDatabaseLogin, IResourceBuilder<IResourceWithConnectionString>> AddLogins(
        IDistributedApplicationBuilder builder, Func<string, ParameterResource, ReferenceExpression> server) =>
        ServiceDatabaseLogins.All.ToDictionary(login => login, login => AsConnectionString(builder.AddLogin(login, server)));

    private static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(IResourceBuilder<T> resource)
        where T : IResourceWithConnectionString =>
        (IResourceBuilder<IResourceWithConnectionString>)resource;
}
