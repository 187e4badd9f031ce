using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Tests.Support;
using Xunit.Abstractions;

namespace Cortex.Tests.Input;

/// <summary>
/// The emulator's REST request bodies are in its OpenAPI document with Discord's limits, and the
/// routes enforce exactly those limits: from the document, every bounded member of every REST body
/// is sent one past its bound and refused with 50035 naming it (before any id is looked up).
/// </summary>
public sealed class EmulatorBodyLimitsTests(ITestOutputHelper output) : IDisposable
{
    private readonly EmulatorServer _server = new();

    [Fact]
    public async Task Every_bounded_member_of_a_REST_body_in_the_document_is_enforced()
    {
        using var http = _server.CreateSocketClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bot", EmulatorServer.BotToken);
        var document = (await http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var operations = ApiOperation.All("emulator", document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal) && o.Body is not null).ToList();
        Assert.Contains(operations, o => o.Method == "POST" && o.Path == "/api/v10/channels/{channelId}/messages");
        Assert.Contains(operations, o => o.Method == "POST" && o.Path == "/api/v10/channels/{channelId}/messages/bulk-delete");

        var sent = 0;
        var ids = 1000;
        foreach (var operation in operations)
        {
            foreach (var (member, value) in Violations(operation.Body!, document["components"]?["schemas"]?.AsObject()))
            {
                // A fresh id each time: the route's rate-limit bucket is per channel or guild.
                var url = string.Join('/', operation.Path.Split('/').Select(s => s.StartsWith('{') ? (++ids).ToString(CultureInfo.InvariantCulture) : s));
                sent++;
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), url) { Content = new StringContent(new JsonObject { [member] = value }.ToJsonString(), Encoding.UTF8, "application/json") };
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{operation} {member}: {(int)response.StatusCode} {body}");
                var error = JsonDocument.Parse(body).RootElement;
                Assert.Equal(50035, error.GetProperty("code").GetInt32());
                Assert.True(error.GetProperty("errors").TryGetProperty(member, out _), $"{operation} {member}: not named in {body}");
            }
        }

        output.WriteLine($"{sent} out-of-bound bodies over {operations.Count} REST operations");
        Assert.True(sent >= 10, $"only {sent} bounded members in the document");
    }

    /// <summary>Each bounded member of the schema with a value one past a bound.</summary>
    private static IEnumerable<(string Member, JsonNode Value)> Violations(JsonObject schema, JsonObject? schemas)
    {
        foreach (var (name, node) in schema["properties"]?.AsObject() ?? new JsonObject())
        {
            var property = node!.AsObject();
            if (property.Bound("maxLength") is { } maxLength)
            {
                yield return (name, new string('x', (int)maxLength + 1));
            }

            if (property.Bound("minLength") is { } minLength && minLength > 0)
            {
                yield return (name, new string('x', (int)minLength - 1));
            }

            if (property.Bound("maxItems") is { } maxItems)
            {
                yield return (name, Items(property, schemas, (int)maxItems + 1));
            }

            if (property.Bound("minItems") is { } minItems && minItems > 0)
            {
                yield return (name, Items(property, schemas, (int)minItems - 1));
            }

            if (property.Bound("maximum") is { } maximum)
            {
                yield return (name, (long)maximum + 1);
            }

            if (property.Bound("minimum") is { } minimum)
            {
                yield return (name, (long)minimum - 1);
            }
        }
    }

    /// <summary>Items of the right kind (objects where the schema refers to one, ids otherwise), so only the count is wrong.</summary>
    private static JsonArray Items(JsonObject property, JsonObject? schemas, int count) => new([.. Enumerable.Range(1, count).Select(i => property["items"]?["$ref"] is not null
        ? Minimal(ApiOperation.Resolve(property["items"]!.AsObject(), schemas))
        : (JsonNode)JsonValue.Create((i + 1000).ToString(CultureInfo.InvariantCulture)))]);

    /// <summary>An object with its required scalar members set (a component's <c>type</c>, say).</summary>
    private static JsonObject Minimal(JsonObject? schema)
    {
        var item = new JsonObject();
        foreach (var name in schema?["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            var types = schema!["properties"]?[name]?.AsObject().Types() ?? [];
            item[name] = types.Contains("string") ? "x" : 1;
        }

        return item;
    }

    public void Dispose() => _server.Dispose();
}
