using System.Text.Json;

namespace Cortex.Discord.Models;

/// <summary>Discord's user object. Only <c>id</c> and <c>username</c> are always sent; the rest depends on scopes and context.</summary>
public sealed record User
{
    public required Snowflake Id { get; init; }
    public required string Username { get; init; }

    /// <summary>"0" for users on the new username system, which Discord sends when it omits nothing.</summary>
    public string Discriminator { get; init => field = value ?? "0"; } = "0";

    public string? GlobalName { get; init; }
    public string? Avatar { get; init; }
    public bool? Bot { get; init; }
    public bool? System { get; init; }
    public bool? MfaEnabled { get; init; }
    public string? Banner { get; init; }
    public int? AccentColor { get; init; }
    public string? Locale { get; init; }
    public bool? Verified { get; init; }
    public string? Email { get; init; }
    public long? Flags { get; init; }
    public int? PremiumType { get; init; }
    public long? PublicFlags { get; init; }

    /// <summary>Cosmetics Cortex passes through untouched.</summary>
    public JsonElement? AvatarDecorationData { get; init; }
    public JsonElement? Collectibles { get; init; }
    public JsonElement? PrimaryGuild { get; init; }
}
