using System.Net.WebSockets;
using System.Text;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
            await SendAsync(socket, """{"op":10,"d":{"heartbeat_interval":10000}}""");
            await DrainAsync(socket);
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
                await SendAsync(socket, """{"op":7,"d":null}""");
                await DrainAsync(socket);
                return;
            }

            await SendAsync(socket, """{"op":10,"d":{"heartbeat_interval":10000}}""");
            await ReceiveAsync(socket);
            await SendAsync(socket, """{"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"1","username":"bot"},"session_id":"s1","resume_gateway_url":"ws://127.0.0.1:1/gateway","guilds":[],"shard":[0,1]}}""");
            await DrainAsync(socket);
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

    private static Task SendAsync(WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[8192];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        }
        while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
    }

    private static async Task DrainAsync(WebSocket socket)
    {
        var buffer = new byte[8192];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private sealed class ScriptedGateway : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ScriptedGateway(WebApplication app, Uri url)
        {
            _app = app;
            Url = url;
        }

        public Uri Url { get; }

        public static async Task<ScriptedGateway> StartAsync(Func<WebSocket, int, Task> script)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.UseWebSockets();
            var index = -1;
            app.Map("/gateway", async (HttpContext context) =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                await script(socket, Interlocked.Increment(ref index));
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new ScriptedGateway(app, new Uri($"ws://{new Uri(address).Authority}/gateway"));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
