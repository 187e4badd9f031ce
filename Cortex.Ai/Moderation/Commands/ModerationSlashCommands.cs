using Cortex.Discord.Interactions;
using Cortex.Discord.Models;

namespace Cortex.Ai.Moderation.Commands;

/// <summary>The moderation commands as the shared declarative list registers them.</summary>
public static class ModerationSlashCommands
{
    private static ApplicationCommandOption CaseNumber(string description) => new()
    {
        Type = ApplicationCommandOptionType.Integer,
        Name = ModerationCommands.CaseOption,
        Description = description,
        Required = true,
        MinValue = 1,
    };

    /// <summary>Shown to members with Manage Messages; the handler also accepts Moderate Members.</summary>
    public static SlashCommand Review { get; } = new(
        ModerationCommands.Review,
        "Moderation review queue: pending bans and appeals",
        [
            new() { Type = ApplicationCommandOptionType.SubCommand, Name = "list", Description = "List what is waiting for review" },
            new() { Type = ApplicationCommandOptionType.SubCommand, Name = "approve", Description = "Uphold a case", Options = [CaseNumber("The case number")] },
            new() { Type = ApplicationCommandOptionType.SubCommand, Name = "overturn", Description = "Overturn a case (lifts a ban or timeout)", Options = [CaseNumber("The case number")] },
        ],
        DefaultMemberPermissions: (1UL << 13).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static SlashCommand Appeal { get; } = new(
        ModerationCommands.Appeal,
        "Appeal a moderation case against you",
        [
            CaseNumber("The case number from your warning"),
            new() { Type = ApplicationCommandOptionType.String, Name = ModerationCommands.ReasonOption, Description = "Why the case is wrong", MaxLength = 500 },
        ]);

    public static IReadOnlyList<SlashCommand> All { get; } = [Review, Appeal];
}
