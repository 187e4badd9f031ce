using System.Collections.Frozen;
using OpenAI.Moderations;

namespace Cortex.Ai.Moderation.Scoring;

/// <summary>
/// The omni-moderation categories by the API's own names, and the one place those names meet the
/// SDK's properties. A threshold keyed by a name that maps to nothing could never fire, so every
/// name here has exactly one property, and configuration is checked against this list.
/// </summary>
public static class ModerationCategories
{
    public const string Harassment = "harassment";
    public const string HarassmentThreatening = "harassment/threatening";
    public const string Hate = "hate";
    public const string HateThreatening = "hate/threatening";
    public const string Illicit = "illicit";
    public const string IllicitViolent = "illicit/violent";
    public const string SelfHarm = "self-harm";
    public const string SelfHarmIntent = "self-harm/intent";
    public const string SelfHarmInstructions = "self-harm/instructions";
    public const string Sexual = "sexual";
    public const string SexualMinors = "sexual/minors";
    public const string Violence = "violence";
    public const string ViolenceGraphic = "violence/graphic";

    /// <summary>The seed's threshold for every category it does not name.</summary>
    public const double OtherThreshold = 0.90;

    private static readonly (string Name, Func<ModerationResult, ModerationCategory> Property)[] Map =
    [
        (Harassment, r => r.Harassment),
        (HarassmentThreatening, r => r.HarassmentThreatening),
        (Hate, r => r.Hate),
        (HateThreatening, r => r.HateThreatening),
        (Illicit, r => r.Illicit),
        (IllicitViolent, r => r.IllicitViolent),
        (SelfHarm, r => r.SelfHarm),
        (SelfHarmIntent, r => r.SelfHarmIntent),
        (SelfHarmInstructions, r => r.SelfHarmInstructions),
        (Sexual, r => r.Sexual),
        (SexualMinors, r => r.SexualMinors),
        (Violence, r => r.Violence),
        (ViolenceGraphic, r => r.ViolenceGraphic),
    ];

    public static FrozenSet<string> All { get; } = Map.Select(entry => entry.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The seed's thresholds: hate .70, violence .80, sexual .85, self-harm .60, others .90; the
    /// threatening and graphic variants keep their parent's bar, and the categories where a miss
    /// hurts most (<c>sexual/minors</c>, <c>self-harm/*</c>) get low ones.
    /// </summary>
    public static IReadOnlyDictionary<string, double> SeedThresholds { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [Harassment] = OtherThreshold,
        [HarassmentThreatening] = OtherThreshold,
        [Hate] = 0.70,
        [HateThreatening] = 0.70,
        [Illicit] = OtherThreshold,
        [IllicitViolent] = OtherThreshold,
        [SelfHarm] = 0.60,
        [SelfHarmIntent] = 0.50,
        [SelfHarmInstructions] = 0.50,
        [Sexual] = 0.85,
        [SexualMinors] = 0.20,
        [Violence] = 0.80,
        [ViolenceGraphic] = 0.80,
    };

    /// <summary>What a stage-2 flag is worth where it differs from the default (delete).</summary>
    public static IReadOnlyDictionary<string, int> SeedSeverities { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [HarassmentThreatening] = 3,
        [HateThreatening] = 3,
        [IllicitViolent] = 3,
        [SexualMinors] = 4,
        // A member talking about hurting themselves gets a reply, not a punishment.
        [SelfHarm] = 1,
        [SelfHarmIntent] = 1,
        [SelfHarmInstructions] = 2,
    };

    /// <summary>Every category's score, by API name.</summary>
    public static IReadOnlyDictionary<string, double> ScoresOf(ModerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scores = new Dictionary<string, double>(Map.Length, StringComparer.Ordinal);
        foreach (var (name, property) in Map)
        {
            // A model that does not score a category leaves it null: it counts as clean.
            scores[name] = property(result)?.Score is { } score ? Math.Round(score, 6) : 0;
        }

        return scores;
    }
}
