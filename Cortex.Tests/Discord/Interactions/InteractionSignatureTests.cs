using System.Globalization;
using System.Text;
using Cortex.Discord.Interactions;
using NSec.Cryptography;

namespace Cortex.Tests.Discord.Interactions;

public sealed class InteractionSignatureTests : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key = Key.Create(Ed25519);
    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private readonly byte[] _body = Encoding.UTF8.GetBytes("""{"id":"1","type":2,"token":"t"}""");

    public void Dispose() => _key.Dispose();

    private InteractionSignature Verifier() => InteractionSignature.FromHex(Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));

    private string Timestamp(TimeSpan offset) => (_now + offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private string Sign(string timestamp, byte[] body) =>
        Convert.ToHexStringLower(Ed25519.Sign(_key, [.. Encoding.UTF8.GetBytes(timestamp), .. body]));

    [Fact]
    public void A_good_signature_is_valid()
    {
        var timestamp = Timestamp(TimeSpan.Zero);

        Assert.Equal(SignatureCheck.Valid, Verifier().Verify(Sign(timestamp, _body), timestamp, _body, _now));
    }

    [Fact]
    public void A_signature_by_another_key_is_bad()
    {
        using var other = Key.Create(Ed25519);
        var timestamp = Timestamp(TimeSpan.Zero);
        var signature = Convert.ToHexStringLower(Ed25519.Sign(other, [.. Encoding.UTF8.GetBytes(timestamp), .. _body]));

        Assert.Equal(SignatureCheck.BadSignature, Verifier().Verify(signature, timestamp, _body, _now));
    }

    [Fact]
    public void A_tampered_body_is_bad()
    {
        var timestamp = Timestamp(TimeSpan.Zero);
        var signature = Sign(timestamp, _body);
        var tampered = Encoding.UTF8.GetBytes("""{"id":"1","type":2,"token":"u"}""");

        Assert.Equal(SignatureCheck.BadSignature, Verifier().Verify(signature, timestamp, tampered, _now));
    }

    [Fact]
    public void A_changed_timestamp_is_bad()
    {
        var signature = Sign(Timestamp(TimeSpan.Zero), _body);

        Assert.Equal(SignatureCheck.BadSignature, Verifier().Verify(signature, Timestamp(TimeSpan.FromSeconds(1)), _body, _now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_genuine_but_stale_delivery_is_refused(int seconds)
    {
        var timestamp = Timestamp(TimeSpan.FromSeconds(seconds));

        Assert.Equal(SignatureCheck.Stale, Verifier().Verify(Sign(timestamp, _body), timestamp, _body, _now));
    }

    [Theory]
    [InlineData(null, "1800000000", SignatureCheck.MissingHeaders)]
    [InlineData("abcd", null, SignatureCheck.MissingHeaders)]
    [InlineData("zz", "1800000000", SignatureCheck.Malformed)]
    [InlineData("00", "not-a-number", SignatureCheck.Malformed)]
    public void Missing_or_malformed_headers_are_refused(string? signature, string? timestamp, SignatureCheck expected)
    {
        Assert.Equal(expected, Verifier().Verify(signature, timestamp, _body, _now));
    }

    [Fact]
    public void A_malformed_public_key_is_refused_at_configuration()
    {
        Assert.Throws<FormatException>(() => InteractionSignature.FromHex("1234"));
    }
}
