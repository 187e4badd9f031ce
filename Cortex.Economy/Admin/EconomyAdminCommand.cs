using System.Globalization;
using Cortex.Commands;
using Cortex.Economy.Commands;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Admin;

/// <summary><c>/economy-admin add|remove|reset user [amount]</c>: Manage Server only, answered privately.</summary>
public sealed class EconomyAdminCommand(AdminService admin) : IEconomyCommand
{
    public string Name => EconomyCommandList.Admin;

    public bool RepliesInPublic => false;

    public async Task<InteractionReply> HandleAsync(EconomyCommandCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);

        // default_member_permissions hides the command, but server admins can override that: check.
        if (!ulong.TryParse(invocation.Interaction.Member?.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var permissions)
            || !Permissions.CanManageGuild(permissions))
        {
            return InteractionReply.Private("You need the **Manage Server** permission for this.");
        }

        if (invocation.Options is not [{ Options: var subOptions } subcommand])
        {
            return InteractionReply.Private("Choose add, remove or reset.");
        }

        subOptions ??= [];
        if (EconomyCommandCall.UserOption(subOptions) is not { } target)
        {
            return InteractionReply.Private("Choose a member.");
        }

        var (guild, actor, member) = (invocation.GuildId.ToBigint(), invocation.UserId.ToBigint(), target.ToBigint());
        var (amount, key) = (EconomyCommandCall.AmountOption(subOptions), invocation.IdempotencyKey);
        return subcommand.Name switch
        {
            EconomyCommandList.AdminAdd => CommandReplies.From(await admin.AddAsync(guild, actor, member, amount, key, cancellationToken),
                receipt => InteractionReply.Private($"Gave <@{target}> **{receipt.Amount:N0}** coins. Wallet: **{receipt.Balance:N0}**.")),
            EconomyCommandList.AdminRemove => CommandReplies.From(await admin.RemoveAsync(guild, actor, member, amount, key, cancellationToken),
                receipt => InteractionReply.Private($"Took **{receipt.Amount:N0}** coins from <@{target}>. Wallet: **{receipt.Balance:N0}**.")),
            EconomyCommandList.AdminReset => CommandReplies.From(await admin.ResetAsync(guild, actor, member, key, cancellationToken),
                receipt => InteractionReply.Private($"Reset <@{target}>: removed **{receipt.Amount:N0}** coins.")),
            _ => InteractionReply.Private("Choose add, remove or reset."),
        };
    }
}
