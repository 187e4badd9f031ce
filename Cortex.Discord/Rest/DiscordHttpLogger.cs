using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace Cortex.Discord.Rest;

/// <summary>
/// The REST client's only HTTP logger, in place of the factory's default ones, which log the full
/// URL at Information and so every interaction token (<c>interactions/{id}/{token}/callback</c>,
/// <c>webhooks/{app}/{token}</c>). This one logs the route with the token left as its placeholder.
/// </summary>
internal sealed partial class DiscordHttpLogger(ILogger<DiscordHttpLogger> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        var route = Route(request);
        LogAnswered(logger, request.Method.Method, route, (int)response.StatusCode, elapsed.TotalMilliseconds);
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        var route = Route(request);
        LogFailed(logger, request.Method.Method, route, elapsed.TotalMilliseconds, exception);
    }

    // Never the request URI: a request without its route (none is sent that way) shows nothing of its path.
    private static string Route(HttpRequestMessage request) =>
        request.Options.TryGetValue(DiscordRoute.RequestOption, out var route) ? route.RedactedPath : "(unknown route)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord {Method} {Route} answered {Status} in {ElapsedMs} ms")]
    private static partial void LogAnswered(ILogger logger, string method, string route, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord {Method} {Route} failed after {ElapsedMs} ms")]
    private static partial void LogFailed(ILogger logger, string method, string route, double elapsedMs, Exception exception);
}
