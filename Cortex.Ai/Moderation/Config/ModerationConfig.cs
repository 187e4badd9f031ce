using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cortex.Ai.Moderation.Rules;
using Cortex.Ai.Moderation.Scoring;

namespace Cortex.Ai.Moderation.Config;

/// <summary>
/// A guild's moderation policy, stored as JSON in <c>moderation.guild_config</c>. Guild 0's row holds
/// the seed defaults (migration 0300); these property defaults are the same values, for a database
/// whose default row was removed.
/// </summary>
public sealed record ModerationConfig
{
    public static ModerationConfig Default { get; } = new();

    public bool Enabled { get; init; } = true;

    /// <summary>A message whose highest score is below this is clean; between this and its category's threshold, ambiguous (stage 3).</summary>
    [Range(0.0, 1.0)]
    public double CleanBelow { get; init; } = 0.30;

    /// <summary>Keyed by the moderation API's category names (<see cref="ModerationCategories.All"/>); a score above acts at once.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = ModerationCategories.SeedThresholds;

    /// <summary>The severity a stage-2 flag carries, per category; others get <see cref="DefaultCategorySeverity"/>.</summary>
    public IReadOnlyDictionary<string, int> CategorySeverity { get; init; } = ModerationCategories.SeedSeverities;

    [Range(0, 4)]
    public int DefaultCategorySeverity { get; init; } = 2;

    /// <summary>Severity 0–4 → action, keyed "0".."4".</summary>
    public IReadOnlyDictionary<string, ModerationAction> SeverityActions { get; init; } = new Dictionary<string, ModerationAction>
    {
        ["0"] = ModerationAction.None,
        ["1"] = ModerationAction.Warn,
        ["2"] = ModerationAction.Delete,
        ["3"] = ModerationAction.DeleteAndTimeout,
        ["4"] = ModerationAction.Ban,
    };

    [Range(1, 28 * 24 * 3600)]
    public int TimeoutSeconds { get; init; } = 600;

    /// <summary>At exactly this many active warnings, the member also gets the escalation's action.</summary>
    [MaxLength(ModerationConfigValidator.MaxEscalationSteps)]
    public IReadOnlyList<WarnEscalation> WarnEscalation { get; init; } = [new(3, ModerationAction.Timeout), new(5, ModerationAction.Ban)];

    [MaxLength(ModerationConfigValidator.MaxExemptRoles)]
    public IReadOnlyList<ulong> ExemptRoleIds { get; init; } = [];

    [MaxLength(ModerationConfigValidator.MaxExemptChannels)]
    public IReadOnlyList<ulong> ExemptChannelIds { get; init; } = [];

    /// <summary>Where every action is announced for moderators; none when null.</summary>
    public ulong? LogChannelId { get; init; }

    public RuleSet Rules { get; init; } = new();

    public ModerationAction ActionFor(int severity) =>
        SeverityActions.TryGetValue(Math.Clamp(severity, 0, 4).ToString(System.Globalization.CultureInfo.InvariantCulture), out var action)
            ? action
            : ModerationAction.None;

    public double ThresholdFor(string category) => Thresholds.TryGetValue(category, out var threshold) ? threshold : ModerationCategories.OtherThreshold;

    public int SeverityFor(string category) => CategorySeverity.TryGetValue(category, out var severity) ? severity : DefaultCategorySeverity;

    // Derived, not configuration: a body may not set it (timeout_seconds is the setting).
    [JsonIgnore]
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}

public sealed record WarnEscalation(
    [property: JsonPropertyName("warnings")] int Warnings,
    [property: JsonPropertyName("action")] ModerationAction Action);
