using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Ai.Moderation;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Http;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;
using Cortex.Tests.Hosting;
using Cortex.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cortex.Tests.Ai.Moderation;

/// <summary>The review queue, cases, audit log and configuration over HTTP, errors as ProblemDetails.</summary>
[Collection(CortexAppCollection.Name)]
public sealed class ModerationApiTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private ModerationHarness _h = null!;
    private WebApplication _api = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _h = await ModerationHarness.StartAsync(fixture, "modapi");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(_h.Get<ModerationReviews>());
        builder.Services.AddSingleton(_h.Get<CaseStore>());
        builder.Services.AddSingleton(_h.Get<AuditLog>());
        builder.Services.AddSingleton(_h.Get<ModerationConfigStore>());
        builder.Configuration.AddInMemoryCollection(TestApiKey.Settings());
        builder.AddCortexAuthentication();
        _api = builder.Build();
        _api.UseAuthentication();
        _api.UseAuthorization();
        _api.MapModerationApi();
        await _api.StartAsync();
        _http = _api.GetTestClient().Authorized();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
        await _h.DisposeAsync();
    }

    private ulong Guild => _h.World.GuildId.Value;

    [Fact]
    public async Task A_ban_is_listed_for_review_and_overturned_over_HTTP_which_unbans()
    {
        var user = _h.NewMember(Guild, "httpban");
        var message = _h.Post(_h.World.GeneralChannelId.Value, user, "idiot [[severity=4]]");
        await _h.Get<ModerationPipeline>().RunDeepStagesAsync(DeepStageJob.For(ModerationSubject.From(message)), CancellationToken.None);
        Assert.True(_h.Discord.IsBanned(Guild, user));

        var pending = await _http.GetFromJsonAsync<JsonElement>($"/api/moderation/guilds/{Guild}/review");
        var item = pending.EnumerateArray().Single(i => i.GetProperty("user_id").GetString() == user.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("ban", item.GetProperty("kind").GetString());
        var caseNumber = item.GetProperty("case_number").GetInt64();

        using var anonymous = await _http.PostAsJsonAsync($"/api/moderation/guilds/{Guild}/review/{caseNumber}/overturn", new { });
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.True(_h.Discord.IsBanned(Guild, user));

        using var overturned = await _http.PostAsJsonAsync($"/api/moderation/guilds/{Guild}/review/{caseNumber}/overturn", new { moderator_id = _h.World.GraceId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, overturned.StatusCode);
        Assert.Equal("overturned", (await overturned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.False(_h.Discord.IsBanned(Guild, user));

        using var again = await _http.PostAsJsonAsync($"/api/moderation/guilds/{Guild}/review/{caseNumber}/approve", new { moderator_id = 1 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var unknown = await _http.PostAsJsonAsync($"/api/moderation/guilds/{Guild}/review/987654/approve", new { moderator_id = 1 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        var audit = await _http.GetFromJsonAsync<JsonElement>($"/api/moderation/guilds/{Guild}/audit?limit=20");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("stage").GetString() == "review" && e.GetProperty("action").GetString() == "overturn"
            && e.GetProperty("case_number").GetInt64() == caseNumber);
        var @case = await _http.GetFromJsonAsync<JsonElement>($"/api/moderation/guilds/{Guild}/cases/{caseNumber}");
        Assert.Equal("ban", @case.GetProperty("action").GetString());
    }

    [Fact]
    public async Task Configuration_is_validated_then_stored_per_guild()
    {
        const ulong guild = 777_000_111;
        var config = ModerationConfig.Default with { TimeoutSeconds = 300, ExemptChannelIds = [42] };
        var json = JsonSerializer.Serialize(config, ModerationJson.Default.ModerationConfig);
        var misspelt = json.Replace("\"self-harm\":", "\"self_harm\":", StringComparison.Ordinal);

        using var refused = await _http.PutAsync($"/api/moderation/guilds/{guild}/config", new StringContent(misspelt, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("self_harm", problem.GetProperty("errors").GetProperty("thresholds")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(600, (await _http.GetFromJsonAsync<JsonElement>($"/api/moderation/guilds/{guild}/config")).GetProperty("timeout_seconds").GetInt32());

        using var garbage = await _http.PutAsync($"/api/moderation/guilds/{guild}/config", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);

        using var stored = await _http.PutAsync($"/api/moderation/guilds/{guild}/config", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, stored.StatusCode);
        var read = await _http.GetFromJsonAsync<JsonElement>($"/api/moderation/guilds/{guild}/config");
        Assert.Equal(300, read.GetProperty("timeout_seconds").GetInt32());
        Assert.Equal(42UL, read.GetProperty("exempt_channel_ids")[0].GetUInt64());
        Assert.Equal("delete_timeout", read.GetProperty("severity_actions").GetProperty("3").GetString());
    }
}
