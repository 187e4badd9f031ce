using Cortex.Economy.Results;

namespace Cortex.Economy.Commands;

/// <summary>What every economy command answers alike: failures are private and say what to do.</summary>
public static class CommandReplies
{
    public const int EmbedColor = 0xF1C40F;

    public static InteractionReply From<T>(EconomyResult<T> result, Func<T, InteractionReply> success) where T : class =>
        result.Succeeded ? success(result.Value) : InteractionReply.Private(Explain(result.Error));

    private static string Explain(EconomyError error) => error.Code switch
    {
        EconomyErrorCode.CooldownActive when error.RetryAt is { } at => $"Not yet! Try again <t:{at.ToUnixTimeSeconds()}:R>.",
        _ => error.Message,
    };
}
