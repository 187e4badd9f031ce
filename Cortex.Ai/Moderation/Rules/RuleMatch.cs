namespace Cortex.Ai.Moderation.Rules;

public enum RuleKind
{
    BlockedTerm,
    Invite,
    MassMention,
    CustomPattern,
}

/// <summary>Why stage 1 flagged a message: what matched and the severity the guild gives it.</summary>
public sealed record RuleMatch(RuleKind Kind, string Detail, int Severity);
