using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Cortex.Tests.Hosting;

/// <summary>
/// Operators deploy from the committed <c>aspire-manifest.json</c>; it must be exactly what the
/// AppHost publishes, and it must describe the container form.
/// </summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task The_committed_manifest_matches_what_the_apphost_publishes()
    {
        var root = RepositoryRoot.Find();
        var generatedName = $"aspire-manifest.check-{Guid.NewGuid():N}.json";
        var generated = Path.Combine(root, generatedName);
        try
        {
            await PublishManifestAsync(root, generated);

            var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "aspire-manifest.json")));
            var actual = JsonNode.Parse(await File.ReadAllTextAsync(generated));
            Assert.True(
                JsonNode.DeepEquals(expected, actual),
                "aspire-manifest.json is stale. Regenerate it with: " +
                "dotnet run --project Cortex.AppHost -- --publisher manifest --output-path ../aspire-manifest.json");
        }
        finally
        {
            File.Delete(generated);
        }
    }

    [Fact]
    public async Task The_manifest_describes_redis_and_postgres_as_containers_and_asks_for_the_secrets()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "aspire-manifest.json")))!;
        var resources = manifest["resources"]!;

        Assert.Equal("container.v0", resources["redis"]!["type"]!.GetValue<string>());
        Assert.Equal("container.v0", resources["postgres"]!["type"]!.GetValue<string>());
        Assert.True(resources["discord-token"]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        Assert.True(resources["openai-api-key"]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        Assert.Null(resources["emulator"]);
    }

    private static async Task PublishManifestAsync(string root, string outputPath)
    {
        var appHost = Path.Combine(root, "Cortex.AppHost");
        var start = new ProcessStartInfo("dotnet", ["run", "--project", appHost, "--no-build", "--no-launch-profile", "--", "--publisher", "manifest", "--output-path", outputPath])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The developer's secrets must not leak into what we compare against.
        start.Environment.Remove("Parameters__discord-token");
        start.Environment.Remove("Parameters__openai-api-key");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"publishing failed:\n{await output}\n{await errors}");
    }
}

internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cortex.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cortex.sln not found above " + AppContext.BaseDirectory);
    }
}
