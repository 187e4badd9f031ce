namespace Cortex.Discord.Models;

public sealed record Role
{
    public required Snowflake Id { get; init; }
    public required string Name { get; init; }

    /// <summary>The permission bit set as a decimal string (<see cref="Permissions"/>).</summary>
    public required string Permissions { get; init; }

    public int Position { get; init; }

    /// <summary>Deprecated by Discord in favour of <see cref="Colors"/>, still sent.</summary>
    public int Color { get; init; }

    public RoleColors? Colors { get; init; }
    public bool Hoist { get; init; }
    public string? Icon { get; init; }
    public string? UnicodeEmoji { get; init; }
    /// <summary>Held by an integration (a bot's own role, the booster role): nobody can give it out.</summary>
    public bool Managed { get; init; }
    public bool Mentionable { get; init; }
    public RoleTags? Tags { get; init; }
    public int? Flags { get; init; }
}

public sealed record RoleColors
{
    public int PrimaryColor { get; init; }
    public int? SecondaryColor { get; init; }
    public int? TertiaryColor { get; init; }
}

/// <summary>
/// Why a role is managed. Discord marks the booleans by presence with a null value
/// (<c>"premium_subscriber": null</c> means true), so they are kept as "present" flags.
/// </summary>
public sealed record RoleTags
{
    public Snowflake? BotId { get; init; }
    public Snowflake? IntegrationId { get; init; }
    public Snowflake? SubscriptionListingId { get; init; }
    public System.Text.Json.JsonElement? PremiumSubscriber { get; init; }
    public System.Text.Json.JsonElement? AvailableForPurchase { get; init; }
    public System.Text.Json.JsonElement? GuildConnections { get; init; }
}
