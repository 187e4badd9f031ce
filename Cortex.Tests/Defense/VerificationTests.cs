using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cortex.AppHost.Integrations;
using Cortex.Economy.Verification;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Tests.Defense;

/// <summary>
/// The /verify page on the running economy, granting roles in the emulator: links signed with the
/// key the app generated, for a member and role of a guild this class creates.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class VerificationTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private string _key = "";
    private ulong _guild;
    private ulong _user;
    private ulong _role;

    public async Task InitializeAsync()
    {
        _key = await fixture.ParameterAsync(DefenseSecrets.VerifySigningKeyParameter);
        using var emulator = fixture.CreateHttpClient("emulator");
        // The bot owns this guild, so it may grant any of its roles.
        _guild = await CreateAsync(emulator, "/control/guilds", new { name = "Verification " + Guid.NewGuid().ToString("N")[..6] });
        _role = await CreateAsync(emulator, $"/control/guilds/{_guild}/roles", new { name = "Verified" });
        _user = await CreateAsync(emulator, "/control/users", new { username = "visitor" + Random.Shared.Next(100_000) });
        using var member = await emulator.PostAsJsonAsync($"/control/guilds/{_guild}/members", new { user_id = _user.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        member.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_fresh_link_shows_a_hardened_page_and_confirming_grants_the_role_once()
    {
        var token = Links().Sign(Links().Issue(_guild, _user, _role));
        using var http = fixture.Client("economy");

        using var page = await http.GetAsync("/verify?token=" + Uri.EscapeDataString(token));
        var html = await page.Content.ReadAsStringAsync();
        using var confirm = await PostAsync(http, token);
        using var replay = await PostAsync(fixture.Client("economy"), token);
        using var pageAfter = await fixture.Client("economy").GetAsync("/verify?token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'sha256-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, pageAfter.StatusCode);
        Assert.Contains(_role, await RolesAsync());
    }

    [Fact]
    public async Task An_expired_link_is_refused_with_410_and_grants_nothing()
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        var role = await NewRoleAsync();
        var token = Links(past).Sign(Links(past).Issue(_guild, _user, role));
        using var http = fixture.Client("economy");

        using var page = await http.GetAsync("/verify?token=" + Uri.EscapeDataString(token));
        using var confirm = await PostAsync(http, token);

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, confirm.StatusCode);
        Assert.DoesNotContain(role, await RolesAsync());
    }

    [Fact]
    public async Task Forged_links_are_refused_with_403_and_grant_nothing()
    {
        var role = await NewRoleAsync();
        var genuine = Links().Sign(Links().Issue(_guild, _user, _role));
        var otherKey = Links(key: new string('k', 40)).Sign(Links().Issue(_guild, _user, role));
        // The genuine signature on a payload naming another role.
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(genuine.AsSpan(0, genuine.IndexOf('.', StringComparison.Ordinal))));
        var swapped = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.Replace($":{_role}:", $":{role}:", StringComparison.Ordinal)))
            + genuine[genuine.IndexOf('.', StringComparison.Ordinal)..];

        var statuses = new List<HttpStatusCode>();
        foreach (var token in new[] { otherKey, swapped, "garbage", "a.b" })
        {
            using var response = await PostAsync(fixture.Client("economy"), token);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Forbidden, status));
        Assert.DoesNotContain(role, await RolesAsync());
    }

    [Fact]
    public async Task Verify_allows_five_requests_a_minute_per_client()
    {
        using var http = fixture.Client("economy");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await http.GetAsync("/verify?token=nothing");
            statuses.Add(response.StatusCode);
            if (i == 5)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Forbidden, 5), HttpStatusCode.TooManyRequests], statuses);
    }

    private VerificationLinks Links(TimeProvider? time = null, string? key = null) => new(
        Options.Create(new VerificationOptions { SigningKey = key ?? _key, PublicBaseUrl = fixture.App.GetEndpoint("economy", "http").ToString() }),
        time ?? TimeProvider.System);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string token) =>
        await http.PostAsync("/verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));

    private async Task<ulong> NewRoleAsync()
    {
        using var emulator = fixture.CreateHttpClient("emulator");
        return await CreateAsync(emulator, $"/control/guilds/{_guild}/roles", new { name = "Other" + Random.Shared.Next(1000) });
    }

    private async Task<List<ulong>> RolesAsync()
    {
        using var emulator = fixture.CreateHttpClient("emulator");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v10/guilds/{_guild}/members/{_user}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", ExternalApis.EmulatorBotToken);
        using var response = await emulator.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var member = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. member.GetProperty("roles").EnumerateArray().Select(Id)];
    }

    private static async Task<ulong> CreateAsync(HttpClient emulator, string path, object body)
    {
        using var response = await emulator.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return Id((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id"));
    }

    private static ulong Id(JsonElement id) => id.ValueKind == JsonValueKind.String
        ? ulong.Parse(id.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : id.GetUInt64();
}
