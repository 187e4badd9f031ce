using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Codecs;
using Cortex.Tests.Support;

namespace Cortex.Tests.Emulator.Gateway;

/// <summary>The emulator enforces Discord's rules on clients, with Discord's close codes and opcodes.</summary>
public sealed class EmulatorGatewayRulesTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?>
    {
        ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "45000",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Hello_comes_first_with_the_configured_interval()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_server);
        var hello = await client.ReceiveAsync();
        Assert.Equal(10, hello!.Value.Opcode);
        Assert.Equal("""{"heartbeat_interval":45000}""", Encoding.UTF8.GetString(hello.Value.Data.Span));
    }

    [Theory]
    [InlineData("""{"op":3,"d":{"since":null,"activities":[],"status":"online","afk":false}}""", 4003)]
    [InlineData("""{"op":99,"d":null}""", 4001)]
    [InlineData("""{"op":2,"d":{"token":""" + "\"" + EmulatorServer.BotToken + "\"" + ""","intents":513,"properties":{"os":"linux","browser":"t","device":"t"},"shard":[2,2]}}""", 4010)]
    [InlineData("""{"op":2,"d":{"token":"nope","intents":513,"properties":{"os":"linux","browser":"t","device":"t"}}}""", 4004)]
    [InlineData("""{"op":2,"d":{"token":""" + "\"" + EmulatorServer.BotToken + "\"" + ""","intents":1073741824,"properties":{"os":"linux","browser":"t","device":"t"}}}""", 4013)]
    [InlineData("""{"op":2,"d":{"token":""" + "\"" + EmulatorServer.BotToken + "\"" + ""","intents":256,"properties":{"os":"linux","browser":"t","device":"t"}}}""", 4014)]
    [InlineData("""{"op":2,"d":""", 4002)]
    [InlineData("""{"op":2,"d":{"intents":1}}""", 4002)]
    public async Task A_bad_payload_is_closed_with_its_code(string payload, int code)
    {
        await using var client = await RawGatewayClient.ConnectAsync(_server);
        await client.ExpectAsync(10);
        await client.SendAsync(payload);
        Assert.Equal(code, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task A_second_identify_is_closed_with_4005()
    {
        await using var client = await IdentifiedAsync(_server);
        await client.SendAsync(RawGatewayClient.Identify());
        Assert.Equal(4005, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task A_payload_over_4096_bytes_is_closed_with_4002()
    {
        await using var client = await IdentifiedAsync(_server);
        var big = $$$"""{"op":3,"d":{"since":null,"activities":[{"name":"{{{new string('x', 4100)}}}","type":0}],"status":"online","afk":false}}""";
        await client.SendAsync(big);
        Assert.Equal(4002, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task More_than_120_payloads_a_minute_are_closed_with_4008()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_server);
        await client.ExpectAsync(10);
        for (var i = 0; i < 120; i++)
        {
            await client.SendAsync("""{"op":1,"d":null}""");
        }

        for (var i = 0; i < 120; i++)
        {
            Assert.Equal(11, (await client.ExpectAsync(11)).Opcode);
        }

        await client.SendAsync("""{"op":1,"d":null}""");
        Assert.Equal(4008, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task An_unsupported_version_is_closed_with_4012()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_server, "v=9&encoding=json");
        Assert.Equal(4012, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task Etf_with_atom_keys_from_a_client_is_closed_with_4002()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_server, "v=10&encoding=etf", GatewayEncoding.Etf);
        await client.ExpectAsync(10);
        using var atomKeyed = new PooledBufferWriter();
        GatewayCodecs.ForServer(GatewayEncoding.Etf).Encode(atomKeyed, 1, "null"u8);
        await client.SendAsync(atomKeyed.ToArray(), WebSocketMessageType.Binary);
        Assert.Equal(4002, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task Etf_with_string_keys_is_accepted()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_server, "v=10&encoding=etf", GatewayEncoding.Etf);
        await client.ExpectAsync(10);
        using var stringKeyed = new PooledBufferWriter();
        GatewayCodecs.ForClient(GatewayEncoding.Etf).Encode(stringKeyed, 1, "null"u8);
        await client.SendAsync(stringKeyed.ToArray(), WebSocketMessageType.Binary);
        Assert.Equal(11, (await client.ExpectAsync(11)).Opcode);
    }

    [Fact]
    public async Task Resuming_an_unknown_session_gets_invalid_session_false()
    {
        await using var client = await RawGatewayClient.ConnectAsync(_server);
        await client.ExpectAsync(10);
        await client.SendAsync($$$"""{"op":6,"d":{"token":"{{{EmulatorServer.BotToken}}}","session_id":"nope","seq":1}}""");
        var invalid = await client.ExpectAsync(9);
        Assert.Equal("false", Encoding.UTF8.GetString(invalid.Data.Span));
    }

    [Fact]
    public async Task Resuming_with_a_sequence_from_the_future_is_closed_with_4007()
    {
        string sessionId;
        await using (var first = await IdentifiedAsync(_server))
        {
            sessionId = SessionOf(await first.ExpectAsync(0, "READY"));
        }

        await using var client = await RawGatewayClient.ConnectAsync(_server);
        await client.ExpectAsync(10);
        await client.SendAsync($$$"""{"op":6,"d":{"token":"{{{EmulatorServer.BotToken}}}","session_id":"{{{sessionId}}}","seq":9999}}""");
        Assert.Equal(4007, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task Closing_with_1000_ends_the_session_and_another_code_keeps_it()
    {
        var kept = await SessionAfterCloseAsync((WebSocketCloseStatus)4000);
        var ended = await SessionAfterCloseAsync(WebSocketCloseStatus.NormalClosure);

        await using var resumeKept = await RawGatewayClient.ConnectAsync(_server);
        await resumeKept.ExpectAsync(10);
        await resumeKept.SendAsync($$$"""{"op":6,"d":{"token":"{{{EmulatorServer.BotToken}}}","session_id":"{{{kept}}}","seq":1}}""");
        Assert.Equal("RESUMED", (await resumeKept.ExpectAsync(0, "RESUMED")).EventName);

        await using var resumeEnded = await RawGatewayClient.ConnectAsync(_server);
        await resumeEnded.ExpectAsync(10);
        await resumeEnded.SendAsync($$$"""{"op":6,"d":{"token":"{{{EmulatorServer.BotToken}}}","session_id":"{{{ended}}}","seq":1}}""");
        Assert.Equal("false", Encoding.UTF8.GetString((await resumeEnded.ExpectAsync(9)).Data.Span));
    }

    [Fact]
    public async Task Gateway_bot_needs_the_token_and_reports_the_session_start_limit()
    {
        using var anonymous = await _server.Http.GetAsync("/api/v10/gateway/bot");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var open = await _server.Http.GetFromJsonAsync<JsonObject>("/api/v10/gateway");
        Assert.Equal(_server.GatewayUrl.ToString(), open!["url"]!.GetValue<string>());

        var before = await GatewayBotAsync();
        Assert.Equal(16, before["session_start_limit"]!["max_concurrency"]!.GetValue<int>());
        Assert.Equal(1, before["shards"]!.GetValue<int>());
        await using (await IdentifiedAsync(_server))
        {
        }

        // The emulator counts the identify when it handles it, which can finish just after READY
        // reaches the client: wait a little for the count, never accept a wrong one.
        var expected = before["session_start_limit"]!["remaining"]!.GetValue<int>() - 1;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        int remaining;
        while ((remaining = (await GatewayBotAsync())["session_start_limit"]!["remaining"]!.GetValue<int>()) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(expected, remaining);
    }

    [Fact]
    public async Task Identifies_in_one_bucket_within_five_seconds_get_invalid_session_and_other_buckets_do_not()
    {
        await using var server = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?>
        {
            ["Emulator:Gateway:IdentifyWindowMilliseconds"] = "5000",
            ["Emulator:Gateway:MaxConcurrency"] = "2",
        });
        await using var first = await IdentifiedAsync(server, shardId: 0, shardCount: 4);
        await using var otherBucket = await IdentifiedAsync(server, shardId: 1, shardCount: 4);
        await using var sameBucket = await RawGatewayClient.ConnectAsync(server);
        await sameBucket.ExpectAsync(10);
        await sameBucket.SendAsync(RawGatewayClient.Identify(shardId: 2, shardCount: 4));
        Assert.Equal("false", Encoding.UTF8.GetString((await sameBucket.ExpectAsync(9)).Data.Span));
    }

    [Fact]
    public async Task A_shard_with_too_many_guilds_is_closed_with_4011()
    {
        await using var server = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?> { ["Emulator:Gateway:MaxGuildsPerShard"] = "2" });
        for (var i = 0; i < 3; i++)
        {
            server.World.CreateGuild($"g{i}");
        }

        await using var client = await RawGatewayClient.ConnectAsync(server);
        await client.ExpectAsync(10);
        await client.SendAsync(RawGatewayClient.Identify());
        Assert.Equal(4011, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task A_client_that_stops_heartbeating_is_closed_with_4009()
    {
        await using var server = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?>
        {
            ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "100",
            ["Emulator:Gateway:HeartbeatGraceMilliseconds"] = "100",
        });
        await using var client = await IdentifiedAsync(server);
        Assert.Equal(4009, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task Sessions_expire_after_the_configured_time_and_replay_is_bounded()
    {
        await using var server = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?>
        {
            ["Emulator:Gateway:SessionTimeoutSeconds"] = "1",
            ["Emulator:Gateway:ReplayBufferSize"] = "3",
        });
        var guild = server.World.CreateGuild("replay");
        var channel = server.World.GetChannels(guild.Id)[0];
        string sessionId;
        await using (var first = await IdentifiedAsync(server))
        {
            sessionId = SessionOf(await first.ExpectAsync(0, "READY"));
            await first.ExpectAsync(0, "GUILD_CREATE");
        }

        for (var i = 0; i < 5; i++)
        {
            server.World.CreateMessage(channel.Id, server.World.BotUser.Id, $"m{i}");
        }

        // Sequence 2 (GUILD_CREATE) is no longer in a 3-event buffer: the session cannot be replayed from there.
        await using (var tooOld = await RawGatewayClient.ConnectAsync(server))
        {
            await tooOld.ExpectAsync(10);
            await tooOld.SendAsync($$$"""{"op":6,"d":{"token":"{{{EmulatorServer.BotToken}}}","session_id":"{{{sessionId}}}","seq":2}}""");
            Assert.Equal("false", Encoding.UTF8.GetString((await tooOld.ExpectAsync(9)).Data.Span));
        }

        await Task.Delay(2500);
        await using var expired = await RawGatewayClient.ConnectAsync(server);
        await expired.ExpectAsync(10);
        await expired.SendAsync($$$"""{"op":6,"d":{"token":"{{{EmulatorServer.BotToken}}}","session_id":"{{{sessionId}}}","seq":7}}""");
        Assert.Equal("false", Encoding.UTF8.GetString((await expired.ExpectAsync(9)).Data.Span));
    }

    private async Task<string> SessionAfterCloseAsync(WebSocketCloseStatus status)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"{_server.GatewayUrl}?v=10&encoding=json"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes(RawGatewayClient.Identify()), WebSocketMessageType.Text, true, CancellationToken.None);
        var codec = GatewayCodecs.ForClient(GatewayEncoding.Json);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            var frame = codec.Decode(buffer.AsSpan(0, result.Count));
            if (frame.EventName == "READY")
            {
                await socket.CloseAsync(status, "bye", CancellationToken.None);
                await Task.Delay(100);
                return SessionOf(frame);
            }
        }
    }

    private async Task<JsonObject> GatewayBotAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v10/gateway/bot");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", EmulatorServer.BotToken);
        using var response = await _server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<RawGatewayClient> IdentifiedAsync(EmulatorServer server, int shardId = 0, int shardCount = 1)
    {
        var client = await RawGatewayClient.ConnectAsync(server);
        await client.ExpectAsync(10);
        await client.SendAsync(RawGatewayClient.Identify(shardId: shardId, shardCount: shardCount));
        return client;
    }

    private static string SessionOf(GatewayFrame ready)
    {
        using var json = JsonDocument.Parse(ready.Data);
        return json.RootElement.GetProperty("session_id").GetString()!;
    }
}
