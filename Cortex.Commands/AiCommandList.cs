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
    public const string Settings = "ai-settings";
    public const string SettingsShow = "show";
    public const string SettingsSet = "set";
    public const string SettingsAddChannel = "add-channel";
    public const string SettingsRemoveChannel = "remove-channel";
    public const string SettingsReset = "reset";
    public const string SettingsUserCalls = "user-calls";
    public const string SettingsWindowSeconds = "window-seconds";
    public const string SettingsDailyTokens = "daily-tokens";
    public const string SettingsModel = "model";
    public const string SettingsChannel = "channel";

    /// <summary>Bounds of <c>/ai-settings set</c>; Discord enforces them client-side, Cortex.Ai again.</summary>
    public const int MaxUserCalls = 10_000;
    public const int MaxWindowSeconds = 86_400;
    public const long MaxDailyTokens = 100_000_000;
    public const int MaxModelLength = 100;

    public static IReadOnlyList<SlashCommand> All { get; } =
    [
        new(Ask, "Ask Cortex a question", [Text(AskQuestion, "What do you want to know?", required: true, maxLength: 1_500)]),
        new(Memory, "What Cortex remembers about you",
        [
            SubCommand(MemoryShow, "List what Cortex remembers about you (only you see it)"),
            SubCommand(MemoryForget, "Erase everything Cortex remembers about you"),
        ]),
        new(Settings, "This server's AI limits, model and chat channels",
        [
            SubCommand(SettingsShow, "Show the AI settings in effect here"),
            SubCommand(SettingsSet, "Change AI limits or the model (options left out stay as they are)",
                Integer(SettingsUserCalls, "AI requests each member may make per window", min: 1, max: MaxUserCalls),
                Integer(SettingsWindowSeconds, "Length of that window in seconds", min: 1, max: MaxWindowSeconds),
                Integer(SettingsDailyTokens, "Tokens this server may use per UTC day", min: 1, max: MaxDailyTokens),
                Text(SettingsModel, "OpenAI chat model, e.g. gpt-4o-mini", maxLength: MaxModelLength)),
            SubCommand(SettingsAddChannel, "Answer every message in a channel, not only mentions",
                Channel(SettingsChannel, "The channel", required: true)),
            SubCommand(SettingsRemoveChannel, "Stop answering every message in a channel",
                Channel(SettingsChannel, "The channel", required: true)),
            SubCommand(SettingsReset, "Go back to the default limits, model and no chat channels"),
        ],
        DefaultMemberPermissions: CommandPermissions.Require(CommandPermissions.ManageGuild)),
    ];

    public static bool Handles(string? name) => CortexCommands.Declares(All, name);
}
