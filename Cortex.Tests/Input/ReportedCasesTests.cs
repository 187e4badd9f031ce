using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.AppHost.Integrations;
using Cortex.Tests.Defense;
using Cortex.Tests.Hosting;
using Xunit.Abstractions;

namespace Cortex.Tests.Input;

/// <summary>
/// The exact requests issue 20 reported (500s, silent reinterpretations, HTML and empty errors),
/// each with the answer the input contract requires, through the same checks as the fuzz suite.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ReportedCasesTests(CortexAppFixture fixture, ITestOutputHelper output)
{
    private const string Json = "application/json";

    [Fact]
    public async Task The_reported_requests_get_a_clean_4xx_and_change_nothing()
    {
        var runner = new FuzzRunner(output);
        var targets = new FuzzTargets(fixture, await fixture.ParameterAsync(DefenseSecrets.VoteWebhookSecretParameter));
        using var economy = targets.Client("economy");
        using var ai = targets.Client("ai");
        using var gateway = targets.Client("gateway");
        await targets.SeedAsync(economy);
        var guild = targets.Guild;
        var payer = targets.Payer;

        var economyBefore = await targets.StateAsync("economy", economy);
        var bad = new List<(HttpClient Http, string Service, FuzzVariant Variant)>();
        void Invalid(HttpClient http, string service, string name, string method, string url, string? body = null, string? type = Json, IReadOnlyDictionary<string, string>? headers = null) =>
            bad.Add((http, service, new FuzzVariant(name, method, url, body, type, Expectation.Invalid, headers)));

        foreach (var id in new[] { "+7", "%207", "07" })
        {
            Invalid(economy, "economy", "daily " + id, "POST", $"/api/guilds/{guild}/users/{id}/daily");
            Invalid(economy, "economy", "admin add " + id, "POST", $"/api/guilds/{guild}/admin/users/{id}/add", $"{{\"adminId\":{payer},\"permissions\":\"32\",\"amount\":5}}");
            Invalid(gateway, "gateway", "respawn " + id, "POST", $"/shards/{id}/respawn");
        }

        Invalid(economy, "economy", "duplicate amount", "POST", $"/api/guilds/{guild}/transfers", $"{{\"fromUserId\":{payer},\"toUserId\":{targets.Payee},\"amount\":1,\"amount\":2}}");
        Invalid(economy, "economy", "numeric string", "POST", $"/api/guilds/{guild}/users/{payer}/deposit", "{\"amount\":\"5\"}");
        Invalid(economy, "economy", "other-case name", "POST", $"/api/guilds/{guild}/users/{payer}/deposit", "{\"Amount\":5}");
        foreach (var value in new[] { "9223372036854775808", "1e309", "[]" })
        {
            Invalid(economy, "economy", "amount " + value, "POST", $"/api/guilds/{guild}/users/{payer}/deposit", $"{{\"amount\":{value}}}");
        }

        // /verify, as a script would post it (no Accept: text/html): ProblemDetails, never a 500.
        Invalid(economy, "economy", "verify NUL", "POST", "/verify", "token=%00", "application/x-www-form-urlencoded");
        Invalid(economy, "economy", "verify boundary-less multipart", "POST", "/verify", "--x\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc\r\n--x--\r\n", "multipart/form-data");
        Invalid(economy, "economy", "verify malformed multipart", "POST", "/verify", "--x\r\nnot a header\r\n\r\n", "multipart/form-data; boundary=x");
        Invalid(economy, "economy", "verify forged", "POST", "/verify", "token=forged.link", "application/x-www-form-urlencoded");
        Invalid(economy, "economy", "verify JSON", "POST", "/verify", "{\"token\":\"x\"}");
        Invalid(economy, "economy", "verify GET forged", "GET", "/verify?token=forged", null, null);

        var config = (await ai.GetFromJsonAsync<JsonObject>($"/api/moderation/guilds/{targets.ModerationGuild}/config"))!;
        string With(string name, string json)
        {
            var copy = (JsonObject)config.DeepClone();
            copy[name] = JsonNode.Parse(json);
            return copy.ToJsonString();
        }

        var aiBefore = await targets.StateAsync("ai", ai);
        var put = $"/api/moderation/guilds/{targets.ModerationGuild}/config";
        Invalid(ai, "ai", "thresholds null", "PUT", put, With("thresholds", "null"));
        Invalid(ai, "ai", "rules null", "PUT", put, With("rules", "null"));
        Invalid(ai, "ai", "warn_escalation null", "PUT", put, With("warn_escalation", "null"));
        Invalid(ai, "ai", "thresholds {}", "PUT", put, With("thresholds", "{}"));
        Invalid(ai, "ai", "number as action", "PUT", put, With("severity_actions", "{\"0\":\"none\",\"1\":\"warn\",\"2\":\"delete\",\"3\":3,\"4\":\"ban\"}"));
        Invalid(ai, "ai", "10,000 exempt roles", "PUT", put, With("exempt_role_ids", "[" + string.Join(",", Enumerable.Range(1, 10_000)) + "]"));
        Invalid(ai, "ai", "duplicate enabled", "PUT", put, config.ToJsonString()[..^1] + ",\"enabled\":false}");
        Invalid(ai, "ai", "guild 2^63", "PUT", "/api/moderation/guilds/9223372036854775808/config", config.ToJsonString());
        Invalid(ai, "ai", "guild 2^63 GET", "GET", "/api/moderation/guilds/9223372036854775808/config", null, null);
        Invalid(ai, "ai", "bad guild id", "GET", "/api/moderation/guilds/abc/review", null, null);
        foreach (var limit in new[] { "-1", "0", "101" })
        {
            Invalid(ai, "ai", "review limit " + limit, "GET", $"/api/moderation/guilds/{targets.ModerationGuild}/review?limit={limit}", null, null);
        }

        Invalid(gateway, "gateway", "unsigned interaction", "POST", "/interactions", "{\"type\":1}");
        foreach (var (http, service, route) in new[] { (economy, "economy", $"/api/guilds/{guild}/transfers"), (ai, "ai", put), (gateway, "gateway", "/shards") })
        {
            Invalid(http, service, "unmatched route", "GET", "/no/such/route", null, null);
            Invalid(http, service, "method not allowed", "DELETE", route, null, null);
        }

        // A NUL in the path never reaches the app: Kestrel refuses the request line itself and a
        // connection middleware gives that refusal its ProblemDetails body (docs/input.md).
        using var emulator = targets.Client("emulator");
        foreach (var (http, service) in new[] { (economy, "economy"), (ai, "ai"), (gateway, "gateway"), (emulator, "emulator") })
        {
            using var nul = await http.GetAsync("/api/%00");
            var body = await nul.Content.ReadAsStringAsync();
            runner.Require(nul.StatusCode == System.Net.HttpStatusCode.BadRequest && FuzzRunner.ProblemShape(nul, body) is null, $"{service}: NUL in path: {(int)nul.StatusCode} {nul.Headers} {nul.Content.Headers} {body}");
        }

        foreach (var (http, service, variant) in bad)
        {
            await runner.SendAsync(http, service, variant);
        }

        runner.Require(economyBefore == await targets.StateAsync("economy", economy), "economy state changed");
        runner.Require(aiBefore == await targets.StateAsync("ai", ai), "moderation config changed");

        // A person's browser still gets a page, without details.
        using var page = new HttpRequestMessage(HttpMethod.Post, "/verify") { Content = new StringContent("token=%00", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        page.Headers.Accept.ParseAdd("text/html");
        using var html = await economy.SendAsync(page);
        var text = await html.Content.ReadAsStringAsync();
        runner.Require((int)html.StatusCode is >= 400 and < 500 && html.Content.Headers.ContentType?.MediaType == "text/html", $"/verify for a browser: {(int)html.StatusCode} {html.Content.Headers.ContentType}");
        runner.Require(!FuzzRunner.Leaks(text).Any(), "/verify page leaks");

        runner.Report();
        Assert.True(runner.Failures.Count == 0, string.Join("\n", runner.Failures));
    }
}
