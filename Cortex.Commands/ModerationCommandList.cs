using Cortex.Discord.Interactions;
using static Cortex.Commands.CommandOptions;

namespace Cortex.Commands;

/// <summary>The moderation pipeline's slash commands (answered by Cortex.Ai/Moderation).</summary>
public static class ModerationCommandList
{
    public const string Review = "review";
    public const string ReviewList = "list";
    public const string ReviewApprove = "approve";
    public const string ReviewOverturn = "overturn";
    public const string Appeal = "appeal";
    public const string CaseNumber = "case";
    public const string AppealReason = "reason";

    public static IReadOnlyList<SlashCommand> All { get; } =
    [
        // Shown to Manage Messages by default; the handler also lets Moderate Members through.
        new(Review, "The moderation review queue: pending bans and appeals",
        [
            SubCommand(ReviewList, "List what is waiting for review"),
            SubCommand(ReviewApprove, "Uphold a case", Integer(CaseNumber, "The case number", required: true, min: 1)),
            SubCommand(ReviewOverturn, "Overturn a case (lifts its ban or timeout)", Integer(CaseNumber, "The case number", required: true, min: 1)),
        ],
        CommandPermissions.Require(CommandPermissions.ManageMessages)),
        new(Appeal, "Appeal a moderation case against you",
        [
            Integer(CaseNumber, "The case number from your warning", required: true, min: 1),
            Text(AppealReason, "Why the case is wrong", maxLength: 500),
        ]),
    ];

    public static bool Handles(string? name) => CortexCommands.Declares(All, name);
}
