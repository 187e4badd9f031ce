using Cortex.Discord.Interactions;
using Cortex.Discord.Models;

namespace Cortex.Economy.Commands;

/// <summary>An economy command as its handler sees it: in a server, from a known member.</summary>
public sealed record EconomyCommandCall(Interaction Interaction, long GuildId, long UserId)
{
    public IReadOnlyList<InteractionDataOption> Options => Interaction.Data?.Options ?? [];

    /// <summary>The interaction id: a redelivered interaction replays the first result instead of applying twice.</summary>
    public string IdempotencyKey => "interaction:" + Interaction.Id;

    /// <summary>The member named by the command's user option, if any.</summary>
    public static long? UserOption(IReadOnlyList<InteractionDataOption> options) =>
        options.FirstOfType(ApplicationCommandOptionType.User).AsInt64();

    /// <summary>The <c>amount</c> option; a missing amount becomes 0, which validation refuses with a clear message.</summary>
    public static long AmountOption(IReadOnlyList<InteractionDataOption> options) =>
        options.Find("amount").AsInt64() ?? 0;
}
