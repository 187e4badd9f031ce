namespace Cortex.Discord.Models;

/// <summary>
/// A message component: an action row holding buttons (the layout Discord requires), or a button.
/// A button with a <see cref="CustomId"/> sends a MESSAGE_COMPONENT interaction (type 3) when clicked.
/// </summary>
public sealed record MessageComponent
{
    public required ComponentType Type { get; init; }

    /// <summary>The children of an action row.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }

    public ButtonStyle? Style { get; init; }
    public string? Label { get; init; }

    /// <summary>Up to 100 characters the app chooses; it comes back in the interaction's data.</summary>
    public string? CustomId { get; init; }

    /// <summary>For link buttons, which open the URL instead of sending an interaction.</summary>
    public string? Url { get; init; }

    public bool? Disabled { get; init; }

    /// <summary>One row of components (at most 5 buttons).</summary>
    public static MessageComponent ActionRow(params MessageComponent[] components) =>
        new() { Type = ComponentType.ActionRow, Components = components };

    /// <summary>A button that sends a component interaction with <paramref name="customId"/>.</summary>
    public static MessageComponent Button(string customId, string label, ButtonStyle style = ButtonStyle.Primary) =>
        new() { Type = ComponentType.Button, CustomId = customId, Label = label, Style = style };
}

public enum ComponentType
{
    ActionRow = 1,
    Button = 2,
    StringSelect = 3,
}

public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
    Link = 5,
}
