namespace Cortex.AppHost.Infrastructure;

/// <summary>One service's own PostgreSQL login on economydb.</summary>
/// <param name="Service">The project resource that connects with it.</param>
/// <param name="Role">The role it logs in as; the migrator creates it and grants it what the service needs.</param>
/// <param name="PasswordParameter">The secret parameter holding its password (generated unless given).</param>
/// <param name="ConnectionName">The connection string resource (and, in external mode, the setting the operator supplies).</param>
public sealed record ServiceDatabaseLogin(string Service, string Role, string PasswordParameter, string ConnectionName);

/// <summary>
/// Each service connects to PostgreSQL as its own least-privilege role, never as the owner: the
/// migrator alone holds the owner's connection string (<c>economydb</c>), and is also given every
/// service's, from which it provisions each role with that password and its grants. A service reads
/// its own string under the name it always used, <c>ConnectionStrings:economydb</c>.
/// </summary>
public static class ServiceDatabaseLogins
{
    /// <summary>What every service calls its database connection string.</summary>
    public const string ServiceConnectionName = "economydb";

    public static readonly ServiceDatabaseLogin Economy = new("economy", "cortex_economy", "economy-db-password", "economydb-economy");

    public static readonly ServiceDatabaseLogin Ai = new("ai", "cortex_ai", "ai-db-password", "economydb-ai");

    public static readonly IReadOnlyList<ServiceDatabaseLogin> All = [Economy, Ai];

    /// <summary>
    /// The login's connection string on a server the AppHost runs: <paramref name="server"/> builds it
    /// from the role and a secret parameter with a generated default, so no password is in the repository.
    /// </summary>
    internal static IResourceBuilder<IResourceWithConnectionString> AddLogin(
        this IDistributedApplicationBuilder builder, ServiceDatabaseLogin login, Func<string, ParameterResource, ReferenceExpression> server)
    {
        var password = builder.AddParameter(login.PasswordParameter, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        return builder.AddConnectionString(login.ConnectionName, server(login.Role, password.Resource));
    }

    /// <summary>The service connects as its own role; its code still reads <c>ConnectionStrings:economydb</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithDatabaseLogin(
        this IResourceBuilder<ProjectResource> service, CortexInfrastructure infrastructure, ServiceDatabaseLogin login) =>
        service.WithReference(infrastructure.DatabaseLogins[login], ServiceConnectionName);

    /// <summary>The migrator gets every service's connection string under its own name, to provision its role.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceLogins(
        this IResourceBuilder<ProjectResource> migrator, CortexInfrastructure infrastructure)
    {
        foreach (var login in infrastructure.DatabaseLogins.Values)
        {
            migrator.WithReference(login);
        }

        return migrator;
    }
}
