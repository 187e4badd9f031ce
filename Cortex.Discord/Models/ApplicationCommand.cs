using System.Text.Json;

namespace Cortex.Discord.Models;

public enum ApplicationCommandType
{
    ChatInput = 1,
    User = 2,
    Message = 3,
    PrimaryEntryPoint = 4,
}

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Discord's names for option types.")]
public enum ApplicationCommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    Number = 10,
    Attachment = 11,
}

/// <summary>An application command as Discord stores it, and as a bulk overwrite sends it.</summary>
public sealed record ApplicationCommand
{
    public Snowflake? Id { get; init; }
    public ApplicationCommandType? Type { get; init; }
    public Snowflake? ApplicationId { get; init; }
    public Snowflake? GuildId { get; init; }
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string>? NameLocalizations { get; init; }

    /// <summary>Required for slash commands; user and message commands have none (Discord stores "").</summary>
    public string? Description { get; init; }

    public IReadOnlyDictionary<string, string>? DescriptionLocalizations { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>A permission bit set as a string; "0" hides the command from everyone but administrators.</summary>
    public string? DefaultMemberPermissions { get; init; }

    public bool? DmPermission { get; init; }
    public bool? DefaultPermission { get; init; }
    public bool? Nsfw { get; init; }
    public IReadOnlyList<int>? IntegrationTypes { get; init; }
    public IReadOnlyList<int>? Contexts { get; init; }
    public Snowflake? Version { get; init; }

    /// <summary>Entry point commands: 1 lets the app handle the launch, 2 lets Discord launch the activity.</summary>
    public int? Handler { get; init; }
}

public sealed record ApplicationCommandOption
{
    public required ApplicationCommandOptionType Type { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public bool? Required { get; init; }
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
    public double? MinValue { get; init; }
    public double? MaxValue { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public IReadOnlyDictionary<string, string>? NameLocalizations { get; init; }
    public IReadOnlyDictionary<string, string>? DescriptionLocalizations { get; init; }
    public IReadOnlyList<ChannelType>? ChannelTypes { get; init; }
    public bool? Autocomplete { get; init; }
}

public sealed record ApplicationCommandOptionChoice(string Name, JsonElement Value)
{
    public IReadOnlyDictionary<string, string>? NameLocalizations { get; init; }
}

/// <summary>The application object. Install and team settings Cortex does not act on are kept as JSON.</summary>
public sealed record Application
{
    public required Snowflake Id { get; init; }
    public required string Name { get; init; }
    public string? Icon { get; init; }
    public string Description { get; init => field = value ?? ""; } = "";
    public IReadOnlyList<string>? RpcOrigins { get; init; }
    public bool? BotPublic { get; init; }
    public bool? BotRequireCodeGrant { get; init; }
    public User? Bot { get; init; }
    public string? TermsOfServiceUrl { get; init; }
    public string? PrivacyPolicyUrl { get; init; }
    public User? Owner { get; init; }
    public string? VerifyKey { get; init; }
    public JsonElement? Team { get; init; }
    public Snowflake? GuildId { get; init; }
    public Snowflake? PrimarySkuId { get; init; }
    public string? Slug { get; init; }
    public string? CoverImage { get; init; }
    public long? Flags { get; init; }

    /// <summary>Undocumented string twin of <see cref="Flags"/> in Discord's own example.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("flags_new")]
    public string? FlagsText { get; init; }

    public int? ApproximateGuildCount { get; init; }
    public IReadOnlyList<string>? RedirectUris { get; init; }
    public string? InteractionsEndpointUrl { get; init; }
    public string? RoleConnectionsVerificationUrl { get; init; }
    public string? EventWebhooksUrl { get; init; }
    public int? EventWebhooksStatus { get; init; }
    public IReadOnlyList<string>? EventWebhooksTypes { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public JsonElement? InstallParams { get; init; }
    public JsonElement? IntegrationTypesConfig { get; init; }
    public string? CustomInstallUrl { get; init; }
}
