using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.Authentication;

/// <summary>
/// The configured keys as SHA-256 digests. A presented key is hashed and compared with every digest
/// in constant time, so neither its content nor its length shows in the timing, and the clear keys
/// are not kept in memory past start.
/// </summary>
public sealed class ApiKeyRing(IOptions<ApiKeyOptions> options)
{
    private readonly Entry[] _entries = [.. options.Value.Keys.Select(pair => new Entry(
        pair.Key,
        pair.Value.Sha256 is { Length: > 0 } digest ? Convert.FromHexString(digest) : Digest(pair.Value.Key!.Trim()),
        pair.Value.ScopeList))];

    /// <summary>The key's name and scopes, or null when no configured key matches.</summary>
    public (string Name, IReadOnlyList<string> Scopes)? Match(string presented)
    {
        var digest = Digest(presented);
        Entry? found = null;
        // No early exit: every digest is compared, whichever matches.
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, entry.Digest))
            {
                found = entry;
            }
        }

        return found is null ? null : (found.Name, found.Scopes);
    }

    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed record Entry(string Name, byte[] Digest, IReadOnlyList<string> Scopes);
}
