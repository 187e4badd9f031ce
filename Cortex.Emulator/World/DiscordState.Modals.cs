using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;

namespace Cortex.Emulator.World;

/// <summary>
/// Autocomplete (interaction type 4, answered with type 8: at most 25 choices) and modals (type 9, answered
/// to a command or a component; the user's submission is a MODAL_SUBMIT interaction, type 5). The chat page
/// and tests read what the app answered; it is also raised, visible to the invoker only, off the gateway.
/// </summary>
public sealed partial class DiscordState
{
    private readonly Dictionary<Snowflake, IReadOnlyList<ApplicationCommandOptionChoice>> _choices = [];
    private readonly Dictionary<Snowflake, InteractionCallbackData> _modals = [];

    /// <summary>A user types <paramref name="value"/> into option <paramref name="option"/> of a command; the option must have autocomplete.</summary>
    public Interaction CreateAutocompleteInteraction(Snowflake channelId, Snowflake userId, string name, string option, string value, bool toGateway = true)
    {
        lock (_lock)
        {
            var channel = RequireChannel(channelId);
            var user = RequireUser(userId);
            var command = CommandsFor(channel.GuildId).FirstOrDefault(c => c.Name == name)
                ?? throw new RestException(404, 10063, $"Unknown application command \"{name}\"");
            var definition = (command.Options ?? []).FirstOrDefault(o => o.Name == option && o.Autocomplete == true)
                ?? throw RestException.InvalidFormBody($"options.{option}: The command has no autocomplete option \"{option}\"");
            var focused = new InteractionDataOption { Name = option, Type = definition.Type, Value = JsonSerializer.SerializeToElement(value, RestRouteJsonContext.Default.String), Focused = true };
            var data = new InteractionData { Id = command.Id, Name = command.Name, Type = ApplicationCommandType.ChatInput, GuildId = command.GuildId, Options = [focused] };
            return AddInteractionLocked(InteractionType.ApplicationCommandAutocomplete, channel, user, data, source: null, toGateway);
        }
    }

    /// <summary>A user fills in and submits the modal the app answered <paramref name="interactionId"/> with.</summary>
    public Interaction SubmitModal(Snowflake interactionId, IReadOnlyDictionary<string, string> values, bool toGateway = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_lock)
        {
            var opened = _interactions.GetValueOrDefault(interactionId) ?? throw RestException.UnknownInteraction();
            var modal = _modals.GetValueOrDefault(interactionId) ?? throw RestException.InvalidFormBody("interaction_id: The app did not answer this interaction with a modal.");
            var submitted = new List<MessageComponent>();
            foreach (var holder in modal.Components!)
            {
                var input = holder.Type == ComponentType.Label ? holder.Component! : holder.Components![0];
                var value = values.GetValueOrDefault(input.CustomId!) ?? "";
                if ((input.Required != false && value.Length == 0) || value.Length < (input.MinLength ?? 0) || value.Length > (input.MaxLength ?? 4000))
                {
                    throw RestException.InvalidFormBody($"values.{input.CustomId}: Required, {input.MinLength ?? 0} to {input.MaxLength ?? 4000} characters.");
                }

                var answer = new MessageComponent { Type = ComponentType.TextInput, Id = input.Id, CustomId = input.CustomId, Value = value };
                submitted.Add(holder.Type == ComponentType.Label
                    ? new MessageComponent { Type = ComponentType.Label, Id = holder.Id, Component = answer }
                    : new MessageComponent { Type = ComponentType.ActionRow, Components = [answer] });
            }

            _modals.Remove(interactionId);
            var channel = RequireChannel(opened.Interaction.ChannelId ?? throw RestException.UnknownChannel());
            var data = new InteractionData { CustomId = modal.CustomId, Components = submitted };
            var source = opened.SourceMessageId is { } sourceId ? _messages.GetValueOrDefault(sourceId) : null;
            return AddInteractionLocked(InteractionType.ModalSubmit, channel, opened.Interaction.Invoker!, data, source, toGateway);
        }
    }

    /// <summary>The choices the app answered an autocomplete interaction with; null before it answered.</summary>
    public IReadOnlyList<ApplicationCommandOptionChoice>? FindChoices(Snowflake interactionId)
    {
        lock (_lock)
        {
            return _choices.GetValueOrDefault(interactionId);
        }
    }

    /// <summary>The modal the app answered an interaction with, until it is submitted.</summary>
    public InteractionCallbackData? FindModal(Snowflake interactionId)
    {
        lock (_lock)
        {
            return _modals.GetValueOrDefault(interactionId);
        }
    }

    private void RecordChoicesLocked(Interaction interaction, InteractionCallbackData data)
    {
        var choices = data.Choices ?? [];
        if (choices.Count > 25 || choices.Any(c => c.Name.Length is < 1 or > 100))
        {
            throw RestException.InvalidFormBody("data.choices: At most 25 choices, each named in 1 to 100 characters.");
        }

        _choices[interaction.Id] = choices;
        RaiseToInvokerLocked("APPLICATION_COMMAND_AUTOCOMPLETE_RESULT", interaction, JsonSerializer.SerializeToNode(data, Cortex.Discord.Models.DiscordJsonContext.Default.InteractionCallbackData));
    }

    private void RecordModalLocked(Interaction interaction, InteractionCallbackData data)
    {
        static bool IsInput(MessageComponent holder) =>
            (holder.Type == ComponentType.Label && holder.Component is { Type: ComponentType.TextInput, CustomId.Length: > 0 and <= 100 })
            || (holder.Type == ComponentType.ActionRow && holder.Components is [{ Type: ComponentType.TextInput, CustomId.Length: > 0 and <= 100 }]);
        if (string.IsNullOrEmpty(data.CustomId) || data.CustomId.Length > 100 || data.Title is not { Length: > 0 and <= 45 }
            || data.Components is not { Count: > 0 and <= 5 } || !data.Components.All(IsInput))
        {
            throw RestException.InvalidFormBody("data: A modal needs a custom_id, a title of 1 to 45 characters and 1 to 5 text inputs (each in a label or an action row).");
        }

        _modals[interaction.Id] = data;
        RaiseToInvokerLocked("INTERACTION_MODAL", interaction, JsonSerializer.SerializeToNode(data, Cortex.Discord.Models.DiscordJsonContext.Default.InteractionCallbackData));
    }

    // For the chat page only: Discord shows these in the user's client; no bot receives them.
    private void RaiseToInvokerLocked(string type, Interaction interaction, System.Text.Json.Nodes.JsonNode? data)
    {
        var node = new System.Text.Json.Nodes.JsonObject
        {
            ["interaction_id"] = interaction.Id.ToString(),
            ["channel_id"] = interaction.ChannelId?.ToString(),
            ["data"] = data,
        };
        _dispatches.Raise(new EmulatorDispatch(type, interaction.GuildId?.Value, System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()),
            VisibleTo: interaction.Invoker?.Id.Value, ToGateway: false));
    }
}
