using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Tests.Support;
using Microsoft.Extensions.Hosting;

namespace Cortex.Tests.Gateway;

/// <summary>
/// SIGTERM on the gateway: it drains and exits within the 10 s shutdown timeout, closes its shards
/// with a resumable code and leaves their sessions in Redis, so the next process resumes them —
/// no IDENTIFY, no event lost or delivered twice.
/// </summary>
public sealed class GracefulShutdownTests : EmulatorAndRedisTest
{
    private const int Shards = 2;

    [Fact]
    public async Task Sigterm_drains_within_the_shutdown_timeout_and_the_next_process_resumes_every_shard()
    {
        var settings = GatewayHost.Settings(Emulator, Redis, "sigterm", Shards);
        var world = TestWorld.Create(Emulator, Shards, "sigterm");
        await using (var first = GatewayProcess.Start(settings))
        {
            await first.WaitReadyAsync([0, 1]);
            world.Post(20, "before the stop");
            await StreamLedger.WaitForAsync(Redis.Database, "sigterm:messages", world.Posted);

            var (elapsed, exitCode) = await first.TerminateAsync(Extensions.ShutdownDrainTimeout + TimeSpan.FromSeconds(5));

            Assert.True(exitCode is not null, $"still running {elapsed} after SIGTERM:\n{first.Output}");
            Assert.Equal(0, exitCode);
            Assert.True(elapsed < Extensions.ShutdownDrainTimeout, $"took {elapsed} to stop:\n{first.Output}");
        }

        // Closed resumably: the emulator keeps both sessions, disconnected, and Redis holds them.
        var sessions = (await Emulator.Http.GetFromJsonAsync<JsonArray>("/control/gateway/sessions"))!;
        Assert.Equal(Shards, sessions.Count(s => !s!["connected"]!.GetValue<bool>()));
        for (var shard = 0; shard < Shards; shard++)
        {
            Assert.True(await Redis.Database.KeyExistsAsync($"sigterm:session:{{{shard}}}"), $"session:{shard} saved");
        }

        world.Post(20, "while it is down");
        await using var second = GatewayProcess.Start(settings);
        var view = await second.WaitReadyAsync([0, 1]);
        world.Post(10, "after the restart");

        await StreamLedger.WaitForAsync(Redis.Database, "sigterm:messages", world.Posted);
        await StreamLedger.AssertExactlyOnceAsync(Redis.Database, "sigterm:messages", world.Posted);
        foreach (var shard in view["shards"]!.AsArray())
        {
            Assert.Equal(0, shard!["identifies"]!.GetValue<int>());
            Assert.True(shard["resumes"]!.GetValue<int>() >= 1, $"shard {shard["shard_id"]} resumed");
        }
    }
}
