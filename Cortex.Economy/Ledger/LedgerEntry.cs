namespace Cortex.Economy.Ledger;

/// <summary>
/// One row of the append-only ledger. <see cref="FromUserId"/> is null for money entering the
/// economy, <see cref="ToUserId"/> null for money leaving it. For deposit and withdraw (one user),
/// <see cref="FromBalanceAfter"/> is the wallet and <see cref="ToBalanceAfter"/> the bank.
/// </summary>
public sealed record LedgerEntry(
    long Id,
    long GuildId,
    long? FromUserId,
    long? ToUserId,
    long Amount,
    string Type,
    long ActorId,
    long? FromBalanceAfter,
    long? ToBalanceAfter,
    DateTimeOffset CreatedAt);
