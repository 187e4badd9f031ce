using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cortex.AppHost.Integrations;
using Cortex.Tests.Defense;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Input;

/// <summary>
/// <c>PUT /api/moderation/guilds/{id}/config</c> replaces the whole configuration: a body that leaves
/// out a member (<c>{}</c>, <c>{"enabled":false}</c>, a config without <c>thresholds</c> or without
/// one of its rules) is a 400 naming that member, and the stored configuration does not change.
/// Sent to the running ai service from outside, as an operator would.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ModerationConfigRequiredTests(CortexAppFixture fixture)
{
    [Fact]
    public async Task A_configuration_with_a_member_left_out_is_refused_naming_it_and_nothing_is_stored()
    {
        var targets = new FuzzTargets(fixture, await fixture.ParameterAsync(DefenseSecrets.VoteWebhookSecretParameter));
        using var ai = targets.Client("ai");
        var url = $"/api/moderation/guilds/{targets.ModerationGuild}/config";
        var full = (await ai.GetFromJsonAsync<JsonObject>(url))!;
        full["timeout_seconds"] = 321;
        using (var stored = await PutAsync(ai, url, full.ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.NoContent, stored.StatusCode);
        }

        var before = await ai.GetStringAsync(url);
        var cases = new List<(string Body, string Field)>
        {
            ("{}", "$.enabled"),
            ("{\"enabled\":false}", "$.clean_below"),
            (Without(full, "thresholds"), "$.thresholds"),
            (Without(full, "severity_actions"), "$.severity_actions"),
            (Without(full, "warn_escalation"), "$.warn_escalation"),
            (Without(full, "rules"), "$.rules"),
            (Without(full, "exempt_role_ids"), "$.exempt_role_ids"),
            (WithoutRule(full, "block_invites"), "$.rules.block_invites"),
        };
        foreach (var (body, field) in cases)
        {
            using var refused = await PutAsync(ai, url, body);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{body[..Math.Min(60, body.Length)]}: {(int)refused.StatusCode} {problem}");
            Assert.Null(FuzzRunner.ProblemShape(refused, problem));
            var errors = JsonNode.Parse(problem)!["errors"]!.AsObject();
            Assert.True(errors.Any(e => e.Key.Split(", ").Contains(field) || e.Key.StartsWith(field + ",", StringComparison.Ordinal) || e.Key == field), $"{field} not named: {problem}");
        }

        Assert.Equal(before, await ai.GetStringAsync(url));
    }

    private static string Without(JsonObject config, string member)
    {
        var copy = config.DeepClone().AsObject();
        Assert.True(copy.Remove(member), member);
        return copy.ToJsonString();
    }

    private static string WithoutRule(JsonObject config, string rule)
    {
        var copy = config.DeepClone().AsObject();
        Assert.True(copy["rules"]!.AsObject().Remove(rule), rule);
        return copy.ToJsonString();
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string url, string body) =>
        http.PutAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
}
