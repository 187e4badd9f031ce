using Cortex.Discord.Interactions;
using static Cortex.Commands.CommandOptions;

namespace Cortex.Commands;

/// <summary>The AI worker's slash commands (answered by Cortex.Ai).</summary>
public static class AiCommandList
{
    public const string Ask = "ask";
    public const string AskQuestion = "question";
    public const string Memory = "memory";
    public const string MemoryShow = "show";
    public const string MemoryForget = "forget";

    public static IReadOnlyList<SlashCommand> All { get; } =
    [
        new(Ask, "Ask Cortex a question", [Text(AskQuestion, "What do you want to know?", required: true, maxLength: 1_500)]),
        new(Memory, "What Cortex remembers about you",
        [
            SubCommand(MemoryShow, "List what Cortex remembers about you (only you see it)"),
            SubCommand(MemoryForget, "Erase everything Cortex remembers about you"),
        ]),
    ];

    public static bool Handles(string? name) => CortexCommands.Declares(All, name);
}
