using System.Globalization;
using Cortex.Ai.Budgets;

namespace Cortex.Ai.Chat;

/// <summary>What users read when Cortex will not or cannot answer: what happened and when to try again.</summary>
public static class ChatNotices
{
    public const string EmptyAnswer = "I have no answer to that.";

    public static string RateLimited(RateLimitPolicy policy, TimeSpan retryAfter) =>
        $"You have used your {policy.MaxCalls} AI request{(policy.MaxCalls == 1 ? "" : "s")} per {Duration(policy.Window)}. Try again in {Duration(Ceiling(retryAfter))}.";

    public static string QuotaExhausted(long dailyTokens, TimeSpan resetsIn) =>
        $"This server has used its {dailyTokens.ToString("N0", CultureInfo.InvariantCulture)} AI tokens for today. The quota resets at 00:00 UTC, in {Duration(Ceiling(resetsIn))}.";

    public static string ModelUnavailable(TimeSpan? retryAfter) =>
        retryAfter is { } wait && wait > TimeSpan.Zero
            ? $"The AI model is unavailable right now. Try again in {Duration(Ceiling(wait))}."
            : "The AI model is unavailable right now. Try again in a minute.";

    private static TimeSpan Ceiling(TimeSpan value) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(value.TotalSeconds)));

    /// <summary>"45 s", "3 min 20 s", "5 h 12 min".</summary>
    public static string Duration(TimeSpan value)
    {
        if (value < TimeSpan.FromMinutes(1))
        {
            return $"{(int)value.TotalSeconds} s";
        }

        if (value < TimeSpan.FromHours(1))
        {
            return value.Seconds == 0 ? $"{(int)value.TotalMinutes} min" : $"{(int)value.TotalMinutes} min {value.Seconds} s";
        }

        return value.Minutes == 0 ? $"{(int)value.TotalHours} h" : $"{(int)value.TotalHours} h {value.Minutes} min";
    }
}
