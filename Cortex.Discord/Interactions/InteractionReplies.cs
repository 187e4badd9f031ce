using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Discord.Interactions;

/// <summary>
/// Interaction responses beyond a message: autocomplete choices (type 8, the only answer an autocomplete
/// interaction takes) and a modal (type 9, to a command or a component; its submission arrives as a
/// MODAL_SUBMIT interaction carrying <see cref="InteractionData.Components"/> with the values entered).
/// </summary>
public static class InteractionReplies
{
    public const int MaxChoices = 25;

    /// <summary>Up to 25 suggestions for the focused option; extra ones are dropped (Discord refuses more).</summary>
    public static InteractionResponse Autocomplete(IEnumerable<(string Name, string Value)> choices) => new()
    {
        Type = InteractionCallbackType.ApplicationCommandAutocompleteResult,
        Data = new InteractionCallbackData
        {
            Choices = [.. choices.Take(MaxChoices).Select(c => new ApplicationCommandOptionChoice(c.Name, JsonSerializer.SerializeToElement(c.Value, DiscordJsonContext.Default.String)))],
        },
    };

    /// <summary>A modal of 1 to 5 text inputs, each under its label; <paramref name="customId"/> comes back on submit.</summary>
    public static InteractionResponse Modal(string customId, string title, params MessageComponent[] labelledInputs) => new()
    {
        Type = InteractionCallbackType.Modal,
        Data = new InteractionCallbackData { CustomId = customId, Title = title, Components = labelledInputs },
    };

    /// <summary>A text input under its label, for <see cref="Modal"/>.</summary>
    public static MessageComponent TextInput(string customId, string label, TextInputStyle style = TextInputStyle.Short, bool required = true, int? maxLength = null) => new()
    {
        Type = ComponentType.Label,
        Label = label,
        Component = new MessageComponent { Type = ComponentType.TextInput, CustomId = customId, Style = (int)style, Required = required, MaxLength = maxLength },
    };

    /// <summary>A string select menu in its own action row: 1 to 25 options, choose between <paramref name="minValues"/> and <paramref name="maxValues"/>.</summary>
    public static MessageComponent StringSelect(string customId, IReadOnlyList<SelectOption> options, string? placeholder = null, int minValues = 1, int maxValues = 1) =>
        MessageComponent.ActionRow(new MessageComponent
        {
            Type = ComponentType.StringSelect,
            CustomId = customId,
            Options = options,
            Placeholder = placeholder,
            MinValues = minValues,
            MaxValues = maxValues,
        });

    /// <summary>The value the user entered in text input <paramref name="customId"/> of a submitted modal, or null.</summary>
    public static string? SubmittedValue(InteractionData data, string customId)
    {
        ArgumentNullException.ThrowIfNull(data);
        return (data.Components ?? [])
            .SelectMany(holder => holder.Component is { } inLabel ? [inLabel] : holder.Components ?? [])
            .FirstOrDefault(input => input.CustomId == customId)?.Value;
    }
}
