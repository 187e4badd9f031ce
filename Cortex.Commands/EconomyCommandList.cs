using Cortex.Discord.Interactions;
using static Cortex.Commands.CommandOptions;

namespace Cortex.Commands;

/// <summary>The economy's slash commands (answered by Cortex.Economy).</summary>
public static class EconomyCommandList
{
    public const string Balance = "balance";
    public const string Pay = "pay";
    public const string Deposit = "deposit";
    public const string Withdraw = "withdraw";
    public const string Daily = "daily";
    public const string Work = "work";
    public const string Leaderboard = "leaderboard";
    public const string Rank = "rank";
    public const string History = "history";
    public const string Admin = "economy-admin";
    public const string AdminAdd = "add";
    public const string AdminRemove = "remove";
    public const string AdminReset = "reset";

    /// <summary>The largest amount one command moves; Discord enforces it client-side, the economy again.</summary>
    public const long MaxAmount = 1_000_000_000_000;

    private static Discord.Models.ApplicationCommandOption Amount(string description) =>
        Integer("amount", description, required: true, min: 1, max: MaxAmount);

    public static IReadOnlyList<SlashCommand> All { get; } =
    [
        new(Balance, "Show your coins (or another member's)", [User("user", "Whose balance")]),
        new(Pay, "Send coins to another member", [User("user", "Who receives the coins", required: true), Amount("How many coins")]),
        new(Deposit, "Move coins from your wallet to your bank", [Amount("How many coins")]),
        new(Withdraw, "Move coins from your bank to your wallet", [Amount("How many coins")]),
        new(Daily, "Claim your daily reward"),
        new(Work, "Work for some coins"),
        new(Leaderboard, "The richest members of this server"),
        new(Rank, "Your XP and level (or another member's)", [User("user", "Whose rank")]),
        new(History, "Your recent transactions"),
        new(Admin, "Manage members' coins",
        [
            SubCommand(AdminAdd, "Give a member coins", User("user", "Who receives the coins", required: true), Amount("How many coins")),
            SubCommand(AdminRemove, "Take coins from a member's wallet", User("user", "Whose coins", required: true), Amount("How many coins")),
            SubCommand(AdminReset, "Set a member's wallet and bank to zero", User("user", "Whose coins", required: true)),
        ],
        DefaultMemberPermissions: CommandPermissions.Require(CommandPermissions.ManageGuild)),
    ];

    public static bool Handles(string? name) => CortexCommands.Declares(All, name);
}
