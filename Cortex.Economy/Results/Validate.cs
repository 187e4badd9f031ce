namespace Cortex.Economy.Results;

/// <summary>Checks every input before anything touches the database.</summary>
public static class Validate
{
    /// <summary>
    /// The largest amount one operation may move. Balances are bigint; bounding a single movement
    /// far below that keeps sums meaningful, and PostgreSQL still refuses any overflow.
    /// </summary>
    public const long MaxAmount = Cortex.Commands.EconomyCommandList.MaxAmount;

    public const int MaxIdempotencyKeyLength = 200;

    public static EconomyError? Amount(long amount) =>
        amount is > 0 and <= MaxAmount
            ? null
            : new EconomyError(EconomyErrorCode.InvalidAmount, $"The amount must be a whole number from 1 to {MaxAmount:N0}.");

    /// <summary>Discord snowflakes are positive 64-bit integers.</summary>
    public static EconomyError? Id(long id, string what) =>
        id > 0 ? null : new EconomyError(EconomyErrorCode.InvalidId, $"The {what} id must be a positive Discord snowflake.");

    public static EconomyError? IdempotencyKey(string? key) =>
        key is null || (key.Length is > 0 and <= MaxIdempotencyKeyLength && !key.Any(char.IsControl))
            ? null
            : new EconomyError(EconomyErrorCode.InvalidIdempotencyKey, $"An idempotency key has 1 to {MaxIdempotencyKeyLength} printable characters.");

    public static EconomyError? First(params EconomyError?[] errors) => errors.FirstOrDefault(e => e is not null);
}
