using System.Globalization;
using Cortex.Economy.Admin;
using Cortex.Economy.Results;

namespace Cortex.Economy.Commands;

/// <summary>The economy's slash commands, declared once: registration reads this list, the handler routes by it.</summary>
public static class EconomyCommands
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

    private static CommandOptionDefinition AmountOption(string description) =>
        new("amount", description, CommandOptionType.Integer, Required: true, MinValue: 1, MaxValue: Validate.MaxAmount);

    public static IReadOnlyList<SlashCommandDefinition> All { get; } =
    [
        new(Balance, "Show your coins (or another member's)", [new("user", "Whose balance", CommandOptionType.User)]),
        new(Pay, "Send coins to another member",
        [
            new("user", "Who receives the coins", CommandOptionType.User, Required: true),
            AmountOption("How many coins"),
        ]),
        new(Deposit, "Move coins from your wallet to your bank", [AmountOption("How many coins")]),
        new(Withdraw, "Move coins from your bank to your wallet", [AmountOption("How many coins")]),
        new(Daily, "Claim your daily reward", []),
        new(Work, "Work for some coins", []),
        new(Leaderboard, "The richest members of this server", []),
        new(Rank, "Your XP and level (or another member's)", [new("user", "Whose rank", CommandOptionType.User)]),
        new(History, "Your recent transactions", []),
        new(Admin, "Manage members' coins",
        [
            new(AdminAdd, "Give a member coins", CommandOptionType.SubCommand, Options:
            [
                new("user", "Who receives the coins", CommandOptionType.User, Required: true),
                AmountOption("How many coins"),
            ]),
            new(AdminRemove, "Take coins from a member's wallet", CommandOptionType.SubCommand, Options:
            [
                new("user", "Whose coins", CommandOptionType.User, Required: true),
                AmountOption("How many coins"),
            ]),
            new(AdminReset, "Set a member's wallet and bank to zero", CommandOptionType.SubCommand, Options:
            [
                new("user", "Whose coins", CommandOptionType.User, Required: true),
            ]),
        ],
        DefaultMemberPermissions: Permissions.ManageGuild.ToString(CultureInfo.InvariantCulture)),
    ];

    public static bool Handles(string name) => All.Any(command => command.Name == name);
}
