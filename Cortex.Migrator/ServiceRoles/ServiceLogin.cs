namespace Cortex.Migrator.ServiceRoles;

/// <summary>
/// One service's own PostgreSQL login: the role and password from the connection string the service
/// itself is given, and the grants it needs (<c>ServiceRoles/&lt;service&gt;.sql</c>).
/// </summary>
public sealed record ServiceLogin(string Service, string Role, string Password, string GrantsSql)
{
    /// <summary>Never the password: records print every property otherwise.</summary>
    public override string ToString() => $"{Service} ({Role})";
}
