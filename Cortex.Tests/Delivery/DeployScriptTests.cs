using System.Diagnostics;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Delivery;

/// <summary>deploy/scripts/deploy-pterodactyl.sh against a stand-in panel and health endpoint.</summary>
public sealed class DeployScriptTests
{
    private static async Task<(int ExitCode, string Output)> DeployAsync(PanelStandIn panel, string tag, string? key = null)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "deploy", "scripts", "deploy-pterodactyl.sh");
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PANEL_URL"] = panel.BaseUrl;
        start.Environment["PTERODACTYL_KEY"] = key ?? PanelStandIn.ApiKey;
        start.Environment["SERVER_ID"] = PanelStandIn.ServerId;
        start.Environment["IMAGE_TAG"] = tag;
        start.Environment["HEALTH_URL"] = panel.BaseUrl + "/health";
        start.Environment["HEALTH_INTERVAL"] = "0.2";
        start.Environment["HEALTH_TIMEOUT"] = "2";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task A_healthy_release_is_deployed_with_one_restart()
    {
        await using var panel = await PanelStandIn.StartAsync("oldsha");
        panel.HealthyTags.UnionWith(["oldsha", "newsha"]);

        var (exitCode, output) = await DeployAsync(panel, "newsha");

        Assert.True(exitCode == 0, output);
        Assert.Equal("newsha", panel.RunningTag);
        Assert.Equal(["GET /startup", "PUT /startup/variable", "POST /power"], panel.Calls);
        Assert.DoesNotContain(PanelStandIn.ApiKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unhealthy_release_is_rolled_back_to_the_previous_sha()
    {
        await using var panel = await PanelStandIn.StartAsync("oldsha");
        panel.HealthyTags.Add("oldsha");

        var (exitCode, output) = await DeployAsync(panel, "badsha");

        Assert.True(exitCode == 1, output);
        Assert.Equal("oldsha", panel.RunningTag);
        Assert.Equal(2, panel.Calls.Count(c => c == "POST /power"));
        Assert.Contains("HEALTH CHECK FAILED", output, StringComparison.Ordinal);
        Assert.Contains("rolled back: healthy on oldsha", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollback_that_is_unhealthy_too_fails_loudly()
    {
        await using var panel = await PanelStandIn.StartAsync("oldsha");

        var (exitCode, output) = await DeployAsync(panel, "badsha");

        Assert.True(exitCode == 2, output);
        Assert.Contains("rollback to oldsha is unhealthy too", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_stops_before_any_restart()
    {
        await using var panel = await PanelStandIn.StartAsync("oldsha");
        panel.HealthyTags.Add("newsha");

        var (exitCode, output) = await DeployAsync(panel, "newsha", key: "wrong-key");

        Assert.True(exitCode == 3, output);
        Assert.Equal("oldsha", panel.RunningTag);
        Assert.DoesNotContain("wrong-key", output, StringComparison.Ordinal);
    }
}
