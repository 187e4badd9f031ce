using System.Security.Cryptography;
using System.Text;

namespace Cortex.Economy.Webhooks;

/// <summary>
/// Compares a presented secret with the configured one in constant time. Both sides are hashed first,
/// so neither the content nor the length of the secret leaks through timing.
/// </summary>
public static class SharedSecret
{
    public static bool Matches(string? presented, string expected)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        Span<byte> left = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> right = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), left);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), right);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }
}
