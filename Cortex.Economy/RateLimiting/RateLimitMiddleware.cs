using System.Globalization;
using Cortex.Economy.Api;
using Cortex.Economy.Caching;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.RateLimiting;

/// <summary>
/// Applies the route's limit before anything else runs. Every answer under a limited route carries
/// <c>X-RateLimit-Limit</c> and <c>X-RateLimit-Remaining</c>; a refusal is 429 with
/// <c>Retry-After</c> (seconds) and a ProblemDetails body.
/// </summary>
public sealed partial class RateLimitMiddleware(
    RequestDelegate next,
    SlidingWindowLimiter limiter,
    ClientIpResolver clientIp,
    IOptions<RateLimitingOptions> options,
    ILogger<RateLimitMiddleware> logger)
{
    public const string RemainingHeader = "X-RateLimit-Remaining";
    public const string LimitHeader = "X-RateLimit-Limit";

    // Longest prefix first, so /api/verify-like overrides win over /api.
    private readonly KeyValuePair<string, RateLimitPolicy>[] _routes =
        [.. options.Value.Routes.OrderByDescending(route => route.Key.Length)];

    public async Task InvokeAsync(HttpContext context)
    {
        var match = Array.FindIndex(_routes, route => context.Request.Path.StartsWithSegments(route.Key, StringComparison.OrdinalIgnoreCase));
        if (match < 0)
        {
            await next(context);
            return;
        }

        var (route, policy) = _routes[match];
        RateLimitDecision decision;
        try
        {
            decision = await limiter.AcquireAsync(route, clientIp.Resolve(context).ToString(), policy);
        }
        catch (Exception e) when (BalanceCache.IsRedisFailure(e))
        {
            LogRedisDown(logger, route, policy.WhenRedisDown);
            if (policy.WhenRedisDown == WhenRedisDown.Allow)
            {
                await next(context);
                return;
            }

            context.Response.Headers.RetryAfter = "5";
            await Microsoft.AspNetCore.Http.Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Rate limiter unavailable",
                detail: "This route is refused while its rate limiter cannot be checked.",
                type: Problems.TypeBase + "rate-limiter-unavailable").ExecuteAsync(context);
            return;
        }

        context.Response.Headers[LimitHeader] = policy.Limit.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers[RemainingHeader] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        context.Response.Headers.RetryAfter = SlidingWindowLimiter.FormatSeconds(decision.RetryAfter);
        await Microsoft.AspNetCore.Http.Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"{policy.Limit} requests per {policy.Window.TotalSeconds:0} s on {route}; retry after {SlidingWindowLimiter.FormatSeconds(decision.RetryAfter)} s.",
            type: Problems.TypeBase + "rate-limited").ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limiter for {Route} cannot reach Redis; policy: {Policy}")]
    private static partial void LogRedisDown(ILogger logger, string route, WhenRedisDown policy);
}
