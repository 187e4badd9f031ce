using System.ComponentModel.DataAnnotations;

namespace Cortex.Ai.Llm;

/// <summary>
/// Where the model lives and how hard to try. <c>OpenAI:Endpoint</c> is the emulator's
/// <c>/v1</c> when the AppHost has no real key; empty means api.openai.com.
/// </summary>
public sealed class OpenAiOptions
{
    public const string Section = "OpenAI";

    [Required(ErrorMessage = "OpenAI:ApiKey is required (the AppHost passes the emulator's key when no real key is set).")]
    public string ApiKey { get; set; } = "";

    public Uri? Endpoint { get; set; }

    public string ModerationModel { get; set; } = "omni-moderation-latest";

    /// <summary>One HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The whole call, retries and their waits included; an interaction's follow-up window is far longer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>A longer Retry-After than this is not waited out: the user hears "try later" now.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The circuit opens when this share of calls failed within the sampling window...</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...among at least this many calls...</summary>
    [Range(2, 1_000)]
    public int BreakerMinimumThroughput { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>...and stays open this long before one trial call is let through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
