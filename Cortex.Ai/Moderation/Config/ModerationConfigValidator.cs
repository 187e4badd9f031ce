using System.Globalization;
using System.Text.RegularExpressions;
using Cortex.Ai.Moderation.Rules;
using Cortex.Ai.Moderation.Scoring;

namespace Cortex.Ai.Moderation.Config;

/// <summary>Refuses a configuration that could never work as written (a misspelt category is the classic).</summary>
public static class ModerationConfigValidator
{
    public static IReadOnlyDictionary<string, string[]> Validate(ModerationConfig config)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string error)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(error);
        }

        if (config.CleanBelow is < 0 or > 1)
        {
            Add("clean_below", "must be between 0 and 1");
        }

        foreach (var (category, threshold) in config.Thresholds)
        {
            if (!ModerationCategories.All.Contains(category))
            {
                Add("thresholds", $"'{category}' is not a moderation category (expected one of {string.Join(", ", ModerationCategories.All)})");
            }
            else if (threshold is < 0 or > 1)
            {
                Add("thresholds", $"'{category}' must be between 0 and 1");
            }
        }

        foreach (var (category, severity) in config.CategorySeverity)
        {
            if (!ModerationCategories.All.Contains(category))
            {
                Add("category_severity", $"'{category}' is not a moderation category");
            }
            else if (severity is < 0 or > 4)
            {
                Add("category_severity", $"'{category}' must be a severity from 0 to 4");
            }
        }

        if (config.DefaultCategorySeverity is < 0 or > 4)
        {
            Add("default_category_severity", "must be from 0 to 4");
        }

        foreach (var key in config.SeverityActions.Keys)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var severity) || severity > 4)
            {
                Add("severity_actions", $"'{key}' is not a severity from 0 to 4");
            }
        }

        if (config.TimeoutSeconds < 1 || TimeSpan.FromSeconds(config.TimeoutSeconds) > TimeSpan.FromDays(28))
        {
            Add("timeout_seconds", "must be from 1 second to 28 days (Discord's limit)");
        }

        foreach (var step in config.WarnEscalation)
        {
            if (step.Warnings < 1)
            {
                Add("warn_escalation", "warnings must be at least 1");
            }

            if (step.Action is not (ModerationAction.Timeout or ModerationAction.Ban))
            {
                Add("warn_escalation", "an escalation's action is timeout or ban");
            }
        }

        ValidateRules(config.Rules, Add);
        return errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void ValidateRules(RuleSet rules, Action<string, string> add)
    {
        foreach (var severity in new[] { rules.BlockedTermSeverity, rules.InviteSeverity, rules.MassMentionSeverity })
        {
            if (severity is < 0 or > 4)
            {
                add("rules", "every rule severity is from 0 to 4");
            }
        }

        if (rules.MassMentionThreshold < 1)
        {
            add("rules.mass_mention_threshold", "must be at least 1");
        }

        foreach (var pattern in rules.Patterns)
        {
            if (pattern.Severity is < 0 or > 4)
            {
                add("rules.patterns", $"'{pattern.Name}': severity must be from 0 to 4");
            }

            try
            {
                _ = new Regex(pattern.Pattern, RegexOptions.None, CompiledRuleSet.PatternTimeout);
            }
            catch (ArgumentException e)
            {
                add("rules.patterns", $"'{pattern.Name}': {e.Message}");
            }
        }
    }
}
