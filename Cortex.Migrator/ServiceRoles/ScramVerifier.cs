using System.Security.Cryptography;
using System.Text;

namespace Cortex.Migrator.ServiceRoles;

/// <summary>
/// A SCRAM-SHA-256 password verifier, built here as libpq's <c>PQencryptPasswordConn</c> and psql's
/// <c>\password</c> build it (RFC 5802, RFC 7677): PostgreSQL stores a pre-hashed password as given, so
/// the plain password never travels to the server, its logs or a trace of the statement.
/// </summary>
public static class ScramVerifier
{
    /// <summary>PostgreSQL's own default (<c>scram_iterations</c>).</summary>
    public const int Iterations = 4096;

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
