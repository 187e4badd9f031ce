using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Tests.Economy;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Security;

/// <summary>
/// Issue 14's third attack: the moderation API. Approving, overturning (an unban) and replacing a guild's
/// configuration (switching moderation off, exempting a role) are refused from every surface without the
/// operator key, and the configuration and audit log read the same afterwards.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ModerationAttackTests(CortexAppFixture fixture)
{
    private readonly long _guild = TestIds.NewGuild();

    [Fact]
    public async Task Decisions_and_configuration_changes_without_the_operator_key_are_refused_and_change_nothing()
    {
        using var moderator = fixture.CreateInternalClient("ai");
        var basePath = $"/api/moderation/guilds/{_guild}";
        var configBefore = await moderator.GetFromJsonAsync<JsonObject>($"{basePath}/config");
        var auditBefore = await moderator.GetStringAsync($"{basePath}/audit");
        var disabled = configBefore!.DeepClone().AsObject();
        disabled["enabled"] = false;
        disabled["exempt_role_ids"] = new JsonArray(JsonValue.Create(123456789012345678UL));

        var attacks = new (HttpMethod Method, string Path, object Body)[]
        {
            (HttpMethod.Post, $"{basePath}/review/1/approve", new { moderator_id = "1" }),
            (HttpMethod.Post, $"{basePath}/review/1/overturn", new { moderator_id = "1" }),
            (HttpMethod.Put, $"{basePath}/config", disabled),
        };
        foreach (var (surface, client) in AttackSurfaces.Of(fixture, "ai"))
        {
            using (client)
            {
                foreach (var (method, path, body) in attacks)
                {
                    using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) }.FromNewClient());
                    AttackSurfaces.AssertRefused(response, $"{method} {path} ({surface})");
                }
            }
        }

        var configAfter = await moderator.GetFromJsonAsync<JsonObject>($"{basePath}/config");
        Assert.True(JsonNode.DeepEquals(configBefore, configAfter), $"the configuration changed: {configAfter}");
        Assert.Equal(auditBefore, await moderator.GetStringAsync($"{basePath}/audit"));

        // The same change with the key is stored: the attack would have worked, had it been let through.
        using var stored = await moderator.PutAsJsonAsync($"{basePath}/config", disabled);
        Assert.Equal(HttpStatusCode.NoContent, stored.StatusCode);
        Assert.False((await moderator.GetFromJsonAsync<JsonObject>($"{basePath}/config"))!["enabled"]!.GetValue<bool>());
    }
}
