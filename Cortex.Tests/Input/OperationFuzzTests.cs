using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.AppHost.Integrations;
using Cortex.Tests.Defense;
using Cortex.Tests.Hosting;
using Xunit.Abstractions;

namespace Cortex.Tests.Input;

/// <summary>
/// The schema-driven fuzz suite (docs/input.md): every operation of every service's OpenAPI
/// document gets a valid call and its malformed variants; no answer may be a 5xx, a success for an
/// invalid request, anything but ProblemDetails for a 4xx, or a leak; no refused request may change
/// what the service stores.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class OperationFuzzTests(CortexAppFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_documented_operation_refuses_malformed_input_with_a_clean_4xx_and_changes_nothing()
    {
        var runner = new FuzzRunner(output);
        var targets = new FuzzTargets(fixture, await fixture.ParameterAsync(DefenseSecrets.VoteWebhookSecretParameter));
        var started = DateTime.UtcNow;
        foreach (var service in FuzzTargets.Services)
        {
            using var http = targets.Client(service);
            if (service == "economy")
            {
                await targets.SeedAsync(http);
            }

            var document = await http.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
            var operations = ApiOperation.All(service, document!);
            output.WriteLine($"{service}: {operations.Count} operations in /openapi/v1.json");
            Assert.NotEmpty(operations);
            foreach (var operation in operations)
            {
                await FuzzAsync(runner, targets, http, operation);
            }
        }

        await FuzzPublicSurfacesAsync(runner, targets);
        await FuzzEmulatorAsync(runner, targets);
        runner.Report();
        output.WriteLine($"took {(DateTime.UtcNow - started).TotalSeconds:0} s");
        Assert.True(runner.Sent >= 1500, $"only {runner.Sent} requests were generated");
        Assert.True(runner.Failures.Count == 0, string.Join("\n", runner.Failures.Take(40)));
    }

    // The same invalid requests on the public port, where the internet is: every answer a clean 4xx
    // (404 for an internal route), nothing stored changes.
    private static async Task FuzzPublicSurfacesAsync(FuzzRunner runner, FuzzTargets targets)
    {
        using var economyState = targets.Client("economy");
        using var aiState = targets.Client("ai");
        var before = (await targets.StateAsync("economy", economyState)) + await targets.StateAsync("ai", aiState);
        foreach (var service in FuzzTargets.Services)
        {
            using var operatorSide = targets.Client(service);
            using var publicSide = targets.Client(service, internalSurface: false);
            var operations = ApiOperation.All(service, (await operatorSide.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!);
            foreach (var operation in operations)
            {
                var variants = VariantGenerator.For(operation, await targets.ValidCallAsync(operation, operatorSide)).Where(v => v.Expected == Expectation.Invalid);
                await Parallel.ForEachAsync(variants, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (variant, _) =>
                {
                    await runner.SendAsync(publicSide, service + " (public)", variant);
                });
            }
        }

        var after = (await targets.StateAsync("economy", economyState)) + await targets.StateAsync("ai", aiState);
        runner.Require(before == after, "state changed while invalid requests arrived on the public ports");
    }

    // The emulator's routes get only the invalid variants: a valid call would change the shared world.
    // Its REST routes are called with the bot token, so their bodies are read (and refused) rather
    // than stopped at the 401; variants Discord accepts by design (unknown or other-case members,
    // a repeated key) are left out: Discord payloads stay lenient.
    private static readonly string[] LenientBodyVariants = ["body unknown member", "body other-case names", "body 100 kB key", "body duplicate key"];

    private static async Task FuzzEmulatorAsync(FuzzRunner runner, FuzzTargets targets)
    {
        using var http = targets.Client("emulator");
        var operations = ApiOperation.All("emulator", (await http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!);
        // The chat page's event stream answers a GET by streaming until the client leaves.
        foreach (var operation in operations.Where(o => !o.Path.EndsWith("/events", StringComparison.Ordinal)))
        {
            var path = operation.Parameters.Where(p => p.In == "path").ToDictionary(p => p.Name, p => p.IsInteger ? "1" : "x");
            var headers = new Dictionary<string, string>();
            if (operation.Path.StartsWith("/api/", StringComparison.Ordinal))
            {
                headers["Authorization"] = "Bot " + Cortex.AppHost.Integrations.ExternalApis.EmulatorBotToken;
            }

            var body = operation.Body is null ? null : EmulatorBody(operation.Body);
            var valid = new ValidCall(path, new Dictionary<string, string>(), body, headers);
            var variants = VariantGenerator.For(operation, valid).Where(v => v.Expected == Expectation.Invalid && !LenientBodyVariants.Contains(v.Name));
            await Parallel.ForEachAsync(variants, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (variant, _) =>
            {
                await runner.SendAsync(http, "emulator", variant, FuzzRunner.EmulatorShape);
            });
        }
    }

    /// <summary>A body with every scalar member the schema names (objects left out), within its bounds.</summary>
    private static JsonObject EmulatorBody(JsonObject schema)
    {
        var body = new JsonObject();
        foreach (var (name, node) in schema["properties"]?.AsObject() ?? new JsonObject())
        {
            var property = ApiOperation.Resolve(node?.AsObject(), null) ?? [];
            var types = property.Types();
            JsonNode? value = types.Contains("string") ? "x"
                : types.Contains("integer") ? (long)(property.Bound("minimum") ?? 1)
                : types.Contains("boolean") ? true
                : types.Contains("array") ? new JsonArray()
                : null;
            if (value is not null)
            {
                body[name] = value;
            }
        }

        return body;
    }

    private static async Task FuzzAsync(FuzzRunner runner, FuzzTargets targets, HttpClient http, ApiOperation operation)
    {
        var variants = VariantGenerator.For(operation, await targets.ValidCallAsync(operation, http)).ToList();
        if (operation.Path.StartsWith("/shards", StringComparison.Ordinal))
        {
            // A real respawn would drop the shared app's gateway sessions under the other tests.
            variants.RemoveAll(v => v.Expected != Expectation.Invalid);
        }

        var before = await targets.StateAsync(operation.Service, http);
        await Parallel.ForEachAsync(
            variants.Where(v => v.Expected == Expectation.Invalid),
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (variant, _) => { await runner.SendAsync(http, operation.Service, variant); });
        var after = await targets.StateAsync(operation.Service, http);
        runner.Require(before == after, $"{operation}: state changed while only invalid requests arrived");

        foreach (var variant in variants.Where(v => v.Expected != Expectation.Invalid).OrderBy(v => v.Expected == Expectation.Valid))
        {
            await runner.SendAsync(http, operation.Service, variant);
        }
    }
}
