using Cortex.Economy.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Economy.Api;

internal static class Problems
{
    public const string TypeBase = "https://cortex.dev/problems/";

    public static ProblemHttpResult From(EconomyError error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Slug };
        if (error.RetryAt is { } retryAt)
        {
            extensions["retryAt"] = retryAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(
            detail: error.Message,
            statusCode: error.HttpStatus,
            title: Title(error.Code),
            type: TypeBase + error.Slug,
            extensions: extensions);
    }

    private static string Title(EconomyErrorCode code) => code switch
    {
        EconomyErrorCode.InsufficientFunds => "Insufficient funds",
        EconomyErrorCode.SelfTransfer => "Self-transfer refused",
        EconomyErrorCode.IdempotencyKeyReused => "Idempotency key reused",
        EconomyErrorCode.CooldownActive => "Cooldown active",
        EconomyErrorCode.AccountNotFound => "Account not found",
        EconomyErrorCode.WouldOverflow => "Amount too large",
        EconomyErrorCode.Forbidden => "Forbidden",
        _ => "Invalid request",
    };
}
