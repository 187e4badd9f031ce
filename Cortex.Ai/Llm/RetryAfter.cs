using System.ClientModel;
using System.Globalization;

namespace Cortex.Ai.Llm;

/// <summary>Reads how long the server asked us to wait, from <c>retry-after-ms</c> or <c>Retry-After</c>.</summary>
internal static class RetryAfter
{
    public static TimeSpan? From(Exception exception, TimeProvider time)
    {
        var response = (exception as ClientResultException)?.GetRawResponse();
        if (response is null)
        {
            return null;
        }

        // OpenAI sends retry-after-ms with sub-second precision; RFC 9110's Retry-After is seconds or a date.
        if (response.Headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? TimeSpan.FromTicks(Math.Max(0, (date - time.GetUtcNow()).Ticks))
            : null;
    }

    /// <summary>Rate limits and server faults are worth another try; a 400 or 401 never is.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ClientResultException { Status: 408 or 409 or 429 or >= 500 } => true,
        ClientResultException { Status: 0 } => true, // no response at all: connection refused, reset
        HttpRequestException or Polly.Timeout.TimeoutRejectedException => true,
        _ => false,
    };
}
