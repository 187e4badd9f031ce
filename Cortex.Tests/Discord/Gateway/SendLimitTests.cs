using Cortex.Discord.Gateway;
using Cortex.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>The client's send budget (120 / 60 s with room for heartbeats), the 4096-byte limit and the identify gate.</summary>
public sealed class SendLimitTests
{
    [Fact]
    public void Ordinary_sends_stop_short_of_the_limit_and_heartbeats_still_go_out()
    {
        var time = new FakeTimeProvider();
        using var limiter = new GatewaySendLimiter(time);
        limiter.ReserveForHeartbeats(TimeSpan.FromSeconds(41.25));
        var ordinary = 0;
        while (limiter.WaitAsync(important: false, CancellationToken.None).AsTask() is { IsCompleted: true })
        {
            ordinary++;
        }

        // ceil(60 / 41.25) + 4 = 6 kept back for heartbeats, IDENTIFY and RESUME.
        Assert.Equal(114, ordinary);
        for (var i = 0; i < 6; i++)
        {
            Assert.True(limiter.WaitAsync(important: true, CancellationToken.None).AsTask().IsCompleted);
        }

        Assert.Equal(120, limiter.InWindow);
        Assert.False(limiter.WaitAsync(important: true, CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public async Task A_waiting_send_goes_out_when_the_window_slides()
    {
        var time = new FakeTimeProvider();
        using var limiter = new GatewaySendLimiter(time, limit: 4, window: TimeSpan.FromSeconds(60));
        for (var i = 0; i < 4; i++)
        {
            await limiter.WaitAsync(important: true, CancellationToken.None);
        }

        var waiting = limiter.WaitAsync(important: true, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(20);
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_identify_gate_admits_one_shard_per_bucket_per_window()
    {
        var time = new FakeTimeProvider();
        using var gate = new InProcessIdentifyGate(maxConcurrency: 2, time);
        await gate.WaitAsync(0, CancellationToken.None);
        await gate.WaitAsync(1, CancellationToken.None);
        var sameBucket = gate.WaitAsync(2, CancellationToken.None).AsTask();
        await Task.Delay(20);
        Assert.False(sameBucket.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(20);
        Assert.False(sameBucket.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(100));
        await sameBucket.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_payload_over_4096_bytes_is_refused_before_it_is_sent()
    {
        await using var server = await EmulatorServer.StartForGatewayAsync();
        await using var shard = ShardHarness.Start(server);
        shard.WaitFor("READY");
        var id = await server.ConnectionOfShardAsync(0);
        var huge = System.Text.Encoding.UTF8.GetBytes($$"""{"since":null,"activities":[{"name":"{{new string('x', 4100)}}","type":0}],"status":"online","afk":false}""");
        await Assert.ThrowsAsync<GatewayPayloadTooLargeException>(() => shard.Shard.SendAsync(GatewayOpcode.PresenceUpdate, huge, CancellationToken.None).AsTask());

        // The connection is untouched, and a payload of the right size goes through.
        await shard.Shard.UpdatePresenceAsync(new Cortex.Discord.Gateway.Payloads.PresenceUpdatePayload(null, [new("cortex", 0)], "online", false), CancellationToken.None);
        await Task.Delay(200);
        Assert.Equal(id, await server.ConnectionOfShardAsync(0));
        Assert.Equal(0, shard.Shard.State.Resumes);
    }

    [Fact]
    public void Options_that_cannot_work_fail_when_the_shard_is_created()
    {
        var valid = new ShardConnectionOptions { Token = "t", GatewayUrl = new Uri("ws://localhost/gateway") };
        Assert.Throws<ArgumentException>(() => (valid with { ShardId = 2, ShardCount = 2 }).Validate());
        Assert.Throws<ArgumentException>(() => (valid with { GatewayUrl = new Uri("http://localhost/") }).Validate());
        Assert.Throws<ArgumentException>(() => (valid with { Intents = (GatewayIntents)(1 << 30) }).Validate());
        Assert.Throws<ArgumentException>(() => (valid with { LargeThreshold = 10 }).Validate());
        Assert.Throws<ArgumentException>(() => (valid with { Token = " " }).Validate());
        valid.Validate();
    }
}
