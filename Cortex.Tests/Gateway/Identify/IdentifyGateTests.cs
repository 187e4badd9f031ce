using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Support;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Tests.Gateway.Identify;

/// <summary>
/// The identify gate shared through Redis: two replicas starting the same bot at once never make the
/// emulator throttle an IDENTIFY (it answers a throttled one with op 9, which costs a second IDENTIFY),
/// and the day's last session starts are kept.
/// </summary>
public sealed class IdentifyGateTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Theory]
    [InlineData("00:00:00.800", true)]
    [InlineData("00:00:00.100", false)]
    public async Task Two_replicas_identify_every_shard_once_when_the_gate_keeps_discords_window(string gateInterval, bool keepsWindow)
    {
        // The emulator enforces one IDENTIFY per bucket per 600 ms with max_concurrency 2.
        await using var emulator = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?>
        {
            ["Emulator:Gateway:MaxConcurrency"] = "2",
            ["Emulator:Gateway:IdentifyWindowMilliseconds"] = "600",
        });
        const int shards = 6;
        var prefix = "gate-" + keepsWindow;
        Dictionary<string, string?> Settings(string replica)
        {
            var settings = GatewayHost.Settings(emulator, _redis, prefix, shards, replica);
            settings["Gateway:IdentifyInterval"] = gateInterval;
            settings["Gateway:MaxConcurrency"] = "2";
            settings["Gateway:InvalidSessionDelay"] = "00:00:00.050";
            return settings;
        }

        var starting = new[] { GatewayHost.StartAsync(Settings("replica-a")), GatewayHost.StartAsync(Settings("replica-b")) };
        var hosts = await Task.WhenAll(starting);
        await using var a = hosts[0];
        await using var b = hosts[1];
        await ShardHarness.Until(
            () => Enumerable.Range(0, shards).All(id => hosts.Any(h => h.Manager.Worker(id)?.State.Status == Cortex.Discord.Gateway.ShardStatus.Ready)),
            "every shard ready on some replica",
            TimeSpan.FromSeconds(40));

        var identifies = Enumerable.Range(0, shards).Sum(id => a.Gate.Granted(id) + b.Gate.Granted(id));
        if (keepsWindow)
        {
            Assert.Equal(shards, identifies);
            Assert.Equal(shards, (await emulator.Http.GetFromJsonAsync<JsonArray>("/control/gateway/sessions"))!.Count);
        }
        else
        {
            // The control case: a gate faster than Discord's window is caught by the emulator.
            Assert.True(identifies > shards, $"expected throttled identifies to be retried, saw {identifies} for {shards} shards");
        }
    }

    [Fact]
    public async Task The_last_session_starts_of_the_day_are_kept_and_the_service_reports_why()
    {
        await using var emulator = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?> { ["Emulator:Gateway:SessionStartLimit"] = "3" });
        var settings = GatewayHost.Settings(emulator, _redis, "starts", 3);
        settings["Gateway:SessionStartReserve"] = "1";
        await using var gateway = await GatewayHost.StartAsync(settings);

        // Buckets identify in parallel, so which shard comes last is a race: two identify, one is refused.
        await ShardHarness.Until(
            () => gateway.Manager.Workers.Count(w => w.State.Status == Cortex.Discord.Gateway.ShardStatus.Ready) == 2 && gateway.Manager.Workers.Any(w => w.Stopped is not null),
            "two shards ready and one refused");
        var refused = gateway.Manager.Workers.Single(w => w.Stopped is not null);
        var health = await gateway.HealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("session starts", health.Entries["shards"].Description, StringComparison.Ordinal);
        Assert.Equal(0, gateway.Gate.Granted(refused.ShardId));
        Assert.Equal(2, Enumerable.Range(0, 3).Sum(gateway.Gate.Granted));
        Assert.Equal("1", (string?)await _redis.Database.StringGetAsync("starts:{identify}:remaining"));
    }
}
