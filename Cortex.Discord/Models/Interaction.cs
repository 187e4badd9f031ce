using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Discord.Models;

public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    ApplicationCommandAutocomplete = 4,
    ModalSubmit = 5,
}

public sealed record Interaction
{
    public required Snowflake Id { get; init; }
    /// <summary>Always sent by Discord (one of its own examples omits it); zero when absent, then not written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Snowflake ApplicationId { get; init; }
    public required InteractionType Type { get; init; }
    public InteractionData? Data { get; init; }
    public Guild? Guild { get; init; }
    public Snowflake? GuildId { get; init; }
    public Channel? Channel { get; init; }
    public Snowflake? ChannelId { get; init; }

    /// <summary>The invoking member, in a guild.</summary>
    public GuildMember? Member { get; init; }

    /// <summary>The invoking user, in a DM.</summary>
    public User? User { get; init; }

    /// <summary>Valid for 15 minutes: responses and follow-ups go through it.</summary>
    public required string Token { get; init; }

    /// <summary>Always 1 in Discord's payloads; zero (absent) is not written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Version { get; init; }

    /// <summary>For a component interaction: the message the component is on.</summary>
    public Message? Message { get; init; }

    public string? AppPermissions { get; init; }
    public string? Locale { get; init; }
    public string? GuildLocale { get; init; }
    public IReadOnlyList<JsonElement>? Entitlements { get; init; }
    public JsonElement? AuthorizingIntegrationOwners { get; init; }
    public int? Context { get; init; }
    public int? AttachmentSizeLimit { get; init; }

    /// <summary>The user behind the interaction, wherever it happened. Computed, never on the wire.</summary>
    [JsonIgnore]
    public User? Invoker => Member?.User ?? User;
}

public sealed record InteractionData
{
    public Snowflake? Id { get; init; }

    /// <summary>The command's name; absent for component and modal interactions, which carry <see cref="CustomId"/>.</summary>
    public string? Name { get; init; }

    public ApplicationCommandType? Type { get; init; }
    public ResolvedData? Resolved { get; init; }
    public IReadOnlyList<InteractionDataOption>? Options { get; init; }
    public Snowflake? GuildId { get; init; }

    /// <summary>User and message commands: the user or message clicked on.</summary>
    public Snowflake? TargetId { get; init; }

    /// <summary>For a component or modal interaction: the custom id it was given.</summary>
    public string? CustomId { get; init; }

    public ComponentType? ComponentType { get; init; }

    /// <summary>A select menu's chosen values.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>A modal submit's components with the values entered.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }
}

public sealed record InteractionDataOption
{
    public required string Name { get; init; }
    public ApplicationCommandOptionType Type { get; init; }

    /// <summary>A string, integer, number or boolean, by <see cref="Type"/>; snowflakes arrive as strings.</summary>
    public JsonElement? Value { get; init; }

    public IReadOnlyList<InteractionDataOption>? Options { get; init; }
    public bool? Focused { get; init; }
}

/// <summary>The users, members, roles, channels, messages and attachments an interaction refers to, by id.</summary>
public sealed record ResolvedData
{
    public IReadOnlyDictionary<string, User>? Users { get; init; }
    public IReadOnlyDictionary<string, GuildMember>? Members { get; init; }
    public IReadOnlyDictionary<string, Role>? Roles { get; init; }
    public IReadOnlyDictionary<string, Channel>? Channels { get; init; }
    public IReadOnlyDictionary<string, Message>? Messages { get; init; }
    public IReadOnlyDictionary<string, Attachment>? Attachments { get; init; }
}
