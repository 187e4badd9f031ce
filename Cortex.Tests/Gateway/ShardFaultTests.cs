using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Gateway;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Support;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Tests.Gateway;

/// <summary>
/// The fault suite: each fault is done to shard 0 while messages flow on both shards, and the streams are
/// then counted by message id. Zero lost, zero twice, and IDENTIFY only where RESUME was impossible.
/// </summary>
public sealed class ShardFaultTests() : EmulatorAndRedisTest(new Dictionary<string, string?>
{
    ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "300",
    ["Emulator:Gateway:HeartbeatGraceMilliseconds"] = "2000",
})
{
    private const int Shards = 2;

    public static TheoryData<string> ResumableFaults => new() { "abort", "close-4000", "close-1001", "zombie", "reconnect-op7", "invalid-session-true" };

    [Theory]
    [MemberData(nameof(ResumableFaults))]
    public async Task A_resumable_fault_comes_back_by_resume_with_every_event_once(string fault)
    {
        var prefix = "fault-" + fault;
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, prefix, Shards));
        var world = TestWorld.Create(Emulator, Shards, prefix);
        await gateway.WaitReadyAsync([0, 1]);
        world.Post(10, "before");
        var connection = await Emulator.ConnectionOfShardAsync(0, c => c["session_id"]?.GetValue<string>() == gateway.Manager.Worker(0)!.State.SessionId);
        var resumesBefore = gateway.Manager.Worker(0)!.State.Resumes;

        await InflictAsync(connection, fault);
        world.Post(10, "during");
        await ShardHarness.Until(
            () => gateway.Manager.Worker(0)?.State is { Status: ShardStatus.Ready } state && state.Resumes > resumesBefore,
            $"shard 0 resumed after {fault}",
            TimeSpan.FromSeconds(20));
        world.Post(10, "after");

        await StreamLedger.WaitForAsync(Redis.Database, prefix + ":messages", world.Posted);
        await StreamLedger.AssertExactlyOnceAsync(Redis.Database, prefix + ":messages", world.Posted);
        Assert.Equal(1, gateway.Gate.Granted(0));
        Assert.Equal(1, gateway.Gate.Granted(1));
    }

    [Fact]
    public async Task Invalid_session_false_identifies_once_more_and_loses_nothing_sent_after_it()
    {
        const string prefix = "fault-invalid-false";
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, prefix, Shards));
        var world = TestWorld.Create(Emulator, Shards, prefix);
        await gateway.WaitReadyAsync([0, 1]);
        world.Post(10, "before");
        await StreamLedger.WaitForAsync(Redis.Database, prefix + ":messages", world.Posted);
        var session = gateway.Manager.Worker(0)!.State.SessionId;
        var connection = await Emulator.ConnectionOfShardAsync(0, c => c["session_id"]?.GetValue<string>() == session);

        await Emulator.PostAsync($"/control/gateway/connections/{connection}/invalid-session", new { resumable = false });
        await ShardHarness.Until(
            () => gateway.Manager.Worker(0)?.State is { Status: ShardStatus.Ready } state && state.SessionId != session,
            "shard 0 identified a new session",
            TimeSpan.FromSeconds(20));
        world.Post(10, "after");

        await StreamLedger.WaitForAsync(Redis.Database, prefix + ":messages", world.Posted);
        await StreamLedger.AssertExactlyOnceAsync(Redis.Database, prefix + ":messages", world.Posted);
        Assert.Equal(2, gateway.Gate.Granted(0));
        Assert.Equal(1, gateway.Gate.Granted(1));
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task A_fatal_close_code_stops_the_shard_marks_the_service_unhealthy_and_does_not_loop(int code)
    {
        var prefix = "fatal-" + code;
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, prefix, Shards));
        var world = TestWorld.Create(Emulator, Shards, prefix);
        await gateway.WaitReadyAsync([0, 1]);
        var session = gateway.Manager.Worker(0)!.State.SessionId;
        var connection = await Emulator.ConnectionOfShardAsync(0, c => c["session_id"]?.GetValue<string>() == session);

        await Emulator.PostAsync($"/control/gateway/connections/{connection}/close", new { code });
        await ShardHarness.Until(() => gateway.Manager.Worker(0)?.Stopped is not null, "shard 0 stopped", TimeSpan.FromSeconds(10));

        var health = await gateway.HealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), health.Entries["shards"].Description, StringComparison.Ordinal);

        // No loop: a while later shard 0 still has no connection, and the other shard still delivers.
        await Task.Delay(1500);
        Assert.DoesNotContain(await Emulator.ConnectionsAsync(), c => c!["session_id"]?.GetValue<string>() == session || IsShard0OfThisGateway(c!, gateway));
        Assert.Equal(1, gateway.Gate.Granted(0));
        var ids = world.Post(5, "other shard").Where((_, i) => i % Shards == 1).ToList();
        await StreamLedger.WaitForAsync(Redis.Database, prefix + ":messages", ids);
    }

    [Fact]
    public async Task An_operator_respawn_drains_closes_resumably_and_comes_back_by_resume()
    {
        const string prefix = "respawn";
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, prefix, Shards));
        var world = TestWorld.Create(Emulator, Shards, prefix);
        await gateway.WaitReadyAsync([0, 1]);
        var before = gateway.Manager.Worker(0)!;
        var posting = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                world.Post(2, "flowing " + i);
                await Task.Delay(25);
            }
        });

        using var response = await gateway.Http.PostAsync("/shards/0/respawn", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        await ShardHarness.Until(
            () => gateway.Manager.Worker(0) is { } now && now != before && now.State.Status == ShardStatus.Ready,
            "shard 0 respawned",
            TimeSpan.FromSeconds(20));
        await posting;

        var respawned = gateway.Manager.Worker(0)!.State;
        Assert.Equal(0, respawned.Identifies);
        Assert.Equal(1, respawned.Resumes);
        Assert.Equal(1, gateway.Gate.Granted(0));
        await StreamLedger.WaitForAsync(Redis.Database, prefix + ":messages", world.Posted);
        await StreamLedger.AssertExactlyOnceAsync(Redis.Database, prefix + ":messages", world.Posted);
    }

    [Fact]
    public async Task Respawning_an_unknown_shard_is_a_problem_and_changes_nothing()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, "respawn-unknown", Shards));
        await gateway.WaitReadyAsync([0, 1]);
        using var response = await gateway.Http.PostAsync("/shards/7/respawn", null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, gateway.Gate.Granted(0));
    }

    [Fact]
    public async Task Shards_reports_state_latency_guilds_session_age_and_owner_for_every_shard()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(Emulator, Redis, "status", Shards, replica: "status-replica"));
        TestWorld.Create(Emulator, Shards, "status");
        await gateway.WaitReadyAsync([0, 1]);
        await ShardHarness.Until(() => gateway.Manager.Worker(0)!.State.Latency is not null, "a measured heartbeat");

        var view = (await gateway.Http.GetFromJsonAsync<JsonObject>("/shards"))!;
        Assert.Equal("status-replica", view["replica"]!.GetValue<string>());
        var shards = view["shards"]!.AsArray();
        Assert.Equal(Shards, shards.Count);
        foreach (var shard in shards)
        {
            Assert.Equal("status-replica", shard!["owner"]!.GetValue<string>());
            Assert.Equal("Ready", shard["status"]!.GetValue<string>());
            Assert.True(shard["guilds"]!.GetValue<int>() >= 1);
            Assert.InRange(shard["session_age_ms"]!.GetValue<double>(), 0, 58_000);
        }

        Assert.NotNull(shards[0]!["latency_ms"]);
    }

    private static bool IsShard0OfThisGateway(JsonNode connection, GatewayHost gateway) =>
        connection["shard_id"]?.GetValue<int>() == 0 && gateway.Manager.Worker(0)?.State.SessionId is { } id && connection["session_id"]?.GetValue<string>() == id;

    private async Task InflictAsync(int connection, string fault)
    {
        var path = $"/control/gateway/connections/{connection}";
        switch (fault)
        {
            case "abort":
                await Emulator.PostAsync(path + "/close", new { abort = true });
                break;
            case "close-4000":
                await Emulator.PostAsync(path + "/close", new { code = 4000 });
                break;
            case "close-1001":
                await Emulator.PostAsync(path + "/close", new { code = 1001 });
                break;
            case "zombie":
                await Emulator.PostAsync(path + "/heartbeat-acks", new { enabled = false });
                break;
            case "reconnect-op7":
                await Emulator.PostAsync(path + "/reconnect");
                break;
            case "invalid-session-true":
                await Emulator.PostAsync(path + "/invalid-session", new { resumable = true });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown fault");
        }
    }
}
