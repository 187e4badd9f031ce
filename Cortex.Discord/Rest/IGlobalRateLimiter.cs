namespace Cortex.Discord.Rest;

/// <summary>Discord's global limit for one bot token: requests per second across all routes.</summary>
public interface IGlobalRateLimiter
{
    /// <summary>Waits until one more request fits in the global limit, and takes it.</summary>
    ValueTask AcquireAsync(CancellationToken cancellationToken);

    /// <summary>A global 429: no request on this token until <paramref name="retryAfter"/> has passed.</summary>
    ValueTask BlockAsync(TimeSpan retryAfter, CancellationToken cancellationToken);
}
