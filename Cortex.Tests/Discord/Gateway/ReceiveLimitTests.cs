using System.Net.WebSockets;
using System.Text;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>
/// A gateway that sends more than <see cref="ShardConnectionOptions.MaxReceivePayloadBytes"/> in one payload (a plain one,
/// a decompression bomb, compressed fragments that never end) fails that connection: the payload is never delivered, and
/// the shard resumes its session on the next connection and goes on receiving.
/// </summary>
public sealed class ReceiveLimitTests
{
    private const int Limit = 256 * 1024;

    [Theory]
    [InlineData(TransportCompression.None)]
    [InlineData(TransportCompression.ZlibStream)]
    [InlineData(TransportCompression.ZstdStream)]
    public async Task A_payload_over_the_limit_is_refused_and_the_shard_resumes(TransportCompression compression)
    {
        // 4 MB of one letter: a few KB compressed, sixteen times the limit inflated.
        var oversized = $$$"""{"t":"MESSAGE_CREATE","s":2,"op":0,"d":{"id":"2","channel_id":"1","content":"{{{new string('a', 4 * 1024 * 1024)}}}"}}""";
        await AssertRefusedThenResumedAsync(compression, (socket, compressor) => SendAsync(socket, compressor, oversized));
    }

    [Fact]
    public async Task Compressed_fragments_that_never_end_a_payload_are_refused_past_the_limit()
    {
        await AssertRefusedThenResumedAsync(TransportCompression.ZlibStream, async (socket, _) =>
        {
            // zlib-stream keeps a message that does not end in 00 00 ff ff until one does: these never do.
            var fragment = new byte[64 * 1024];
            Random.Shared.NextBytes(fragment);
            fragment[^1] = 1;
            for (var i = 0; i < 8; i++)
            {
                await socket.SendAsync(fragment, WebSocketMessageType.Binary, true, CancellationToken.None);
            }
        });
    }

    private static async Task AssertRefusedThenResumedAsync(TransportCompression compression, Func<WebSocket, ITransportCompressor?, Task> sendOversized)
    {
        Uri? url = null;
        await using var gateway = await ScriptedGateway.StartAsync(async (socket, index) =>
        {
            using var compressor = TransportCompressions.CreateCompressor(compression);
            // Heartbeats a minute apart: an unacknowledged one would reconnect the shard too, within the wait below.
            await SendAsync(socket, compressor, """{"op":10,"d":{"heartbeat_interval":60000}}""");
            await ScriptedGateway.ReceiveAsync(socket);
            if (index == 0)
            {
                await SendAsync(socket, compressor, $$$"""{"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"1","username":"bot"},"session_id":"s1","resume_gateway_url":"{{{url}}}","guilds":[],"shard":[0,1]}}""");
                await sendOversized(socket, compressor);
            }
            else
            {
                await SendAsync(socket, compressor, """{"t":"RESUMED","s":1,"op":0,"d":{}}""");
                await SendAsync(socket, compressor, """{"t":"MESSAGE_CREATE","s":2,"op":0,"d":{"id":"3","channel_id":"1","content":"after"}}""");
            }

            await ScriptedGateway.DrainAsync(socket);
        });
        url = gateway.Url;

        await using var shard = ShardHarness.StartAgainst(gateway.Url, o => o with
        {
            Compression = compression,
            MaxReceivePayloadBytes = Limit,
            ReadyTimeout = TimeSpan.FromSeconds(10),
        });

        var after = shard.WaitFor("MESSAGE_CREATE", timeout: TimeSpan.FromSeconds(20));
        Assert.Contains("\"content\":\"after\"", Encoding.UTF8.GetString(after.Data.Span), StringComparison.Ordinal);
        Assert.Single(shard.Received, d => d.EventName == "MESSAGE_CREATE");
        Assert.Equal(1, shard.Shard.State.Identifies);
        Assert.True(shard.Shard.State.Resumes >= 1, "the session was resumed after the refused payload");
    }

    private static async Task SendAsync(WebSocket socket, ITransportCompressor? compressor, string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        if (compressor is null)
        {
            await socket.SendAsync(payload, WebSocketMessageType.Text, true, CancellationToken.None);
            return;
        }

        using var compressed = new PooledBufferWriter();
        compressor.Compress(payload, compressed);
        await socket.SendAsync(compressed.WrittenMemory, WebSocketMessageType.Binary, true, CancellationToken.None);
    }
}
