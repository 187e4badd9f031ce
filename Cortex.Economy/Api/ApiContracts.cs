using System.ComponentModel.DataAnnotations;
using Cortex.Economy.Ledger;
using Cortex.Economy.Results;

namespace Cortex.Economy.Api;

/// <summary>A member's money.</summary>
public sealed record AccountResponse(long GuildId, long UserId, long Balance, long Bank);

/// <summary>Body of <c>POST /api/guilds/{guildId}/transfers</c>.</summary>
public sealed record TransferBody(
    [property: Range(1, long.MaxValue)] long FromUserId,
    [property: Range(1, long.MaxValue)] long ToUserId,
    [property: Range(1, Validate.MaxAmount)] long Amount);

/// <summary>Body of deposit and withdraw.</summary>
public sealed record AmountBody([property: Range(1, Validate.MaxAmount)] long Amount);

/// <summary>
/// Body of the admin endpoints: who acts, and that member's permissions as Discord reports them
/// (a decimal bitfield string); Manage Guild is required.
/// </summary>
public sealed record AdminBody(
    [property: Range(1, long.MaxValue)] long AdminId,
    [property: RegularExpression("^(0|[1-9][0-9]{0,19})$"), MaxLength(20)] string Permissions,
    [property: Range(0, Validate.MaxAmount)] long Amount = 0);

public sealed record LeaderboardResponse(long GuildId, IReadOnlyList<Leaderboard.LeaderboardEntry> Entries);

public sealed record HistoryResponse(long GuildId, long UserId, IReadOnlyList<LedgerEntry> Entries, long? NextBefore);
