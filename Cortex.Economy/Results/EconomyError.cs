namespace Cortex.Economy.Results;

public enum EconomyErrorCode
{
    InvalidAmount,
    InvalidId,
    InvalidIdempotencyKey,
    SelfTransfer,
    InsufficientFunds,
    IdempotencyKeyReused,
    CooldownActive,
    AccountNotFound,
    WouldOverflow,
    Forbidden,
}

/// <summary>
/// Why an operation was refused. A refused operation wrote nothing. The same error becomes a
/// ProblemDetails response over HTTP and an ephemeral message in Discord.
/// </summary>
public sealed record EconomyError(EconomyErrorCode Code, string Message, DateTimeOffset? RetryAt = null)
{
    public int HttpStatus => Code switch
    {
        EconomyErrorCode.AccountNotFound => StatusCodes.Status404NotFound,
        EconomyErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        EconomyErrorCode.InsufficientFunds or EconomyErrorCode.CooldownActive => StatusCodes.Status409Conflict,
        EconomyErrorCode.IdempotencyKeyReused or EconomyErrorCode.WouldOverflow => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>A stable, machine-readable name for clients (ProblemDetails <c>type</c> suffix).</summary>
    public string Slug => Code switch
    {
        EconomyErrorCode.InvalidAmount => "invalid-amount",
        EconomyErrorCode.InvalidId => "invalid-id",
        EconomyErrorCode.InvalidIdempotencyKey => "invalid-idempotency-key",
        EconomyErrorCode.SelfTransfer => "self-transfer",
        EconomyErrorCode.InsufficientFunds => "insufficient-funds",
        EconomyErrorCode.IdempotencyKeyReused => "idempotency-key-reused",
        EconomyErrorCode.CooldownActive => "cooldown-active",
        EconomyErrorCode.AccountNotFound => "account-not-found",
        EconomyErrorCode.WouldOverflow => "would-overflow",
        EconomyErrorCode.Forbidden => "forbidden",
        _ => "error",
    };

    public static EconomyError InsufficientFunds(long amount) =>
        new(EconomyErrorCode.InsufficientFunds, $"Not enough coins: {amount:N0} needed.");

    public static EconomyError KeyReused() =>
        new(EconomyErrorCode.IdempotencyKeyReused, "This idempotency key was already used for a different request.");

    public static EconomyError Overflow() =>
        new(EconomyErrorCode.WouldOverflow, "That would take a balance beyond the largest amount the economy can hold.");

    public static EconomyError NotFound(long userId) =>
        new(EconomyErrorCode.AccountNotFound, $"User {userId} has no account in this guild.");
}
