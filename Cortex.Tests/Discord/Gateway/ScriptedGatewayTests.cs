using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>
/// The shard against a gateway that misbehaves in ways the emulator cannot be asked to: READY that
/// never comes, op 7 before HELLO. Each connection runs a script over a raw WebSocket.
/// </summary>
public sealed class ScriptedGatewayTests
{
    [Fact]
    public async Task A_ready_that_never_comes_times_out_and_the_shard_identifies_again()
    {
        var connections = 0;
        await using var gateway = await ScriptedGateway.StartAsync(async (socket, index) =>
        {
            Interlocked.Increment(ref connections);
            await ScriptedGateway.SendAsync(socket, """{"op":10,"d":{"heartbeat_interval":10000}}""");
            await ScriptedGateway.DrainAsync(socket);
        });
        await using var shard = Start(gateway, TimeSpan.FromMilliseconds(300));
        await ShardHarness.Until(() => shard.Shard.State.Identifies >= 2 && Volatile.Read(ref connections) >= 2, "a second identify after the READY timeout", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Reconnect_before_hello_is_obeyed_at_once()
    {
        await using var gateway = await ScriptedGateway.StartAsync(async (socket, index) =>
        {
            if (index == 0)
            {
                await ScriptedGateway.SendAsync(socket, """{"op":7,"d":null}""");
                await ScriptedGateway.DrainAsync(socket);
                return;
            }

            await ScriptedGateway.SendAsync(socket, """{"op":10,"d":{"heartbeat_interval":10000}}""");
            await ScriptedGateway.ReceiveAsync(socket);
            await ScriptedGateway.SendAsync(socket, """{"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"1","username":"bot"},"session_id":"s1","resume_gateway_url":"ws://127.0.0.1:1/gateway","guilds":[],"shard":[0,1]}}""");
            await ScriptedGateway.DrainAsync(socket);
        });
        await using var shard = Start(gateway, TimeSpan.FromSeconds(10));
        shard.WaitFor("READY", timeout: TimeSpan.FromSeconds(3));
        Assert.Equal("s1", shard.Shard.State.SessionId);
    }

    private static ShardHarness Start(ScriptedGateway gateway, TimeSpan readyTimeout)
    {
        var server = gateway;
        return ShardHarness.StartAgainst(server.Url, o => o with
        {
            Compression = TransportCompression.None,
            ReadyTimeout = readyTimeout,
            HelloTimeout = TimeSpan.FromSeconds(20),
        });
    }
}
