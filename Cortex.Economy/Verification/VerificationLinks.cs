using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cortex.Discord.Models;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Verification;

/// <summary>What a link grants: <see cref="RoleId"/> to <see cref="UserId"/> in <see cref="GuildId"/>, until <see cref="ExpiresAt"/>, once (<see cref="Nonce"/>).</summary>
public sealed record VerificationLink(Snowflake GuildId, Snowflake UserId, Snowflake RoleId, DateTimeOffset ExpiresAt, string Nonce);

public enum LinkCheck
{
    Valid,

    /// <summary>Malformed, or the signature does not match: not a link Cortex made.</summary>
    Forged,

    Expired,
}

/// <summary>
/// Signs and reads verification links: <c>base64url(payload).base64url(HMAC-SHA256(key, payload))</c>,
/// the payload being guild, user, role, expiry (unix seconds) and a random nonce. The MAC is
/// compared in constant time, and checked before anything in the payload is believed.
/// </summary>
public sealed class VerificationLinks(IOptions<VerificationOptions> options, TimeProvider timeProvider)
{
    public bool Enabled => options.Value.SigningKey.Length > 0;

    public TimeSpan Lifetime => options.Value.LinkLifetime;

    public VerificationLink Issue(Snowflake guildId, Snowflake userId, Snowflake roleId)
    {
        var expires = timeProvider.GetUtcNow() + options.Value.LinkLifetime;
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return new VerificationLink(guildId, userId, roleId, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()), nonce);
    }

    public string Sign(VerificationLink link)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join(':',
            link.GuildId.ToString(),
            link.UserId.ToString(),
            link.RoleId.ToString(),
            link.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            link.Nonce));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Mac(payload));
    }

    /// <summary>The page a member opens: <c>{PublicBaseUrl}verify?token=...</c>.</summary>
    public Uri Url(VerificationLink link) =>
        new(new Uri(options.Value.PublicBaseUrl), "verify?token=" + Uri.EscapeDataString(Sign(link)));

    public LinkCheck Read(string? token, out VerificationLink? link)
    {
        link = null;
        if (!Enabled || string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return LinkCheck.Forged;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, Math.Max(dot, 0)));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return LinkCheck.Forged;
        }

        if (dot <= 0 || !CryptographicOperations.FixedTimeEquals(mac, Mac(payload)))
        {
            return LinkCheck.Forged;
        }

        var parts = Encoding.UTF8.GetString(payload).Split(':');
        if (parts.Length != 5
            || !Snowflake.TryParse(parts[0], out var guild)
            || !Snowflake.TryParse(parts[1], out var user)
            || !Snowflake.TryParse(parts[2], out var role)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || parts[4].Length == 0)
        {
            return LinkCheck.Forged;
        }

        link = new VerificationLink(guild, user, role, DateTimeOffset.FromUnixTimeSeconds(expires), parts[4]);
        return timeProvider.GetUtcNow() >= link.ExpiresAt ? LinkCheck.Expired : LinkCheck.Valid;
    }

    private byte[] Mac(byte[] payload) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.SigningKey), payload);
}
