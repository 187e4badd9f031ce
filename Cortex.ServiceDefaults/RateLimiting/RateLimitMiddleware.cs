using System.Globalization;
using Cortex.ServiceDefaults.Redis;
using Cortex.ServiceDefaults.Surfaces;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.ServiceDefaults.RateLimiting;

/// <summary>
/// Applies the route's limit before the endpoint runs. Every answer under a limited route carries
/// <c>X-RateLimit-Limit</c> and <c>X-RateLimit-Remaining</c>; a refusal is 429 with
/// <c>Retry-After</c> (seconds) and a ProblemDetails body.
/// </summary>
public sealed partial class RateLimitMiddleware(
    RequestDelegate next,
    SlidingWindowLimiter limiter,
    ClientIpResolver clientIp,
    IOptions<RateLimitingOptions> options,
    ILogger<RateLimitMiddleware> logger,
    IServiceProvider services)
{
    public const string RemainingHeader = "X-RateLimit-Remaining";
    public const string LimitHeader = "X-RateLimit-Limit";
    public const string ProblemTypeBase = "https://cortex.dev/problems/";

    // Longest prefix first, so /api/verify-like overrides win over /api, and "/" comes last.
    private readonly KeyValuePair<string, RateLimitPolicy>[] _routes =
        [.. options.Value.Routes.OrderByDescending(route => route.Key.Length)];

    private readonly string[] _exempt = [.. options.Value.ExemptPaths];

    // Registered with the surfaces; a service without them has no API key to check first.
    private readonly RequestAdmission? _admission = services.GetService<RequestAdmission>();

    public async Task InvokeAsync(HttpContext context)
    {
        var match = IsExempt(context) ? -1 : RouteOf(context.Request.Path);
        if (match < 0)
        {
            await next(context);
            return;
        }

        var (route, policy) = _routes[match];
        var readAlongside = await ReadAlongsideAsync(context);
        RateLimitDecision decision;
        try
        {
            var acquiring = limiter.AcquireAsync(route, clientIp.Resolve(context).ToString(), policy);
            // The endpoint's first Redis read goes out with the limiter's script: one round trip for both.
            readAlongside?.Start(context);
            decision = await acquiring;
        }
        catch (Exception e) when (e.IsRedisFailure())
        {
            LogRedisDown(logger, route, policy.WhenRedisDown);
            if (policy.WhenRedisDown == WhenRedisDown.Allow)
            {
                await next(context);
                return;
            }

            context.Response.Headers.RetryAfter = "5";
            await Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Rate limiter unavailable",
                detail: "This route is refused while its rate limiter cannot be checked.",
                type: ProblemTypeBase + "rate-limiter-unavailable").ExecuteAsync(context);
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
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"{policy.Limit} requests per {policy.Window.TotalSeconds:0} s on {route}; retry after {SlidingWindowLimiter.FormatSeconds(decision.RetryAfter)} s.",
            type: ProblemTypeBase + "rate-limited").ExecuteAsync(context);
    }

    /// <summary>
    /// The endpoint's read to start with the limiter's script, if it names one and the caller will get past the surface, the
    /// API key and the route's scope: an anonymous or refused caller costs the limiter's script and no read. A service
    /// without surfaces has no key to check.
    /// </summary>
    private async ValueTask<ReadAlongsideRateLimit?> ReadAlongsideAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<ReadAlongsideRateLimit>() is not { } read)
        {
            return null;
        }

        return _admission is null || await _admission.AdmitsAsync(context, endpoint) ? read : null;
    }

    private bool IsExempt(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
        {
            return true;
        }

        foreach (var prefix in _exempt)
        {
            if (context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private int RouteOf(PathString path)
    {
        for (var i = 0; i < _routes.Length; i++)
        {
            if (Matches(path, _routes[i].Key))
            {
                return i;
            }
        }

        return -1;
    }

    // "/" matches every path; any other prefix matches itself and what lies below it.
    private static bool Matches(PathString path, string prefix) =>
        prefix == "/" || path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limiter for {Route} cannot reach Redis; policy: {Policy}")]
    private static partial void LogRedisDown(ILogger logger, string route, WhenRedisDown policy);
}
