using Cortex.Ai.Budgets;

namespace Cortex.Ai.Guilds;

/// <summary>The effective AI settings of one guild: its overrides over the seed's defaults.</summary>
public sealed record GuildAiSettings(
    ulong GuildId,
    RateLimitPolicy UserCalls,
    long DailyTokens,
    string Model,
    int MaxReplyTokens,
    IReadOnlySet<ulong> ChatChannels);
