using System.Text.Json;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>The shard connection against the emulator over real loopback WebSockets, in every encoding and compression.</summary>
public sealed class ShardConnectionTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartForGatewayAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<GatewayEncoding, TransportCompression> Wires() => new()
    {
        { GatewayEncoding.Json, TransportCompression.None },
        { GatewayEncoding.Json, TransportCompression.ZlibStream },
        { GatewayEncoding.Json, TransportCompression.ZstdStream },
        { GatewayEncoding.Etf, TransportCompression.None },
        { GatewayEncoding.Etf, TransportCompression.ZlibStream },
        { GatewayEncoding.Etf, TransportCompression.ZstdStream },
    };

    [Theory]
    [MemberData(nameof(Wires))]
    public async Task Identifies_gets_ready_and_guilds_then_receives_messages(GatewayEncoding encoding, TransportCompression compression)
    {
        var guild = _server.World.CreateGuild($"guild {encoding} {compression}");
        var user = _server.World.CreateUser("alice");
        _server.World.AddMember(guild.Id, user.Id);
        var channel = _server.World.GetChannels(guild.Id)[0];

        await using var shard = ShardHarness.Start(_server, encoding, compression);
        var ready = shard.WaitFor("READY");
        using (var readyJson = JsonDocument.Parse(ready.Data))
        {
            Assert.Equal(shard.Shard.State.SessionId, readyJson.RootElement.GetProperty("session_id").GetString());
            Assert.Equal(_server.World.BotUser.Id.ToString(), readyJson.RootElement.GetProperty("user").GetProperty("id").GetString());
        }

        var guildCreate = shard.WaitFor(d => d.EventName == "GUILD_CREATE" && Id(d) == guild.Id.ToString());
        Assert.True(guildCreate.Sequence > ready.Sequence);

        await _server.PostAsync("/control/messages", new { channel_id = channel.Id.ToString(), author_id = user.Id.ToString(), content = "hello shard" });
        var message = shard.WaitFor("MESSAGE_CREATE");
        using var json = JsonDocument.Parse(message.Data);
        Assert.Equal("hello shard", json.RootElement.GetProperty("content").GetString());
        Assert.Equal(channel.Id.ToString(), json.RootElement.GetProperty("channel_id").GetString());
        Assert.Equal(user.Id.ToString(), json.RootElement.GetProperty("author").GetProperty("id").GetString());
        Assert.Equal(message.Sequence, shard.Shard.State.Sequence);
        Assert.Equal(ShardStatus.Ready, shard.Shard.State.Status);
        Assert.Equal(1, shard.Shard.State.Identifies);
    }

    [Fact]
    public async Task Heartbeats_are_acknowledged_and_latency_is_measured()
    {
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        await ShardHarness.Until(() => shard.Shard.State.Latency is not null, "a heartbeat ACK");
        Assert.True(shard.Shard.State.Latency < TimeSpan.FromSeconds(1));
        Assert.NotNull(shard.Shard.State.LastFrameAt);
    }

    [Fact]
    public async Task Ready_carries_the_session_it_started_and_the_connection_exposes_it_as_one_value()
    {
        _server.World.CreateGuild("session guild");
        await using var shard = ShardHarness.Start(_server);
        var ready = shard.WaitFor("READY");
        var guildCreate = shard.WaitFor("GUILD_CREATE");

        using var readyJson = JsonDocument.Parse(ready.Data);
        var started = Assert.IsType<GatewaySession>(ready.Started);
        Assert.Equal(readyJson.RootElement.GetProperty("session_id").GetString(), started.Id);
        Assert.Equal(new Uri(readyJson.RootElement.GetProperty("resume_gateway_url").GetString()!), started.ResumeUrl);
        Assert.Null(guildCreate.Started);
        var session = Assert.IsType<ShardSession>(shard.Shard.Session);
        Assert.Equal((started.Id, started.ResumeUrl), (session.SessionId, session.ResumeUrl));
        Assert.True(session.Sequence >= guildCreate.Sequence);
    }

    private static string? Id(GatewayDispatch dispatch)
    {
        using var json = JsonDocument.Parse(dispatch.Data);
        return json.RootElement.GetProperty("id").GetString();
    }
}
