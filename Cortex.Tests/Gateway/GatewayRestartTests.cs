using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Tests.Support;

namespace Cortex.Tests.Gateway;

/// <summary>Killing the gateway process (SIGKILL) and starting it again: shards resume from Redis, nothing lost, nothing twice.</summary>
public sealed class GatewayRestartTests : EmulatorAndRedisTest
{
    private const int Shards = 2;

    [Fact]
    public async Task A_killed_gateway_started_again_resumes_every_shard_from_redis_without_identify_or_loss()
    {
        var settings = GatewayHost.Settings(Emulator, Redis, "restart", Shards);
        var world = TestWorld.Create(Emulator, Shards, "restart");
        await using (var first = GatewayProcess.Start(settings))
        {
            await first.WaitReadyAsync([0, 1]);
            world.Post(20, "before the kill");
            await StreamLedger.WaitForAsync(Redis.Database, "restart:messages", world.Posted);

            // Events keep coming while the process dies and while it is gone.
            var posting = Task.Run(() => world.Post(50, "during the kill"));
            await first.KillAsync();
            await posting;
        }

        world.Post(20, "while it is down");
        var sessionsBefore = await SessionsAsync();
        await using var second = GatewayProcess.Start(settings);
        var view = await second.WaitReadyAsync([0, 1]);
        world.Post(20, "after the restart");

        await StreamLedger.WaitForAsync(Redis.Database, "restart:messages", world.Posted);
        await StreamLedger.AssertExactlyOnceAsync(Redis.Database, "restart:messages", world.Posted);
        foreach (var shard in view["shards"]!.AsArray())
        {
            Assert.Equal(0, shard!["identifies"]!.GetValue<int>());
            Assert.True(shard["resumes"]!.GetValue<int>() >= 1, $"shard {shard["shard_id"]} resumed");
        }

        Assert.Equal(sessionsBefore, await SessionsAsync());
    }

    private async Task<string> SessionsAsync()
    {
        var sessions = (await Emulator.Http.GetFromJsonAsync<JsonArray>("/control/gateway/sessions"))!;
        return string.Join(",", sessions.Select(s => s!["id"]!.GetValue<string>()).Order());
    }
}
