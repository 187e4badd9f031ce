namespace Cortex.Discord.Models;

/// <summary>
/// A message or modal component. One record carries every kind, as Discord's JSON does: which fields
/// apply depends on <see cref="Type"/> (an action row holds <see cref="Components"/>, a select menu
/// <see cref="Options"/>, a label its <see cref="Component"/>, a text display its <see cref="Content"/>).
/// A component with a <see cref="CustomId"/> sends an interaction when used.
/// </summary>
public sealed record MessageComponent
{
    public required ComponentType Type { get; init; }

    /// <summary>An optional numeric identifier, unique in the message.</summary>
    public int? Id { get; init; }

    /// <summary>The children of an action row, section or container.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }

    /// <summary>A button's <see cref="ButtonStyle"/> or a text input's <see cref="TextInputStyle"/>.</summary>
    public int? Style { get; init; }

    public string? Label { get; init; }
    public Emoji? Emoji { get; init; }

    /// <summary>Up to 100 characters the app chooses; it comes back in the interaction's data.</summary>
    public string? CustomId { get; init; }

    public Snowflake? SkuId { get; init; }

    /// <summary>For link buttons, which open the URL instead of sending an interaction.</summary>
    public string? Url { get; init; }

    public bool? Disabled { get; init; }
    public string? Placeholder { get; init; }
    public IReadOnlyList<SelectOption>? Options { get; init; }
    public IReadOnlyList<ChannelType>? ChannelTypes { get; init; }
    public IReadOnlyList<SelectDefaultValue>? DefaultValues { get; init; }
    public int? MinValues { get; init; }
    public int? MaxValues { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public bool? Required { get; init; }

    /// <summary>A text input's prefilled (or, in a modal submit, entered) value.</summary>
    public string? Value { get; init; }

    /// <summary>Modal submit: the values chosen in a select inside a label.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    public string? Content { get; init; }
    public string? Description { get; init; }
    public MessageComponent? Accessory { get; init; }

    /// <summary>The one child of a label.</summary>
    public MessageComponent? Component { get; init; }

    public UnfurledMediaItem? Media { get; init; }
    public IReadOnlyList<MediaGalleryItem>? Items { get; init; }
    public UnfurledMediaItem? File { get; init; }
    public bool? Spoiler { get; init; }
    public bool? Divider { get; init; }
    public int? Spacing { get; init; }
    public int? AccentColor { get; init; }

    /// <summary>One row of components (at most 5 buttons).</summary>
    public static MessageComponent ActionRow(params MessageComponent[] components) =>
        new() { Type = ComponentType.ActionRow, Components = components };

    /// <summary>A button that sends a component interaction with <paramref name="customId"/>.</summary>
    public static MessageComponent Button(string customId, string label, ButtonStyle style = ButtonStyle.Primary) =>
        new() { Type = ComponentType.Button, CustomId = customId, Label = label, Style = (int)style };
}

public sealed record SelectOption
{
    public required string Label { get; init; }
    public required string Value { get; init; }
    public string? Description { get; init; }
    public Emoji? Emoji { get; init; }
    public bool? Default { get; init; }
}

/// <summary>A preselected user, role or channel of an auto-populated select menu.</summary>
public sealed record SelectDefaultValue(Snowflake Id, string Type);

public sealed record UnfurledMediaItem
{
    public required string Url { get; init; }
    public string? ProxyUrl { get; init; }
    public int? Height { get; init; }
    public int? Width { get; init; }
    public string? ContentType { get; init; }
    public Snowflake? AttachmentId { get; init; }
}

public sealed record MediaGalleryItem
{
    public required UnfurledMediaItem Media { get; init; }
    public string? Description { get; init; }
    public bool? Spoiler { get; init; }
}
