namespace Cortex.Discord.Rest;

/// <summary>
/// Discord's global limit for one bot token: requests per second across all routes. A request takes
/// a slot before it is sent and stamps it again when its response arrives: Discord counts a request
/// when it reaches Discord, somewhere between the two, so the later time keeps the window safe
/// whatever the network's jitter.
/// </summary>
public interface IGlobalRateLimiter
{
    /// <summary>Waits until one more request fits in the global limit, and takes a slot for it.</summary>
    ValueTask<GlobalSlot> AcquireAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The request of <paramref name="slot"/> has its response: the slot counts from now. Never fails for the limiter's own
    /// store: the request is sent, and failing it would have its caller send it again.
    /// </summary>
    ValueTask CompleteAsync(GlobalSlot slot, CancellationToken cancellationToken);

    /// <summary>A global 429: no request on this token until <paramref name="retryAfter"/> has passed.</summary>
    ValueTask BlockAsync(TimeSpan retryAfter, CancellationToken cancellationToken);
}

/// <summary>One request's place in the global window.</summary>
public readonly record struct GlobalSlot(string Id);
