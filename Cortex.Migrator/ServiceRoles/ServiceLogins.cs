using System.Reflection;
using Npgsql;

namespace Cortex.Migrator.ServiceRoles;

/// <summary>
/// The services that connect to the database and the connection string each one logs in with. The
/// connection string is the one source of truth: the AppHost builds it from a secret parameter (or the
/// operator supplies it in external mode), the service connects with it, and the migrator makes its
/// role exist with exactly that password.
/// </summary>
public sealed class ServiceLogins(IReadOnlyList<ServiceLogin> logins)
{
    /// <summary>The migrator's own (owner) connection string name.</summary>
    public const string AdminConnectionName = "economydb";

    /// <summary>Service, and the name of the connection string it logs in with.</summary>
    public static readonly IReadOnlyList<(string Service, string ConnectionName)> Known =
    [
        ("economy", "economydb-economy"),
        ("ai", "economydb-ai"),
    ];

    public IReadOnlyList<ServiceLogin> All { get; } = logins;

    /// <summary>Every known service's login from <c>ConnectionStrings:*</c>; a missing or unsafe one fails the start.</summary>
    public static ServiceLogins FromConfiguration(IConfiguration configuration)
    {
        var admin = configuration.GetConnectionString(AdminConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{AdminConnectionName} is not set.");
        return From(admin, Known.ToDictionary(
            known => known.Service,
            known => configuration.GetConnectionString(known.ConnectionName)
                ?? throw new InvalidOperationException(
                    $"ConnectionStrings:{known.ConnectionName} is not set: the {known.Service} service's own login, which the migrator provisions.")));
    }

    /// <param name="serviceConnectionStrings">Service name to the connection string it logs in with.</param>
    public static ServiceLogins From(string adminConnectionString, IReadOnlyDictionary<string, string> serviceConnectionStrings)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString);
        return new ServiceLogins([.. serviceConnectionStrings.Select(pair => Parse(pair.Key, pair.Value, admin))]);
    }

    private static ServiceLogin Parse(string service, string connectionString, NpgsqlConnectionStringBuilder admin)
    {
        var login = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"The {service} service's connection string";
        if (string.IsNullOrEmpty(login.Username) || string.IsNullOrEmpty(login.Password))
        {
            throw new InvalidOperationException($"{where} must name a Username and a Password.");
        }

        if (string.Equals(login.Username, admin.Username, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{where} logs in as '{login.Username}', the migrator's own (owner) login; give the service its own role.");
        }

        if (login.Database is not null && !string.Equals(login.Database, admin.Database, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{where} names database '{login.Database}', the migrator migrates '{admin.Database}'.");
        }

        // PostgreSQL normalises passwords with SASLprep, which leaves printable ASCII unchanged: the
        // verifier built here then matches what the server computes at login.
        if (!login.Password.All(c => c is >= ' ' and <= '~'))
        {
            throw new InvalidOperationException($"{where} has a password with characters other than printable ASCII.");
        }

        return new ServiceLogin(service, login.Username, login.Password, GrantsFor(service));
    }

    private static string GrantsFor(string service)
    {
        var resource = $"ServiceRoles/{service}.sql";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No grants for service '{service}' ({resource}).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
