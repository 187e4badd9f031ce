using System.Globalization;
using System.Text;
using Cortex.Commands;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Economy.Admin;
using Cortex.Economy.Caching;
using Cortex.Economy.Leaderboard;
using Cortex.Economy.Ledger;
using Cortex.Economy.Results;
using Cortex.Economy.Rewards;
using Cortex.Economy.Transfers;
using Cortex.Economy.Wallet;
using Cortex.Economy.Xp;

namespace Cortex.Economy.Commands;

/// <summary>
/// Turns one slash command into one economy operation and its reply. Errors and private information
/// are ephemeral; money moved in public (pay, daily, work) is announced. The interaction id is the
/// idempotency key, so a redelivered interaction replays the first result instead of paying twice.
/// </summary>
public sealed class EconomyCommandHandler(
    BalanceCache balances,
    TransferService transfers,
    WalletService wallet,
    RewardService rewards,
    AdminService admin,
    LeaderboardStore leaderboard,
    XpService xp,
    LedgerStore ledger)
{
    private const int EmbedColor = 0xF1C40F;
    private const int HistoryEntries = 10;

    public async Task<InteractionReply> HandleAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (interaction.Data is not { } data || !EconomyCommandList.Handles(data.Name))
        {
            return InteractionReply.Private("Unknown command.");
        }

        if (!TryGetId(interaction.GuildId, out var guildId))
        {
            return InteractionReply.Private("Economy commands work inside a server.");
        }

        if (!TryGetId(interaction.Invoker?.Id, out var userId))
        {
            return InteractionReply.Private("Could not tell who sent this command.");
        }

        var key = "interaction:" + interaction.Id;
        var options = data.Options ?? [];
        return data.Name switch
        {
            EconomyCommandList.Balance => await BalanceAsync(guildId, UserOption(options) ?? userId, userId, cancellationToken),
            EconomyCommandList.Pay => await PayAsync(guildId, userId, options, key, cancellationToken),
            EconomyCommandList.Deposit => Reply(await wallet.DepositAsync(guildId, userId, AmountOption(options), key, cancellationToken),
                receipt => InteractionReply.Private($"Deposited **{receipt.Amount:N0}** coins. Wallet: **{receipt.Balance:N0}**, bank: **{receipt.Bank:N0}**.")),
            EconomyCommandList.Withdraw => Reply(await wallet.WithdrawAsync(guildId, userId, AmountOption(options), key, cancellationToken),
                receipt => InteractionReply.Private($"Withdrew **{receipt.Amount:N0}** coins. Wallet: **{receipt.Balance:N0}**, bank: **{receipt.Bank:N0}**.")),
            EconomyCommandList.Daily => Reply(await rewards.DailyAsync(guildId, userId, key, cancellationToken),
                receipt => new InteractionReply($"<@{userId}> claimed their daily **{receipt.Amount:N0}** coins! Wallet: **{receipt.Balance:N0}**. Next claim <t:{receipt.NextAvailableAt.ToUnixTimeSeconds()}:R>.")),
            EconomyCommandList.Work => Reply(await rewards.WorkAsync(guildId, userId, key, cancellationToken),
                receipt => new InteractionReply($"<@{userId}> worked and earned **{receipt.Amount:N0}** coins. Wallet: **{receipt.Balance:N0}**.")),
            EconomyCommandList.Leaderboard => await LeaderboardAsync(guildId, cancellationToken),
            EconomyCommandList.Rank => Reply(await xp.RankAsync(guildId, UserOption(options) ?? userId, cancellationToken), RankReply),
            EconomyCommandList.History => await HistoryAsync(guildId, userId, cancellationToken),
            EconomyCommandList.Admin => await AdminAsync(interaction, guildId, userId, options, key, cancellationToken),
            _ => InteractionReply.Private("Unknown command."),
        };
    }

    private async Task<InteractionReply> BalanceAsync(long guildId, long targetId, long userId, CancellationToken cancellationToken)
    {
        var account = await balances.GetAsync(guildId, targetId, cancellationToken);
        var whose = targetId == userId ? "You have" : $"<@{targetId}> has";
        return InteractionReply.Private($"{whose} **{account.Balance:N0}** coins in the wallet and **{account.Bank:N0}** in the bank.");
    }

    private async Task<InteractionReply> PayAsync(long guildId, long userId, IReadOnlyList<InteractionDataOption> options, string key, CancellationToken cancellationToken)
    {
        if (UserOption(options) is not { } recipient)
        {
            return InteractionReply.Private("Choose who to pay.");
        }

        var result = await transfers.TransferAsync(new TransferRequest(guildId, userId, recipient, AmountOption(options), key), cancellationToken);
        return Reply(result, receipt => new InteractionReply(
            $"<@{userId}> paid <@{recipient}> **{receipt.Amount:N0}** coins. <@{userId}> now has **{receipt.FromBalance:N0}**."));
    }

    private async Task<InteractionReply> LeaderboardAsync(long guildId, CancellationToken cancellationToken)
    {
        var top = await leaderboard.TopAsync(guildId, 10, cancellationToken);
        if (top.Count == 0)
        {
            return new InteractionReply("Nobody has any coins yet. Try `/daily`!");
        }

        var lines = new StringBuilder();
        foreach (var entry in top)
        {
            lines.Append(CultureInfo.InvariantCulture, $"**{entry.Rank}.** <@{entry.UserId}> — {entry.Balance:N0} coins\n");
        }

        return new InteractionReply(null, [new ReplyEmbed("Leaderboard", lines.ToString(), EmbedColor)]);
    }

    private static InteractionReply RankReply(RankCard card) => new(null,
    [
        new ReplyEmbed($"Rank #{card.Rank}", $"<@{card.UserId}>", EmbedColor,
        [
            new ReplyEmbedField("Level", card.Level.ToString(CultureInfo.InvariantCulture), Inline: true),
            new ReplyEmbedField("XP", card.Xp.ToString("N0", CultureInfo.InvariantCulture), Inline: true),
            new ReplyEmbedField("Next level", $"{card.XpIntoLevel:N0} / {card.XpForNextLevel:N0}", Inline: true),
        ]),
    ]);

    private async Task<InteractionReply> HistoryAsync(long guildId, long userId, CancellationToken cancellationToken)
    {
        var entries = await ledger.HistoryAsync(guildId, userId, HistoryEntries, null, cancellationToken);
        if (entries.Count == 0)
        {
            return InteractionReply.Private("No transactions yet.");
        }

        var lines = new StringBuilder();
        foreach (var entry in entries)
        {
            lines.Append(CultureInfo.InvariantCulture, $"<t:{entry.CreatedAt.ToUnixTimeSeconds()}:d> {Describe(entry, userId)}\n");
        }

        return new InteractionReply(null, [new ReplyEmbed("Your recent transactions", lines.ToString(), EmbedColor)], Ephemeral: true);
    }

    private async Task<InteractionReply> AdminAsync(
        Interaction interaction, long guildId, long adminId, IReadOnlyList<InteractionDataOption> options, string key, CancellationToken cancellationToken)
    {
        // default_member_permissions hides the command, but server admins can override that: check.
        if (!ulong.TryParse(interaction.Member?.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var permissions)
            || !Permissions.CanManageGuild(permissions))
        {
            return InteractionReply.Private("You need the **Manage Server** permission for this.");
        }

        if (options is not [{ Options: var subOptions } subcommand])
        {
            return InteractionReply.Private("Choose add, remove or reset.");
        }

        subOptions ??= [];
        if (UserOption(subOptions) is not { } target)
        {
            return InteractionReply.Private("Choose a member.");
        }

        return subcommand.Name switch
        {
            EconomyCommandList.AdminAdd => Reply(await admin.AddAsync(guildId, adminId, target, AmountOption(subOptions), key, cancellationToken),
                receipt => InteractionReply.Private($"Gave <@{target}> **{receipt.Amount:N0}** coins. Wallet: **{receipt.Balance:N0}**.")),
            EconomyCommandList.AdminRemove => Reply(await admin.RemoveAsync(guildId, adminId, target, AmountOption(subOptions), key, cancellationToken),
                receipt => InteractionReply.Private($"Took **{receipt.Amount:N0}** coins from <@{target}>. Wallet: **{receipt.Balance:N0}**.")),
            EconomyCommandList.AdminReset => Reply(await admin.ResetAsync(guildId, adminId, target, key, cancellationToken),
                receipt => InteractionReply.Private($"Reset <@{target}>: removed **{receipt.Amount:N0}** coins.")),
            _ => InteractionReply.Private("Choose add, remove or reset."),
        };
    }

    private static InteractionReply Reply<T>(EconomyResult<T> result, Func<T, InteractionReply> success) where T : class =>
        result.Succeeded ? success(result.Value) : InteractionReply.Private(Explain(result.Error));

    private static string Explain(EconomyError error) => error.Code switch
    {
        EconomyErrorCode.CooldownActive when error.RetryAt is { } at => $"Not yet! Try again <t:{at.ToUnixTimeSeconds()}:R>.",
        _ => error.Message,
    };

    private static string Describe(LedgerEntry entry, long userId) => entry.Type switch
    {
        TransactionType.Transfer when entry.FromUserId == userId => $"Paid <@{entry.ToUserId}> {entry.Amount:N0}",
        TransactionType.Transfer => $"Received {entry.Amount:N0} from <@{entry.FromUserId}>",
        TransactionType.Deposit => $"Deposited {entry.Amount:N0}",
        TransactionType.Withdraw => $"Withdrew {entry.Amount:N0}",
        TransactionType.Daily => $"Daily reward +{entry.Amount:N0}",
        TransactionType.Work => $"Work +{entry.Amount:N0}",
        TransactionType.AdminAdd => $"Given {entry.Amount:N0} by <@{entry.ActorId}>",
        TransactionType.AdminRemove => $"Removed {entry.Amount:N0} by <@{entry.ActorId}>",
        _ => $"Reset ({entry.Amount:N0}) by <@{entry.ActorId}>",
    };

    private static long? UserOption(IReadOnlyList<InteractionDataOption> options) =>
        options.FirstOfType(ApplicationCommandOptionType.User).AsInt64();

    // A missing amount becomes 0, which validation refuses with a clear message.
    private static long AmountOption(IReadOnlyList<InteractionDataOption> options) =>
        options.Find("amount").AsInt64() ?? 0;

    // Economy rows key on signed 64-bit ids; every real snowflake fits.
    private static bool TryGetId(Snowflake? snowflake, out long id)
    {
        id = snowflake is { Value: > 0 and <= long.MaxValue } value ? (long)value.Value : 0;
        return id > 0;
    }
}
