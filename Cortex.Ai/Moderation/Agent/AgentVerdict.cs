using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Ai.Moderation.Agent;

/// <summary>The context agent's answer: <c>{"severity": 0-4, "category": "...", "reason": "..."}</c>.</summary>
public sealed record AgentVerdict(
    [property: JsonPropertyName("severity")] int Severity,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("reason")] string Reason)
{
    public const int MaxCategoryLength = 64;
    public const int MaxReasonLength = 500;

    /// <summary>
    /// Reads the model's text strictly: one JSON object, an integer severity from 0 to 4, a non-empty
    /// category and reason. Anything else is an error message, never an exception.
    /// </summary>
    public static (AgentVerdict? Verdict, string? Error) Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return (null, "not JSON: " + e.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, $"expected a JSON object, got {root.ValueKind}");
            }

            if (!root.TryGetProperty("severity", out var severity) || severity.ValueKind != JsonValueKind.Number
                || !severity.TryGetInt32(out var level) || level is < 0 or > 4)
            {
                return (null, "severity must be an integer from 0 to 4");
            }

            if (!root.TryGetProperty("category", out var category) || category.ValueKind != JsonValueKind.String
                || category.GetString() is not { Length: > 0 and <= MaxCategoryLength } categoryText || string.IsNullOrWhiteSpace(categoryText))
            {
                return (null, $"category must be a non-empty string of at most {MaxCategoryLength} characters");
            }

            if (!root.TryGetProperty("reason", out var reason) || reason.ValueKind != JsonValueKind.String
                || reason.GetString() is not { Length: > 0 } reasonText || string.IsNullOrWhiteSpace(reasonText))
            {
                return (null, "reason must be a non-empty string");
            }

            return (new AgentVerdict(level, categoryText.Trim(), reasonText.Length > MaxReasonLength ? reasonText[..MaxReasonLength] : reasonText.Trim()), null);
        }
    }
}
