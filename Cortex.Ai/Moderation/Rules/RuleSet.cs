namespace Cortex.Ai.Moderation.Rules;

/// <summary>A guild's stage-1 rules, as moderators configure them.</summary>
public sealed record RuleSet
{
    /// <summary>Slurs and other blocked terms or phrases; matched as whole words after normalization.</summary>
    public IReadOnlyList<string> BlockedTerms { get; init; } = [];

    public int BlockedTermSeverity { get; init; } = 2;

    /// <summary>Whether invites to other Discord servers are removed.</summary>
    public bool BlockInvites { get; init; } = true;

    /// <summary>Invite codes that stay allowed (the guild's own, partners).</summary>
    public IReadOnlyList<string> AllowedInviteCodes { get; init; } = [];

    public int InviteSeverity { get; init; } = 2;

    /// <summary>User, role and @everyone/@here mentions in one message at which it counts as a mass mention.</summary>
    public int MassMentionThreshold { get; init; } = 5;

    public int MassMentionSeverity { get; init; } = 3;

    /// <summary>Moderator-written patterns, each with its own severity.</summary>
    public IReadOnlyList<CustomPattern> Patterns { get; init; } = [];
}

/// <summary>A moderator-written regular expression and what a match is worth.</summary>
public sealed record CustomPattern(string Name, string Pattern, int Severity);
