using System.Globalization;
using Cortex.Ai.Moderation.Scoring;

namespace Cortex.Ai.Moderation.Config;

/// <summary>
/// Refuses a configuration that could never work as written (a misspelt category is the classic),
/// or that is out of bounds. Null-safe: a body that left a member null (a JSON <c>null</c> in a list,
/// a reflection-built object) gets an error naming that member, never a NullReferenceException.
/// </summary>
public static class ModerationConfigValidator
{
    /// <summary>Discord caps a guild at 250 roles and 500 channels.</summary>
    public const int MaxExemptRoles = 250;

    public const int MaxExemptChannels = 500;

    public const int MaxEscalationSteps = 10;

    public static IReadOnlyDictionary<string, string[]> Validate(ModerationConfig? config)
    {
        var errors = new ValidationErrors();
        if (config is null)
        {
            errors.Add("$", "a configuration object is required");
            return errors.ToDictionary();
        }

        if (config.CleanBelow is < 0 or > 1 || double.IsNaN(config.CleanBelow))
        {
            errors.Add("clean_below", "must be between 0 and 1");
        }

        ValidateThresholds(config, errors);
        ValidateSeverities(config, errors);
        if (config.TimeoutSeconds < 1 || TimeSpan.FromSeconds(config.TimeoutSeconds) > TimeSpan.FromDays(28))
        {
            errors.Add("timeout_seconds", "must be from 1 second to 28 days (Discord's limit)");
        }

        ValidateEscalation(config.WarnEscalation, errors);
        ValidateIds("exempt_role_ids", config.ExemptRoleIds, MaxExemptRoles, errors);
        ValidateIds("exempt_channel_ids", config.ExemptChannelIds, MaxExemptChannels, errors);
        if (config.LogChannelId is { } log && !Snowflakes.IsValid(log))
        {
            errors.Add("log_channel_id", Snowflakes.Rule);
        }

        RuleSetValidator.Validate(config.Rules, errors);
        return errors.ToDictionary();
    }

    private static void ValidateThresholds(ModerationConfig config, ValidationErrors errors)
    {
        if (config.Thresholds is null || config.Thresholds.Count == 0)
        {
            errors.Add("thresholds", $"must name at least one category (categories left out act above {ModerationCategories.OtherThreshold:0.00})");
            return;
        }

        foreach (var (category, threshold) in config.Thresholds)
        {
            if (!ModerationCategories.All.Contains(category))
            {
                errors.Add("thresholds", $"'{category}' is not a moderation category (expected one of {string.Join(", ", ModerationCategories.All)})");
            }
            else if (threshold is < 0 or > 1 || double.IsNaN(threshold))
            {
                errors.Add("thresholds", $"'{category}' must be between 0 and 1");
            }
        }
    }

    private static void ValidateSeverities(ModerationConfig config, ValidationErrors errors)
    {
        foreach (var (category, severity) in config.CategorySeverity ?? new Dictionary<string, int>())
        {
            if (!ModerationCategories.All.Contains(category))
            {
                errors.Add("category_severity", $"'{category}' is not a moderation category");
            }
            else if (severity is < 0 or > 4)
            {
                errors.Add("category_severity", $"'{category}' must be a severity from 0 to 4");
            }
        }

        if (config.CategorySeverity is null)
        {
            errors.Add("category_severity", "must be an object (empty for every category at the default severity)");
        }

        if (config.DefaultCategorySeverity is < 0 or > 4)
        {
            errors.Add("default_category_severity", "must be from 0 to 4");
        }

        if (config.SeverityActions is null)
        {
            errors.Add("severity_actions", "must map severities \"0\" to \"4\" to actions");
            return;
        }

        foreach (var (key, action) in config.SeverityActions)
        {
            if (key.Length != 1 || !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var severity) || severity > 4)
            {
                errors.Add("severity_actions", $"'{key}' is not a severity from \"0\" to \"4\"");
            }
            else if (!Enum.IsDefined(action))
            {
                errors.Add("severity_actions", $"'{key}' has no valid action");
            }
        }
    }

    private static void ValidateEscalation(IReadOnlyList<WarnEscalation>? steps, ValidationErrors errors)
    {
        if (steps is null || steps.Count > MaxEscalationSteps)
        {
            errors.Add("warn_escalation", $"must be a list of at most {MaxEscalationSteps} steps");
            return;
        }

        foreach (var step in steps)
        {
            if (step is null)
            {
                errors.Add("warn_escalation", "a step must be an object, not null");
                continue;
            }

            if (step.Warnings < 1)
            {
                errors.Add("warn_escalation", "warnings must be at least 1");
            }

            if (step.Action is not (ModerationAction.Timeout or ModerationAction.Ban))
            {
                errors.Add("warn_escalation", "an escalation's action is timeout or ban");
            }
        }
    }

    private static void ValidateIds(string field, IReadOnlyList<ulong>? ids, int max, ValidationErrors errors)
    {
        if (ids is null || ids.Count > max)
        {
            errors.Add(field, $"must be a list of at most {max} ids");
        }
        else if (ids.Any(id => !Snowflakes.IsValid(id)))
        {
            errors.Add(field, "every id " + Snowflakes.Rule);
        }
    }
}
