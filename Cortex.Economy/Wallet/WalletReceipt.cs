namespace Cortex.Economy.Wallet;

/// <summary>A deposit (wallet to bank) or withdrawal (bank to wallet), with both totals after it.</summary>
public sealed record WalletReceipt(long TransactionId, long GuildId, long UserId, long Amount, long Balance, long Bank, bool Replayed);
