namespace Cortex.Economy.Transfers;

/// <summary>Move <paramref name="Amount"/> coins from one member's wallet to another's.</summary>
public sealed record TransferRequest(long GuildId, long FromUserId, long ToUserId, long Amount, string? IdempotencyKey);

/// <summary>
/// What a transfer did. A replay (same idempotency key, same request) returns the first result:
/// the balances right after the original transfer.
/// </summary>
public sealed record TransferReceipt(
    long TransactionId,
    long GuildId,
    long FromUserId,
    long ToUserId,
    long Amount,
    long FromBalance,
    long ToBalance,
    bool Replayed);
