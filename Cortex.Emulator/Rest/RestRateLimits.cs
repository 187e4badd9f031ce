using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cortex.Discord.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Rest;

/// <summary>A route's bucket: its name (several routes may share one), limit per window, and major route value.</summary>
public sealed record RestBucket(string Name, int Limit, string? MajorRouteValue)
{
    /// <summary>The opaque hash sent as <c>X-RateLimit-Bucket</c>.</summary>
    public string Hash { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Name)))[..32];
}

/// <summary>Marks routes that need <c>Authorization: Bot …</c> and count toward the global limit.</summary>
public sealed record BotAuthorization;

/// <summary>Test control: the next <see cref="Count"/> calls get a 429 of this scope.</summary>
public sealed record RestLimitOverride(string Scope, double RetryAfter, int Count = 1);

/// <summary>
/// Discord's rate limits, as the emulator enforces them: fixed windows per bucket and major
/// parameter, the global per-token limit per second, and 429s queued by tests.
/// </summary>
public sealed class RestRateLimits(IOptions<RestEmulatorOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Count, DateTimeOffset ResetAt)> _windows = new(StringComparer.Ordinal);
    private readonly Queue<RestLimitOverride> _overrides = new();
    private (int Count, DateTimeOffset ResetAt) _global;

    public void Queue(RestLimitOverride limit)
    {
        lock (_lock)
        {
            for (var i = 0; i < limit.Count; i++)
            {
                _overrides.Enqueue(limit);
            }
        }
    }

    /// <summary>Checks (and counts) one call; returns a 429 result, or null and sets the bucket headers.</summary>
    public IResult? Check(HttpContext http, RestBucket? bucket, bool global)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_overrides.TryDequeue(out var forced))
            {
                return TooMany(http, forced.Scope, TimeSpan.FromSeconds(forced.RetryAfter), bucket);
            }

            if (global)
            {
                if (now >= _global.ResetAt)
                {
                    _global = (0, now + TimeSpan.FromSeconds(1));
                }

                if (_global.Count >= options.Value.GlobalRequestsPerSecond)
                {
                    return TooMany(http, "global", _global.ResetAt - now, null);
                }

                _global.Count++;
            }

            if (bucket is null)
            {
                return null;
            }

            var key = bucket.Name + ":" + (bucket.MajorRouteValue is { } major ? http.Request.RouteValues[major] : "");
            if (!_windows.TryGetValue(key, out var window) || now >= window.ResetAt)
            {
                window = (0, now + TimeSpan.FromMilliseconds(options.Value.BucketWindowMilliseconds));
            }

            if (window.Count >= bucket.Limit)
            {
                SetBucketHeaders(http, bucket, 0, window.ResetAt, now);
                return TooMany(http, "user", window.ResetAt - now, null);
            }

            window.Count++;
            _windows[key] = window;
            SetBucketHeaders(http, bucket, bucket.Limit - window.Count, window.ResetAt, now);
            return null;
        }
    }

    private static void SetBucketHeaders(HttpContext http, RestBucket bucket, int remaining, DateTimeOffset resetAt, DateTimeOffset now)
    {
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = bucket.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (resetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = Seconds(resetAt - now);
        headers["X-RateLimit-Bucket"] = bucket.Hash;
    }

    private static JsonHttpResult<RateLimitBody> TooMany(HttpContext http, string scope, TimeSpan retryAfter, RestBucket? bucket)
    {
        var headers = http.Response.Headers;
        var isGlobal = scope == "global";
        if (bucket is not null && !isGlobal)
        {
            headers["X-RateLimit-Bucket"] = bucket.Hash;
            headers["X-RateLimit-Limit"] = bucket.Limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = "0";
            headers["X-RateLimit-Reset-After"] = Seconds(retryAfter);
        }

        headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Scope"] = scope;
        if (isGlobal)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        var body = new RateLimitBody
        {
            Message = "You are being rate limited.",
            RetryAfter = Math.Round(Math.Max(retryAfter.TotalSeconds, 0.001), 3),
            Global = isGlobal,
        };
        return TypedResults.Json(body, DiscordJsonContext.Default.RateLimitBody, statusCode: StatusCodes.Status429TooManyRequests);
    }

    // Rounded up to the millisecond: a client that waits exactly this long is never early.
    private static string Seconds(TimeSpan span) =>
        (Math.Ceiling(Math.Max(span.TotalMilliseconds, 0)) / 1000).ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>Every <c>/api/v10</c> call passes here first: bot token, then rate limits, then the handler; a <see cref="RestException"/> becomes Discord's error body.</summary>
public sealed class RestGate(IOptions<EmulatorOptions> emulator, RestRateLimits limits) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var metadata = http.GetEndpoint()?.Metadata;
        var needsBot = metadata?.GetMetadata<BotAuthorization>() is not null;
        if (needsBot && !HasBotToken(http.Request.Headers.Authorization.ToString()))
        {
            return new RestException(StatusCodes.Status401Unauthorized, 0, "401: Unauthorized").ToResult();
        }

        if (limits.Check(http, metadata?.GetMetadata<RestBucket>(), global: needsBot) is { } limited)
        {
            return limited;
        }

        try
        {
            return await next(context);
        }
        catch (RestException error)
        {
            return error.ToResult();
        }
    }

    private bool HasBotToken(string authorization) =>
        authorization.StartsWith("Bot ", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[4..]), Encoding.UTF8.GetBytes(emulator.Value.BotToken));
}
