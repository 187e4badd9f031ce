namespace Cortex.Discord.Models;

public enum InteractionCallbackType
{
    Pong = 1,
    ChannelMessageWithSource = 4,
    DeferredChannelMessageWithSource = 5,
    DeferredUpdateMessage = 6,
    UpdateMessage = 7,
    ApplicationCommandAutocompleteResult = 8,
    Modal = 9,
    PremiumRequired = 10,
    LaunchActivity = 12,
}

/// <summary>POST /interactions/{id}/{token}/callback, and the body an HTTP interactions endpoint answers with.</summary>
public sealed record InteractionResponse
{
    public required InteractionCallbackType Type { get; init; }
    public InteractionCallbackData? Data { get; init; }

    public static InteractionResponse Pong { get; } = new() { Type = InteractionCallbackType.Pong };
}

/// <summary>A message (types 4, 7), autocomplete choices (type 8) or a modal (type 9).</summary>
public sealed record InteractionCallbackData
{
    public bool? Tts { get; init; }
    public string? Content { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }

    /// <summary><see cref="MessageFlags.Ephemeral"/> makes the reply visible to the invoker only.</summary>
    public MessageFlags? Flags { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }

    /// <summary>With a multipart body: the <c>files[n]</c> uploaded, by placeholder id <c>n</c>, with their descriptions.</summary>
    public IReadOnlyList<Attachment>? Attachments { get; init; }

    public Poll? Poll { get; init; }

    /// <summary>Autocomplete: at most 25 suggestions.</summary>
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }

    /// <summary>Modal: the id its submit interaction carries, and its title.</summary>
    public string? CustomId { get; init; }

    public string? Title { get; init; }
}
