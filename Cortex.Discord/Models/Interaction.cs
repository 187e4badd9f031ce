using System.Text.Json;

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
    public required Snowflake ApplicationId { get; init; }
    public required InteractionType Type { get; init; }
    public InteractionData? Data { get; init; }
    public Snowflake? GuildId { get; init; }
    public Snowflake? ChannelId { get; init; }

    /// <summary>The invoking member, in a guild.</summary>
    public GuildMember? Member { get; init; }

    /// <summary>The invoking user, in a DM.</summary>
    public User? User { get; init; }

    /// <summary>Valid for 15 minutes: responses and follow-ups go through it.</summary>
    public required string Token { get; init; }

    public int Version { get; init; } = 1;
    public string? AppPermissions { get; init; }
    public string? Locale { get; init; }
    public string? GuildLocale { get; init; }

    /// <summary>For a component interaction: the message the component is on.</summary>
    public Message? Message { get; init; }

    /// <summary>The user behind the interaction, wherever it happened.</summary>
    public User? Invoker => Member?.User ?? User;
}

public sealed record InteractionData
{
    public Snowflake? Id { get; init; }

    /// <summary>The command's name; empty for component interactions, which carry <see cref="CustomId"/> instead.</summary>
    public string Name { get; init; } = "";
    public ApplicationCommandType? Type { get; init; }
    public Snowflake? GuildId { get; init; }
    public IReadOnlyList<InteractionDataOption>? Options { get; init; }

    /// <summary>For a component interaction: the custom id of the clicked component.</summary>
    public string? CustomId { get; init; }

    public ComponentType? ComponentType { get; init; }
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

public enum InteractionCallbackType
{
    Pong = 1,
    ChannelMessageWithSource = 4,
    DeferredChannelMessageWithSource = 5,
    DeferredUpdateMessage = 6,
    UpdateMessage = 7,
}

/// <summary>POST /interactions/{id}/{token}/callback, and the body an HTTP interactions endpoint answers with.</summary>
public sealed record InteractionResponse
{
    public required InteractionCallbackType Type { get; init; }
    public InteractionCallbackData? Data { get; init; }

    public static InteractionResponse Pong { get; } = new() { Type = InteractionCallbackType.Pong };
}

public sealed record InteractionCallbackData
{
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }

    /// <summary><see cref="MessageFlags.Ephemeral"/> makes the reply visible to the invoker only.</summary>
    public MessageFlags? Flags { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }
}
