namespace Cortex.Economy.Admin;

/// <summary>
/// An administrator's change to a member's money. <see cref="TransactionId"/> is null when a reset
/// found nothing to remove (no ledger row is written for a zero movement).
/// </summary>
public sealed record AdjustmentReceipt(long? TransactionId, long GuildId, long UserId, string Kind, long Amount, long Balance, long Bank, bool Replayed);
