using Cortex.ServiceDefaults.Authentication;
using Cortex.ServiceDefaults.RateLimiting;

namespace Cortex.Tests.Security;

/// <summary>One route of a service as an attacker would call it, with the scope it needs (null: public).</summary>
public sealed record CortexRoute(string Service, string Method, string Path, string? Scope)
{
    public bool IsPublic => Scope is null;

    public HttpRequestMessage Request(string? body = "{}")
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Method is "POST" or "PUT" && body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    public override string ToString() => $"{Service} {Method} {Path}";
}

public static class AttackRequests
{
    /// <summary>
    /// Sends the request as from an address of its own (<c>CF-Connecting-IP</c>, believed from the local proxy),
    /// so an attack of many requests meets the authentication, not the rate limit.
    /// </summary>
    public static HttpRequestMessage FromNewClient(this HttpRequestMessage request)
    {
        request.Headers.Add(ClientIpResolver.ClientIpHeader, Economy.EconomyApiClient.RandomAddress().ToString());
        return request;
    }
}

/// <summary>Every route the gateway, economy and AI serve, as <c>docs/security.md</c> lists them.</summary>
public static class CortexRoutes
{
    public const long Guild = 424242;
    public const long Victim = 2;

    public static readonly IReadOnlyList<CortexRoute> All =
    [
        new("gateway", "POST", "/interactions", null),
        new("gateway", "GET", "/shards", CortexScopes.ShardsOperate),
        new("gateway", "POST", "/shards/respawn", CortexScopes.ShardsOperate),
        new("gateway", "POST", "/shards/0/respawn", CortexScopes.ShardsOperate),

        new("economy", "POST", "/webhook/votes", null),
        new("economy", "GET", "/verify?token=forged", null),
        new("economy", "POST", "/verify", null),
        new("economy", "GET", $"/api/guilds/{Guild}/users/{Victim}/balance", CortexScopes.EconomyRead),
        new("economy", "GET", $"/api/guilds/{Guild}/users/{Victim}/history", CortexScopes.EconomyRead),
        new("economy", "GET", $"/api/guilds/{Guild}/users/{Victim}/rank", CortexScopes.EconomyRead),
        new("economy", "GET", $"/api/guilds/{Guild}/leaderboard", CortexScopes.EconomyRead),
        new("economy", "GET", "/openapi/v1.json", CortexScopes.EconomyRead),
        new("economy", "POST", $"/api/guilds/{Guild}/transfers", CortexScopes.EconomyWrite),
        new("economy", "POST", $"/api/guilds/{Guild}/users/{Victim}/daily", CortexScopes.EconomyWrite),
        new("economy", "POST", $"/api/guilds/{Guild}/users/{Victim}/work", CortexScopes.EconomyWrite),
        new("economy", "POST", $"/api/guilds/{Guild}/users/{Victim}/deposit", CortexScopes.EconomyWrite),
        new("economy", "POST", $"/api/guilds/{Guild}/users/{Victim}/withdraw", CortexScopes.EconomyWrite),
        new("economy", "POST", $"/api/guilds/{Guild}/admin/users/{Victim}/add", CortexScopes.EconomyWrite),
        new("economy", "POST", $"/api/guilds/{Guild}/admin/users/{Victim}/remove", CortexScopes.EconomyWrite),
        new("economy", "POST", $"/api/guilds/{Guild}/admin/users/{Victim}/reset", CortexScopes.EconomyWrite),

        new("ai", "GET", $"/api/moderation/guilds/{Guild}/review", CortexScopes.ModerationReview),
        new("ai", "POST", $"/api/moderation/guilds/{Guild}/review/1/approve", CortexScopes.ModerationReview),
        new("ai", "POST", $"/api/moderation/guilds/{Guild}/review/1/overturn", CortexScopes.ModerationReview),
        new("ai", "GET", $"/api/moderation/guilds/{Guild}/cases/1", CortexScopes.ModerationReview),
        new("ai", "GET", $"/api/moderation/guilds/{Guild}/audit", CortexScopes.ModerationReview),
        new("ai", "GET", $"/api/moderation/guilds/{Guild}/config", CortexScopes.ModerationReview),
        new("ai", "PUT", $"/api/moderation/guilds/{Guild}/config", CortexScopes.ModerationConfigure),

        .. Every("GET", "/health", null),
        .. Every("GET", "/alive", null),
        .. Every("GET", "/metrics", CortexScopes.MetricsRead),
    ];

    public static IEnumerable<CortexRoute> Of(string service) => All.Where(route => route.Service == service);

    private static IEnumerable<CortexRoute> Every(string method, string path, string? scope) =>
        new[] { "gateway", "economy", "ai" }.Select(service => new CortexRoute(service, method, path, scope));
}
