using Cortex.Economy.Ledger;

namespace Cortex.Economy.Api;

/// <summary>A member's money.</summary>
public sealed record AccountResponse(long GuildId, long UserId, long Balance, long Bank);

/// <summary>Body of <c>POST /api/guilds/{guildId}/transfers</c>.</summary>
public sealed record TransferBody(long FromUserId, long ToUserId, long Amount);

/// <summary>Body of deposit and withdraw.</summary>
public sealed record AmountBody(long Amount);

/// <summary>
/// Body of the admin endpoints: who acts, and that member's permissions as Discord reports them
/// (a decimal bitfield string); Manage Guild is required.
/// </summary>
public sealed record AdminBody(long AdminId, string Permissions, long Amount = 0);

public sealed record LeaderboardResponse(long GuildId, IReadOnlyList<Leaderboard.LeaderboardEntry> Entries);

public sealed record HistoryResponse(long GuildId, long UserId, IReadOnlyList<LedgerEntry> Entries, long? NextBefore);
