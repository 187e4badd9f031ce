using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Cortex.Discord.Codecs;
using Cortex.Tests.Support;

namespace Cortex.Tests.Emulator.Gateway;

/// <summary>A bare JSON WebSocket to the emulator, to send what a well-behaved client never would.</summary>
public sealed class RawGatewayClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly IGatewayCodec _codec;

    private RawGatewayClient(GatewayEncoding encoding) => _codec = GatewayCodecs.ForClient(encoding);

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<RawGatewayClient> ConnectAsync(EmulatorServer server, string query = "v=10&encoding=json", GatewayEncoding encoding = GatewayEncoding.Json)
    {
        var client = new RawGatewayClient(encoding);
        await client._socket.ConnectAsync(new Uri($"{server.GatewayUrl}?{query}"), CancellationToken.None);
        return client;
    }

    public static string Identify(string token = EmulatorServer.BotToken, int shardId = 0, int shardCount = 1, int intents = 513) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["op"] = 2,
            ["d"] = new Dictionary<string, object>
            {
                ["token"] = token,
                ["intents"] = intents,
                ["shard"] = new[] { shardId, shardCount },
                ["properties"] = new Dictionary<string, string> { ["os"] = "linux", ["browser"] = "test", ["device"] = "test" },
            },
        });

    public Task SendAsync(string json) => SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text);

    public Task SendAsync(byte[] bytes, WebSocketMessageType type) =>
        _socket.SendAsync(bytes, type, endOfMessage: true, CancellationToken.None);

    /// <summary>The next frame, or null when the server closed the connection.</summary>
    public async Task<GatewayFrame?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        using var buffer = new PooledBufferWriter();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer.GetMemory(8192), cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
        }
        while (!result.EndOfMessage);
        return _codec.Decode(buffer.WrittenSpan);
    }

    /// <summary>Reads frames until the server closes, and returns its close code.</summary>
    public async Task<int?> ClosedWithAsync(TimeSpan? timeout = null)
    {
        while (await ReceiveAsync(timeout) is not null)
        {
        }

        return (int?)_socket.CloseStatus;
    }

    /// <summary>Reads frames until one with <paramref name="opcode"/> (and event name) arrives.</summary>
    public async Task<GatewayFrame> ExpectAsync(int opcode, string? eventName = null)
    {
        while (true)
        {
            var frame = await ReceiveAsync() ?? throw new InvalidOperationException($"Closed with {_socket.CloseStatus} while waiting for op {opcode} {eventName}.");
            if (frame.Opcode == opcode && (eventName is null || frame.EventName == eventName))
            {
                return frame;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await Task.CompletedTask;
    }
}
