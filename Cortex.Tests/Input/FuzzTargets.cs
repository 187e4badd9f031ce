using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.AppHost.Integrations;
using Cortex.Tests.Economy;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Input;

/// <summary>
/// What the fuzz suite aims at in each service: the HTTP client for its API, a valid call of each
/// operation, and the state a refused request must leave untouched.
/// </summary>
internal sealed class FuzzTargets(CortexAppFixture fixture, string voteSecret)
{
    public static readonly string[] Services = ["economy", "ai", "gateway"];

    private static readonly long Base = 880_000_000_000_000_000 + Random.Shared.NextInt64(1_000_000_000);

    public long Guild { get; } = Base;

    public long Payer { get; } = Base + 1;

    public long Payee { get; } = Base + 2;

    public long ModerationGuild { get; } = Base + 3;

    /// <summary>
    /// The client for a service's API: its internal endpoint with the operator key (so the suite
    /// reaches the handlers, not the 401 gate), or the public one, where the internet is.
    /// </summary>
    public HttpClient Client(string service, bool internalSurface = true)
    {
        var operatorSide = internalSurface && service != "emulator";
        var http = new HttpClient(new RandomClientAddressHandler())
        {
            BaseAddress = fixture.App.GetEndpoint(service, operatorSide ? ServiceSurfaces.InternalEndpoint : "http"),
            Timeout = TimeSpan.FromSeconds(20),
        };
        if (operatorSide)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.OperatorKey);
        }

        return http;
    }

    /// <summary>Gives the payer coins, so a valid transfer, deposit or withdrawal can succeed.</summary>
    public async Task SeedAsync(HttpClient economy)
    {
        using var request = EconomyApiClient.Post($"/api/guilds/{Guild}/admin/users/{Payer}/add", new { adminId = Payer, permissions = "32", amount = 1_000_000 });
        using var response = await economy.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async Task<ValidCall> ValidCallAsync(ApiOperation operation, HttpClient http)
    {
        var path = new Dictionary<string, string>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            path[parameter.Name] = parameter.Name switch
            {
                "guildId" => (operation.Service == "ai" ? ModerationGuild : Guild).ToString(CultureInfo.InvariantCulture),
                "userId" => Payer.ToString(CultureInfo.InvariantCulture),
                _ => parameter.Name.EndsWith("Id", StringComparison.Ordinal) && parameter.IsSnowflake ? "1" : parameter.Name == "shardId" ? "0" : "1",
            };
        }

        var headers = new Dictionary<string, string>();
        if (operation.Path.StartsWith("/webhook/", StringComparison.Ordinal))
        {
            headers["Authorization"] = voteSecret;
        }

        if (operation.Parameters.Any(p => p.Name == "Idempotency-Key"))
        {
            headers["Idempotency-Key"] = "fuzz-" + Guid.NewGuid().ToString("N");
        }

        JsonObject? body = null;
        if (operation.Body is not null)
        {
            body = operation.Path.EndsWith("/config", StringComparison.Ordinal)
                ? (await http.GetFromJsonAsync<JsonObject>(new ValidCall(path, new Dictionary<string, string>(), null, headers).Url(operation)))!
                : Synthesize(operation.Body);
        }

        return new ValidCall(path, new Dictionary<string, string>(), body, headers);
    }

    /// <summary>What must not change while only invalid requests arrive.</summary>
    public async Task<string> StateAsync(string service, HttpClient http) => service switch
    {
        "economy" => string.Join("|", await Task.WhenAll(
            http.GetStringAsync($"/api/guilds/{Guild}/users/{Payer}/balance"),
            http.GetStringAsync($"/api/guilds/{Guild}/users/{Payer}/history?limit=100"),
            http.GetStringAsync($"/api/guilds/{Guild}/users/{Payee}/history?limit=100"))),
        "ai" => string.Join("|", await Task.WhenAll(
            http.GetStringAsync($"/api/moderation/guilds/{ModerationGuild}/config"),
            http.GetStringAsync($"/api/moderation/guilds/{ModerationGuild}/review"))),
        _ => "",
    };

    private JsonObject Synthesize(JsonObject schema)
    {
        var body = new JsonObject();
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? new JsonObject())
        {
            body[name] = name switch
            {
                "fromUserId" or "adminId" => Payer,
                "toUserId" => Payee,
                "amount" => 1,
                "permissions" => "32",
                "id" => "fuzz-" + Guid.NewGuid().ToString("N"),
                "guild" => Guild.ToString(CultureInfo.InvariantCulture),
                "user" => Payer.ToString(CultureInfo.InvariantCulture),
                "type" => "upvote",
                "moderator_id" => "123",
                "note" => "fuzz",
                _ => property?["type"]?.ToString() switch
                {
                    "integer" or "number" => 1,
                    "boolean" => true,
                    "array" => new JsonArray(),
                    "object" => new JsonObject(),
                    _ => "x",
                },
            };
        }

        return body;
    }
}
