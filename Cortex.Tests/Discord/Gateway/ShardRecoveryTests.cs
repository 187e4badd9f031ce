using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;
using Cortex.Emulator.World;
using Cortex.Tests.Support;

namespace Cortex.Tests.Discord.Gateway;

/// <summary>How the shard survives what the gateway does to it: drops, op 7, op 9, lost ACKs, server heartbeat requests.</summary>
public sealed class ShardRecoveryTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private WorldChannel _channel = null!;
    private WorldUser _user = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?>
        {
            ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "300",
            ["Emulator:Gateway:HeartbeatGraceMilliseconds"] = "2000",
        });
        var guild = _server.World.CreateGuild("recovery");
        _user = _server.World.CreateUser("bob");
        _server.World.AddMember(guild.Id, _user.Id);
        _channel = _server.World.GetChannels(guild.Id)[0];
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // zstd-stream too: the resumed connection is a new zstd frame, so the shard must start a new context with it.
    [Theory]
    [InlineData(false, TransportCompression.ZlibStream)]
    [InlineData(true, TransportCompression.ZlibStream)]
    [InlineData(false, TransportCompression.ZstdStream)]
    [InlineData(true, TransportCompression.ZstdStream)]
    public async Task A_dropped_connection_resumes_on_the_resume_url_and_replays_what_was_missed(bool withoutCloseFrame, TransportCompression compression)
    {
        await using var shard = ShardHarness.Start(_server, compression: compression);
        shard.WaitFor("READY");
        var sessionId = shard.Shard.State.SessionId;
        var first = await _server.ConnectionOfShardAsync(0);

        // Post two messages the emulator sends into a 300 ms delay, then drop the socket before they arrive: the shard
        // never sees them on this connection, so the resume must replay them. (Posting after the drop raced the
        // resume: a shard that reconnected faster than the posts got them live, after RESUMED.)
        await _server.PostAsync($"/control/gateway/connections/{first}/latency", new { milliseconds = 300 });
        Post("missed one");
        Post("missed two");
        await _server.PostAsync($"/control/gateway/connections/{first}/close", withoutCloseFrame ? new { abort = true } : new { code = 4000 });

        var resumed = shard.WaitFor("RESUMED");
        Assert.Equal(sessionId, shard.Shard.State.SessionId);
        Assert.Equal(1, shard.Shard.State.Identifies);
        Assert.True(shard.Shard.State.Resumes >= 1);
        var second = await _server.ConnectionOfShardAsync(0, c => c["id"]!.GetValue<int>() != first);
        var connection = (await _server.ConnectionsAsync()).Single(c => c!["id"]!.GetValue<int>() == second)!;
        Assert.True(connection["via_resume_url"]!.GetValue<bool>());
        Assert.Equal(TransportCompressions.QueryValue(compression), connection["compression"]!.GetValue<string>());

        var contents = shard.Received.Where(d => d.EventName == "MESSAGE_CREATE").Select(Content).ToList();
        Assert.Contains("missed one", contents);
        Assert.Contains("missed two", contents);
        var sequences = shard.Received.Select(d => d.Sequence).ToList();
        Assert.Equal(sequences.Distinct().Count(), sequences.Count);
        Assert.True(sequences.Zip(sequences.Skip(1)).All(p => p.Second == p.First + 1), $"sequences in order without gaps: {string.Join(",", sequences)}");
        Assert.True(resumed.Sequence > shard.Received.Last(d => d.EventName == "MESSAGE_CREATE").Sequence);
    }

    [Fact]
    public async Task Reconnect_op_7_resumes_the_session()
    {
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        var first = await _server.ConnectionOfShardAsync(0);
        await _server.PostAsync($"/control/gateway/connections/{first}/reconnect");
        shard.WaitFor("RESUMED");
        Assert.Equal(1, shard.Shard.State.Identifies);
        Assert.Equal(1, shard.Shard.State.Resumes);
    }

    [Fact]
    public async Task Invalid_session_true_resumes_and_false_identifies_again()
    {
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        var sessionId = shard.Shard.State.SessionId;
        var first = await _server.ConnectionOfShardAsync(0);
        await _server.PostAsync($"/control/gateway/connections/{first}/invalid-session", new { resumable = true });
        shard.WaitFor("RESUMED");
        Assert.Equal(sessionId, shard.Shard.State.SessionId);

        var second = await _server.ConnectionOfShardAsync(0, c => c["id"]!.GetValue<int>() != first);
        await _server.PostAsync($"/control/gateway/connections/{second}/invalid-session", new { resumable = false });
        shard.WaitFor("READY", occurrence: 2);
        Assert.Equal(2, shard.Shard.State.Identifies);
        Assert.NotEqual(sessionId, shard.Shard.State.SessionId);
    }

    [Fact]
    public async Task A_missing_heartbeat_ack_is_a_zombie_connection_and_is_resumed()
    {
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        var first = await _server.ConnectionOfShardAsync(0);
        await _server.PostAsync($"/control/gateway/connections/{first}/heartbeat-acks", new { enabled = false });
        shard.WaitFor("RESUMED");
        Assert.Equal(1, shard.Shard.State.Identifies);
        var second = await _server.ConnectionOfShardAsync(0, c => c["id"]!.GetValue<int>() != first);
        Assert.True((await _server.ConnectionsAsync()).Single(c => c!["id"]!.GetValue<int>() == second)!["ack_heartbeats"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_heartbeat_request_op_1_is_answered_at_once()
    {
        // A long interval, so only the request can explain a prompt heartbeat.
        await using var server = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?> { ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "60000" });
        await using var shard = ShardHarness.Start(server);
        shard.WaitFor("READY");
        var id = await server.ConnectionOfShardAsync(0);
        var before = await HeartbeatsAsync(server, id);
        await server.PostAsync($"/control/gateway/connections/{id}/heartbeat-request");
        await ShardHarness.Until(() => HeartbeatsAsync(server, id).Result > before, "the requested heartbeat", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Any_frame_counts_as_liveness_so_a_busy_connection_without_acks_stays_up()
    {
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        var id = await _server.ConnectionOfShardAsync(0);
        await _server.PostAsync($"/control/gateway/connections/{id}/heartbeat-acks", new { enabled = false });
        // Traffic every 50 ms for 1.5 s (five heartbeat intervals): frames keep arriving, so no zombie.
        for (var i = 0; i < 30; i++)
        {
            Post($"busy {i}");
            await Task.Delay(50);
        }

        Assert.Equal(0, shard.Shard.State.Resumes);
        Assert.Equal(id, await _server.ConnectionOfShardAsync(0));
    }

    [Fact]
    public async Task A_saved_session_is_resumed_by_a_new_shard_connection_and_one_for_another_shard_count_is_not()
    {
        var sessions = new InMemoryShardSessionStore();
        string? sessionId;
        await using (var first = ShardHarness.Start(_server, sessions: sessions))
        {
            first.WaitFor("READY");
            sessionId = first.Shard.State.SessionId;
        }

        // Stopping closed resumably and saved the session: a new connection (think: another replica) resumes it.
        Assert.Equal(sessionId, (await sessions.LoadAsync(0, default))!.SessionId);
        await using (var second = ShardHarness.Start(_server, sessions: sessions))
        {
            second.WaitFor("RESUMED");
            Assert.Equal(0, second.Shard.State.Identifies);
            Assert.Equal(sessionId, second.Shard.State.SessionId);
        }

        await using var resharded = ShardHarness.Start(_server, configure: o => o with { ShardCount = 2 }, sessions: sessions);
        resharded.WaitFor("READY");
        Assert.Equal(0, resharded.Shard.State.Resumes);
        Assert.NotEqual(sessionId, resharded.Shard.State.SessionId);
    }

    private void Post(string content) => _server.World.CreateMessage(_channel.Id, _user.Id, content);

    private static string? Content(GatewayDispatch dispatch)
    {
        using var json = JsonDocument.Parse(dispatch.Data);
        return json.RootElement.GetProperty("content").GetString();
    }

    private static async Task<int> HeartbeatsAsync(EmulatorServer server, int id) =>
        (await server.ConnectionsAsync()).Single(c => c!["id"]!.GetValue<int>() == id)!["heartbeats_received"]!.GetValue<int>();
}
