using System.ClientModel.Primitives;
using System.Globalization;
using System.Text.Json.Nodes;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Scoring;
using OpenAI.Moderations;

namespace Cortex.Tests.Ai.Moderation;

/// <summary>Stage 2's category names, thresholds and their mapping onto the SDK: no threshold that can never fire.</summary>
public sealed class ModerationCategoryTests
{
    /// <summary>The omni-moderation categories as OpenAI's API reference spells them.</summary>
    public static readonly string[] ApiCategories =
    [
        "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
        "self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "sexual/minors",
        "violence", "violence/graphic",
    ];

    public static TheoryData<string> Categories() => [.. ApiCategories];

    [Fact]
    public void The_category_list_is_exactly_the_APIs()
    {
        Assert.Equal(ApiCategories.Order(StringComparer.Ordinal), ModerationCategories.All.Order(StringComparer.Ordinal));
        Assert.Equal(ApiCategories.Order(StringComparer.Ordinal), ModerationCategories.SeedThresholds.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_API_category_reads_its_own_SDK_property()
    {
        // A distinct score per category, read by the SDK from the API's JSON: a swapped or missing
        // property mapping shows up as a wrong or zero score under that name.
        var scores = ApiCategories.Select((category, i) => (category, score: Math.Round(0.05 + (i * 0.07), 2))).ToDictionary(p => p.category, p => p.score);
        var result = SdkResult(scores);

        var read = ModerationCategories.ScoresOf(result);

        Assert.Equal(ApiCategories.Length, read.Count);
        foreach (var (category, score) in scores)
        {
            Assert.Equal(score, read[category], 4);
        }
    }

    [Fact]
    public void Seed_thresholds_are_the_seeds_and_the_worst_categories_are_low()
    {
        var t = ModerationCategories.SeedThresholds;
        Assert.Equal(0.70, t["hate"]);
        Assert.Equal(0.80, t["violence"]);
        Assert.Equal(0.85, t["sexual"]);
        Assert.Equal(0.60, t["self-harm"]);
        Assert.Equal(0.90, t["harassment"]);
        Assert.Equal(0.90, t["illicit"]);
        Assert.True(t["sexual/minors"] <= 0.30, "sexual/minors must not get the .90 default");
        Assert.True(t["self-harm/intent"] < 0.60 && t["self-harm/instructions"] < 0.60, "self-harm/* must be low");
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void A_score_above_a_categorys_threshold_flags_that_category(string category)
    {
        var config = ModerationConfig.Default;
        var threshold = config.ThresholdFor(category);

        var above = ScoreVerdict.Evaluate(Only(category, threshold + 0.01), config);
        var below = ScoreVerdict.Evaluate(Only(category, threshold - 0.01), config);

        Assert.Equal(ScoreOutcome.Flagged, above.Outcome);
        Assert.Equal(category, above.Category);
        Assert.Equal(config.SeverityFor(category), above.Severity);
        Assert.NotEqual(ScoreOutcome.Flagged, below.Outcome);
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void Every_category_reaches_stage_2_through_the_SDK_and_its_threshold(string category)
    {
        var config = ModerationConfig.Default;
        var scores = ModerationCategories.ScoresOf(SdkResult(new Dictionary<string, double> { [category] = Math.Min(1, config.ThresholdFor(category) + 0.02) }));

        var verdict = ScoreVerdict.Evaluate(scores, config);

        Assert.Equal(ScoreOutcome.Flagged, verdict.Outcome);
        Assert.Equal(category, verdict.Category);
    }

    [Theory]
    [InlineData(0.29, ScoreOutcome.Clean)]
    [InlineData(0.30, ScoreOutcome.Ambiguous)]
    [InlineData(0.65, ScoreOutcome.Ambiguous)]
    [InlineData(0.71, ScoreOutcome.Flagged)]
    public void Below_point_3_is_clean_and_between_it_and_the_threshold_is_ambiguous(double hate, ScoreOutcome expected)
    {
        Assert.Equal(expected, ScoreVerdict.Evaluate(Only("hate", hate), ModerationConfig.Default).Outcome);
    }

    [Fact]
    public void The_most_severe_flag_decides_when_several_fire()
    {
        var scores = new Dictionary<string, double>(Only("violence", 0.95)) { ["sexual/minors"] = 0.25 };

        var verdict = ScoreVerdict.Evaluate(scores, ModerationConfig.Default);

        Assert.Equal("sexual/minors", verdict.Category);
        Assert.Equal(4, verdict.Severity);
    }

    [Theory]
    [InlineData("self_harm")]
    [InlineData("sexual-minors")]
    [InlineData("SelfHarm")]
    [InlineData("harassment_threatening")]
    public void A_threshold_under_a_name_the_API_does_not_use_is_refused(string misspelt)
    {
        var config = ModerationConfig.Default with { Thresholds = new Dictionary<string, double> { [misspelt] = 0.5 } };

        var errors = ModerationConfigValidator.Validate(config);

        Assert.Contains("thresholds", errors.Keys);
    }

    [Fact]
    public void The_seed_configuration_is_valid_and_maps_severities_to_the_issues_actions()
    {
        var config = ModerationConfig.Default;

        Assert.Empty(ModerationConfigValidator.Validate(config));
        Assert.Equal(ModerationAction.None, config.ActionFor(0));
        Assert.Equal(ModerationAction.Warn, config.ActionFor(1));
        Assert.Equal(ModerationAction.Delete, config.ActionFor(2));
        Assert.Equal(ModerationAction.DeleteAndTimeout, config.ActionFor(3));
        Assert.Equal(ModerationAction.Ban, config.ActionFor(4));
    }

    private static Dictionary<string, double> Only(string category, double score) =>
        ApiCategories.ToDictionary(c => c, c => c == category ? score : 0.0001);

    /// <summary>A result as the SDK reads it from the API's JSON.</summary>
    internal static ModerationResult SdkResult(IReadOnlyDictionary<string, double> scores)
    {
        var categories = new JsonObject();
        var categoryScores = new JsonObject();
        var applied = new JsonObject();
        foreach (var category in ApiCategories)
        {
            var score = scores.TryGetValue(category, out var s) ? s : 0.0001;
            categories[category] = score >= 0.5;
            categoryScores[category] = score;
            applied[category] = new JsonArray("text");
        }

        var json = new JsonObject
        {
            ["flagged"] = scores.Values.Any(s => s >= 0.5),
            ["categories"] = categories,
            ["category_scores"] = categoryScores,
            ["category_applied_input_types"] = applied,
        };
        return ModelReaderWriter.Read<ModerationResult>(BinaryData.FromString(json.ToJsonString()))!;
    }
}
