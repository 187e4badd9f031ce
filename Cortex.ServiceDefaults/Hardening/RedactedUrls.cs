using System.Diagnostics;

namespace Cortex.ServiceDefaults.Hardening;

/// <summary>
/// Client spans for requests whose URL carries a credential. Discord's interaction token travels in
/// the path (<c>interactions/{id}/{token}/callback</c>); the REST client names a redacted URL for each
/// request under <see cref="OptionName"/> (<c>DiscordRoute.RedactedUrlOption</c>), and the HttpClient
/// instrumentation's enrich callbacks put it in <c>url.full</c> in place of the real one, at start and
/// again at stop, so no exported span carries the token.
/// </summary>
public static class RedactedUrls
{
    public const string OptionName = "Cortex.RedactedUrl";

    private static readonly HttpRequestOptionsKey<string> Option = new(OptionName);

    public static void EnrichRequest(Activity activity, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (request is not null && request.Options.TryGetValue(Option, out var url))
        {
            activity.SetTag("url.full", url);
            activity.DisplayName = request.Method.Method;
        }
    }

    public static void EnrichResponse(Activity activity, HttpResponseMessage response) =>
        EnrichRequest(activity, response?.RequestMessage!);
}
