using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cortex.Tests.Hosting;
using Xunit.Abstractions;

namespace Cortex.Tests.Input;

/// <summary>
/// The emulator refuses what Discord refuses, in Discord's shape (discord-api-docs, "JSON Error
/// Codes"): <c>{"message": "404: Not Found", "code": 0}</c>, 50035 with the field nested under
/// <c>errors</c>; its control API answers bad requests with 400 ProblemDetails; no stack trace anywhere.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class EmulatorErrorShapeTests(CortexAppFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Unknown_routes_and_malformed_ids_answer_like_Discord()
    {
        using var http = fixture.CreateHttpClient("emulator");

        using var unknown = await http.GetAsync("/api/v10/no/such/route");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var body = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("404: Not Found", body.GetProperty("message").GetString());
        Assert.Equal(0, body.GetProperty("code").GetInt32());

        using var method = await http.DeleteAsync("/api/v10/users/@me");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
        Assert.Equal("405: Method Not Allowed", (await method.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());

        foreach (var id in new[] { "abc", "+7", "07", "9223372036854775808" })
        {
            using var malformed = await http.GetAsync($"/api/v10/channels/{id}/messages");
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            var error = await malformed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(50035, error.GetProperty("code").GetInt32());
            Assert.Equal("Invalid Form Body", error.GetProperty("message").GetString());
            Assert.Equal("NUMBER_TYPE_COERCE", error.GetProperty("errors").GetProperty("channel_id").GetProperty("_errors")[0].GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData("/control/users", """{"username":"Not Valid!"}""", "username")]
    [InlineData("/control/users", """{"username":"a"}""", "username")]
    [InlineData("/control/users", """{"username":"two..dots"}""", "username")]
    [InlineData("/control/guilds/{guild}/channels", """{"name":"x","type":99}""", "type")]
    [InlineData("/control/guilds/{guild}/roles", """{"name":"x","color":16777216}""", "color")]
    [InlineData("/control/guilds/{guild}/roles", """{"name":"x","color":-1}""", "color")]
    [InlineData("/control/interactions/deliver", """{"endpoint":"ftp://127.0.0.1/x"}""", "endpoint")]
    [InlineData("/control/interactions/deliver", """{"endpoint":"http://127.0.0.1:1/interactions"}""", "endpoint")]
    public async Task The_control_API_refuses_what_Discord_would_with_a_400_naming_the_field(string path, string json, string field)
    {
        using var http = fixture.CreateHttpClient("emulator");
        var world = await http.GetFromJsonAsync<JsonElement>("/control/world");
        var guild = world.GetProperty("guild_id").ToString();

        using var response = await http.PostAsync(path.Replace("{guild}", guild, StringComparison.Ordinal), new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(FuzzRunner.ProblemShape(response, text));
        Assert.Empty(FuzzRunner.Leaks(text));
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(50035, problem.GetProperty("code").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}");
    }
}
