using Microsoft.AspNetCore.Http;

namespace Cortex.ServiceDefaults.RateLimiting;

/// <summary>
/// Endpoint metadata naming the Redis read the endpoint makes first (a cached balance, a cache generation).
/// <see cref="RateLimitMiddleware"/> starts it right after the limiter's script and before awaiting either, so
/// StackExchange.Redis has both on the wire at once: one round trip instead of two in a row. It starts only for a
/// caller the surface, the API key and the route's scope will let through (<see cref="Surfaces.RequestAdmission"/>,
/// decided before the limiter's script goes out), so an anonymous or refused caller costs no read; it starts before
/// the limit is decided, so it must only read (no write, no lock): a rate-limited request's read is never looked at.
/// Its task must not fault: a Redis failure is its result, handled by the endpoint.
/// </summary>
public abstract class ReadAlongsideRateLimit
{
    internal abstract void Start(HttpContext context);
}

/// <summary>A read whose result is a <typeparamref name="T"/>; the endpoint takes it with <see cref="Take"/>.</summary>
public sealed class ReadAlongsideRateLimit<T>(Func<HttpContext, Task<T>?> start) : ReadAlongsideRateLimit
{
    internal override void Start(HttpContext context)
    {
        if (start(context) is { } read)
        {
            context.Features.Set(new Started(read));
        }
    }

    /// <summary>The read started for this request, or null when none was (the route is not limited, or the start declined).</summary>
    public Task<T>? Take(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<Started>()?.Read;
    }

    private sealed record Started(Task<T> Read);
}
