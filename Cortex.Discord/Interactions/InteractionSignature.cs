using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace Cortex.Discord.Interactions;

/// <summary>Why a delivery was or was not accepted.</summary>
public enum SignatureCheck
{
    Valid,
    MissingHeaders,
    Malformed,
    Stale,
    BadSignature,
}

/// <summary>
/// Discord signs every HTTP interaction delivery: <c>X-Signature-Ed25519</c> is the Ed25519 signature of
/// <c>X-Signature-Timestamp</c> followed by the raw body, under the application's public key. A
/// timestamp far from now is refused too, so a captured delivery cannot be replayed later.
/// </summary>
public sealed class InteractionSignature
{
    /// <summary>How far a delivery's timestamp may be from now.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly PublicKey _publicKey;

    private InteractionSignature(PublicKey publicKey) => _publicKey = publicKey;

    /// <summary>From the application's public key as Discord shows it (64 hex digits).</summary>
    public static InteractionSignature FromHex(string publicKeyHex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKeyHex);
        if (publicKeyHex.Length != 64 || !publicKeyHex.All(Uri.IsHexDigit))
        {
            throw new FormatException("An interactions public key is 64 hex digits (32 bytes of Ed25519).");
        }

        return new InteractionSignature(PublicKey.Import(Ed25519, Convert.FromHexString(publicKeyHex), KeyBlobFormat.RawPublicKey));
    }

    public SignatureCheck Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signatureHex) || string.IsNullOrEmpty(timestamp))
        {
            return SignatureCheck.MissingHeaders;
        }

        if (signatureHex.Length != 128 || !signatureHex.All(Uri.IsHexDigit)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.Malformed;
        }

        // Verify first: a stale but genuine delivery and a forged one are told apart only after this.
        var message = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, message);
        body.CopyTo(message.AsSpan(written));
        if (!Ed25519.Verify(_publicKey, message, Convert.FromHexString(signatureHex)))
        {
            return SignatureCheck.BadSignature;
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        return (now - sent).Duration() > MaxSkew ? SignatureCheck.Stale : SignatureCheck.Valid;
    }
}
