using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Economy.Storage;

namespace Cortex.Economy.Commands;

/// <summary>
/// An economy command as its handler sees it: in a server, from a known member. The ids fit the economy's
/// <c>bigint</c> keys (<see cref="SnowflakeBigint"/>); a handler converts them where it calls the feature's service.
/// </summary>
public sealed record EconomyCommandCall(Interaction Interaction, Snowflake GuildId, Snowflake UserId)
{
    public IReadOnlyList<InteractionDataOption> Options => Interaction.Data?.Options ?? [];

    /// <summary>The interaction id: a redelivered interaction replays the first result instead of applying twice.</summary>
    public string IdempotencyKey => "interaction:" + Interaction.Id;

    /// <summary>The member named by the command's user option, if any (an id the economy cannot key on reads as none).</summary>
    public static Snowflake? UserOption(IReadOnlyList<InteractionDataOption> options) =>
        options.FirstOfType(ApplicationCommandOptionType.User).AsSnowflake() is { } id && id.FitsBigint() ? id : null;

    /// <summary>The <c>amount</c> option; a missing amount becomes 0, which validation refuses with a clear message.</summary>
    public static long AmountOption(IReadOnlyList<InteractionDataOption> options) =>
        options.Find("amount").AsInt64() ?? 0;
}
