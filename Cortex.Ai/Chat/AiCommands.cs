using System.Text.Json.Serialization;

namespace Cortex.Ai.Chat;

/// <summary>The slash commands this worker answers, as Discord's application command objects.</summary>
public static class AiCommands
{
    private const int SubCommand = 1;
    private const int StringOption = 3;
    private const int ChatInput = 1;

    public static readonly ApplicationCommand Ask = new(
        InteractionHandler.AskCommand,
        "Ask Cortex a question",
        ChatInput,
        [new CommandOptionDefinition(InteractionHandler.AskQuestionOption, "What do you want to know?", StringOption, Required: true, MaxLength: 1_500)]);

    public static readonly ApplicationCommand Memory = new(
        InteractionHandler.MemoryCommand,
        "What Cortex remembers about you",
        ChatInput,
        [
            new CommandOptionDefinition("show", "List what Cortex remembers about you (only you see it)", SubCommand),
            new CommandOptionDefinition("forget", "Erase everything Cortex remembers about you", SubCommand),
        ]);

    public static IReadOnlyList<ApplicationCommand> All => [Ask, Memory];
}

public sealed record ApplicationCommand(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("options")] IReadOnlyList<CommandOptionDefinition> Options);

public sealed record CommandOptionDefinition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("required"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Required = false,
    [property: JsonPropertyName("max_length"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxLength = null);
