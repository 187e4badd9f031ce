using System.Diagnostics;
using System.Text.Json.Nodes;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Delivery;

/// <summary>What <c>dotnet publish -t:PublishContainer</c> would build for each service.</summary>
public sealed class ContainerImageTests
{
    [Theory]
    [InlineData("Cortex.Gateway")]
    [InlineData("Cortex.Economy")]
    [InlineData("Cortex.Ai")]
    [InlineData("Cortex.Migrator")]
    public async Task Each_service_publishes_a_chiseled_non_root_image(string project)
    {
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("dotnet", ["msbuild", Path.Combine(root, project), "-getProperty:EnableSdkContainerSupport", "-getProperty:ContainerBaseImage", "-getProperty:ContainerUser"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());

        var properties = JsonNode.Parse(output)!["Properties"]!;
        Assert.Equal("true", (string?)properties["EnableSdkContainerSupport"]);
        Assert.EndsWith("-chiseled", (string?)properties["ContainerBaseImage"], StringComparison.Ordinal);
        Assert.Equal("app", (string?)properties["ContainerUser"]);
    }
}
