using System.Net.WebSockets;
using System.Text;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>
/// A gateway that runs a script per connection over a raw WebSocket, for what the emulator cannot be asked to do
/// (misbehave); the script gets the socket and the connection's index (0 for the first).
/// </summary>
internal sealed class ScriptedGateway : IAsyncDisposable
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
        builder.WebHost.UseKestrel().ListenOnLoopback();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        var index = -1;
        app.Map("/gateway", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await script(socket, Interlocked.Increment(ref index));
        });
        var address = await app.StartOnLoopbackAsync();
        return new ScriptedGateway(app, new Uri($"ws://{address.Authority}/gateway"));
    }

    public static Task SendAsync(WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    public static async Task ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[8192];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        }
        while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
    }

    public static async Task DrainAsync(WebSocket socket)
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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
