using System.Text;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace Cortex.Emulator.Rest;

/// <summary>
/// The application's Ed25519 key pair. Discord signs each HTTP interaction delivery over
/// timestamp + body and publishes the public key as the application's <c>verify_key</c>; so does the emulator.
/// </summary>
public sealed class InteractionSigner : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    public InteractionSigner(IOptions<RestEmulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        _key = options.Value.InteractionsSigningSeed is { Length: 64 } seed
            ? Key.Import(Ed25519, Convert.FromHexString(seed), KeyBlobFormat.RawPrivateKey, parameters)
            : Key.Create(Ed25519, parameters);
        PublicKeyHex = Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The public key as Discord shows it: 64 hex digits.</summary>
    public string PublicKeyHex { get; }

    /// <summary>The <c>X-Signature-Ed25519</c> value for a delivery.</summary>
    public string Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        var message = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, message);
        body.CopyTo(message.AsSpan(written));
        return Convert.ToHexStringLower(Ed25519.Sign(_key, message));
    }

    public void Dispose() => _key.Dispose();
}
