using Cortex.Discord.Interactions;

namespace Cortex.Commands;

/// <summary>
/// The one declarative list of Cortex's slash commands. Add a feature's commands as its own
/// <c>*CommandList.cs</c> file and one line here; the gateway registers the union at start-up.
/// </summary>
public static class CortexCommands
{
    public static IReadOnlyList<SlashCommand> All { get; } =
    [
        .. EconomyCommandList.All,
        .. AiCommandList.All,
        .. ModerationCommandList.All,
        .. VerificationCommandList.All,
    ];

    /// <summary>Whether <paramref name="name"/> is one of <paramref name="list"/>'s commands (services route by this).</summary>
    public static bool Declares(IReadOnlyList<SlashCommand> list, string? name) =>
        name is not null && list.Any(command => command.Name == name);
}

/// <summary>The list as the gateway's registration service consumes it.</summary>
public sealed class CortexCommandSource : ISlashCommandSource
{
    public IReadOnlyList<SlashCommand> Commands => CortexCommands.All;
}
