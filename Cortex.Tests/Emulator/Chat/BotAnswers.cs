using System.Text.Json;
using Cortex.Discord.Models;

namespace Cortex.Tests.Emulator.Chat;

/// <summary>
/// The answers of the browser tests' small HTTP-interactions bot: <c>/colors</c> offers a select menu,
/// <c>/feedback</c> opens a modal, and the select's values and the modal's text come back in a message.
/// </summary>
internal static class BotAnswers
{
    public static InteractionResponse To(JsonElement interaction)
    {
        var data = interaction.GetProperty("data");
        return (InteractionType)interaction.GetProperty("type").GetInt32() switch
        {
            InteractionType.ApplicationCommand when data.GetProperty("name").GetString() == "colors" => Message("Pick up to two", [ColorMenu]),
            InteractionType.ApplicationCommand => new InteractionResponse { Type = InteractionCallbackType.Modal, Data = FeedbackModal },
            InteractionType.MessageComponent => Message("You chose " + string.Join(", ", data.GetProperty("values").EnumerateArray().Select(v => v.GetString()))),
            InteractionType.ModalSubmit => Message($"Thanks for \"{Input(data, "topic")}\": {Input(data, "body")}"),
            _ => Message("?"),
        };
    }

    /// <summary>The value of a submitted text input, in a label (type 18) or an action row.</summary>
    public static string? Input(JsonElement data, string customId) => data.GetProperty("components").EnumerateArray()
        .Select(holder => holder.TryGetProperty("component", out var inLabel) ? inLabel : holder.GetProperty("components")[0])
        .Where(input => input.GetProperty("custom_id").GetString() == customId)
        .Select(input => input.GetProperty("value").GetString())
        .SingleOrDefault();

    private static InteractionResponse Message(string content, IReadOnlyList<MessageComponent>? components = null) => new()
    {
        Type = InteractionCallbackType.ChannelMessageWithSource,
        Data = new InteractionCallbackData { Content = content, Components = components },
    };

    private static MessageComponent ColorMenu => MessageComponent.ActionRow(new MessageComponent
    {
        Type = ComponentType.StringSelect,
        CustomId = "colors",
        MinValues = 1,
        MaxValues = 2,
        Options = [new SelectOption { Label = "Red", Value = "red" }, new SelectOption { Label = "Green", Value = "green" }, new SelectOption { Label = "Blue", Value = "blue" }],
    });

    private static InteractionCallbackData FeedbackModal => new()
    {
        CustomId = "feedback",
        Title = "Your feedback",
        Components =
        [
            new MessageComponent
            {
                Type = ComponentType.Label,
                Label = "Topic",
                Description = "What is it about?",
                Component = new MessageComponent { Type = ComponentType.TextInput, CustomId = "topic", Style = (int)TextInputStyle.Short, MinLength = 3, MaxLength = 40 },
            },
            MessageComponent.ActionRow(new MessageComponent { Type = ComponentType.TextInput, CustomId = "body", Label = "Details", Style = (int)TextInputStyle.Paragraph }),
        ],
    };
}
