namespace Cortex.Economy.Rewards;

/// <summary>Coins earned by daily or work, the wallet after it, and when the member may act again.</summary>
public sealed record RewardReceipt(long TransactionId, long GuildId, long UserId, string Kind, long Amount, long Balance, DateTimeOffset NextAvailableAt, bool Replayed);
