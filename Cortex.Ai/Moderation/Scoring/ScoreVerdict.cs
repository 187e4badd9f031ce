using Cortex.Ai.Moderation.Config;

namespace Cortex.Ai.Moderation.Scoring;

public enum ScoreOutcome
{
    Clean,
    Ambiguous,
    Flagged,
}

/// <summary>Stage 2's reading of the scores: clean, ambiguous (for stage 3), or flagged with a severity.</summary>
/// <param name="Category">The category that decided: the flagged one, or the highest score.</param>
public sealed record ScoreVerdict(ScoreOutcome Outcome, string Category, double Score, int Severity, IReadOnlyDictionary<string, double> Scores)
{
    public static ScoreVerdict Evaluate(IReadOnlyDictionary<string, double> scores, ModerationConfig config)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(config);
        ScoreVerdict? flagged = null;
        var (topCategory, topScore) = ("", 0.0);
        foreach (var (category, score) in scores)
        {
            if (score > topScore)
            {
                (topCategory, topScore) = (category, score);
            }

            if (score > config.ThresholdFor(category))
            {
                var severity = config.SeverityFor(category);
                if (flagged is null || severity > flagged.Severity || (severity == flagged.Severity && score > flagged.Score))
                {
                    flagged = new ScoreVerdict(ScoreOutcome.Flagged, category, score, severity, scores);
                }
            }
        }

        if (flagged is not null)
        {
            return flagged;
        }

        return topScore < config.CleanBelow
            ? new ScoreVerdict(ScoreOutcome.Clean, topCategory, topScore, 0, scores)
            : new ScoreVerdict(ScoreOutcome.Ambiguous, topCategory, topScore, 0, scores);
    }
}
