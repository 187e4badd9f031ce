using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Emulator.Gateway;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Support;

namespace Cortex.Tests.Emulator.Gateway;

/// <summary>The emulator's control API: building the world over HTTP, injecting dispatches, latency and the firehose.</summary>
public sealed class ControlApiTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartForGatewayAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task World_changes_made_over_http_reach_the_shard_as_dispatches()
    {
        await using var shard = ShardHarness.Start(_server, configure: o => o with { Intents = o.Intents | Cortex.Discord.Gateway.GatewayIntents.GuildMembers });
        shard.WaitFor("READY");

        var user = await PostJsonAsync("/control/users", new { username = "frank" });
        var guild = await PostJsonAsync("/control/guilds", new { name = "made over http", owner_id = user["id"]!.GetValue<string>() });
        var guildId = guild["id"]!.GetValue<string>();
        shard.WaitFor(d => d.EventName == "GUILD_CREATE" && Field(d, "id") == guildId);
        var channel = await PostJsonAsync($"/control/guilds/{guildId}/channels", new { name = "news" });
        shard.WaitFor(d => d.EventName == "CHANNEL_CREATE" && Field(d, "name") == "news");
        var role = await PostJsonAsync($"/control/guilds/{guildId}/roles", new { name = "mods", permissions = "8" });
        shard.WaitFor(d => d.EventName == "GUILD_ROLE_CREATE");
        var member = await PostJsonAsync("/control/users", new { username = "grace" });
        await PostJsonAsync($"/control/guilds/{guildId}/members", new { user_id = member["id"]!.GetValue<string>(), role_ids = new[] { role["id"]!.GetValue<string>() } });
        shard.WaitFor(d => d.EventName == "GUILD_MEMBER_ADD");
        var message = await PostJsonAsync("/control/messages", new { channel_id = channel["id"]!.GetValue<string>(), author_id = member["id"]!.GetValue<string>(), content = "over http" });
        var dispatched = shard.WaitFor("MESSAGE_CREATE");
        Assert.Equal(message["id"]!.GetValue<string>(), Field(dispatched, "id"));
        Assert.Equal("over http", Field(dispatched, "content"));
    }

    [Fact]
    public async Task Any_dispatch_can_be_injected_by_guild_or_shard()
    {
        var guild = _server.World.CreateGuild("inject");
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("GUILD_CREATE");
        var byGuild = await PostJsonAsync("/control/gateway/dispatch", new { type = "TYPING_START", guild_id = guild.Id.ToString(), data = new { channel_id = "1", user_id = "2", timestamp = 3 } });
        Assert.Equal(1, byGuild["sessions"]!.GetValue<int>());
        var typing = shard.WaitFor("TYPING_START");
        Assert.Equal("1", Field(typing, "channel_id"));
        var toOtherShard = await PostJsonAsync("/control/gateway/dispatch", new { type = "CUSTOM", shard_id = 5, data = new { } });
        Assert.Equal(0, toOtherShard["sessions"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/control/messages", """{"channel_id":"1","author_id":"2","content":"x"}""")]
    [InlineData("/control/messages", """{"channel_id":"not a number","author_id":"2","content":"x"}""")]
    [InlineData("/control/guilds", """{"name":""}""")]
    [InlineData("/control/guilds", """not json""")]
    [InlineData("/control/gateway/dispatch", """{"type":"X","data":[1]}""")]
    public async Task Bad_requests_get_problem_details_and_change_nothing(string path, string body)
    {
        var guildsBefore = _server.World.GetGuilds().Count;
        using var response = await _server.Http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(string.IsNullOrWhiteSpace(problem!["detail"]?.GetValue<string>()));
        Assert.Equal(guildsBefore, _server.World.GetGuilds().Count);
    }

    [Fact]
    public async Task Unknown_connections_are_404_problems()
    {
        using var response = await _server.Http.PostAsync("/control/gateway/connections/999/reconnect", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Added_latency_delays_every_frame_and_shows_in_the_shards_measured_latency()
    {
        // The interval leaves the delayed ACK a wide margin: at 200 ms a loaded CI machine let the next heartbeat's
        // zombie check fire before the 150 ms-late ACK was read, and the shard resumed on a connection without latency.
        await using var server = await EmulatorServer.StartForGatewayAsync(new Dictionary<string, string?> { ["Emulator:Gateway:HeartbeatIntervalMilliseconds"] = "1000" });
        await using var shard = ShardHarness.Start(server);
        shard.WaitFor("READY");
        var id = await server.ConnectionOfShardAsync(0);
        await server.PostAsync($"/control/gateway/connections/{id}/latency", new { milliseconds = 150 });
        await ShardHarness.Until(() => shard.Shard.State.Latency >= TimeSpan.FromMilliseconds(140), "latency of at least 150 ms");
    }

    [Fact]
    public async Task The_firehose_sends_the_recorded_mix_in_order_as_fast_as_the_client_reads()
    {
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        var id = await _server.ConnectionOfShardAsync(0);
        var started = await PostJsonAsync($"/control/gateway/connections/{id}/firehose", new { count = 2000 });
        var first = started["first_sequence"]!.GetValue<int>();
        shard.WaitFor(d => d.Sequence == first + 1999, TimeSpan.FromSeconds(30));
        var fire = shard.Received.Where(d => d.Sequence >= first).ToList();
        Assert.Equal(2000, fire.Count);
        Assert.Equal(1900, fire.Count(d => d.EventName == "MESSAGE_CREATE"));
        Assert.Equal(100, fire.Count(d => d.EventName == "GUILD_CREATE"));
        Assert.Equal(Enumerable.Range(first, 2000), fire.Select(d => d.Sequence));
    }

    [Theory]
    [InlineData(Cortex.Discord.Compression.TransportCompression.ZlibStream)]
    [InlineData(Cortex.Discord.Compression.TransportCompression.ZstdStream)]
    public async Task The_firehose_answers_once_its_round_is_compressed_and_the_stream_decodes_in_order(Cortex.Discord.Compression.TransportCompression compression)
    {
        await using var shard = ShardHarness.Start(_server, compression: compression);
        shard.WaitFor("READY");
        var id = await _server.ConnectionOfShardAsync(0);

        // Two rounds back to back on one compression context: the second's frames are compressed after the first's.
        var rounds = new List<JsonObject>();
        for (var i = 0; i < 2; i++)
        {
            rounds.Add(await PostJsonAsync($"/control/gateway/connections/{id}/firehose", new { count = 1500 }));
        }

        var first = rounds[0]["first_sequence"]!.GetValue<int>();
        Assert.Equal(first + 1500, rounds[1]["first_sequence"]!.GetValue<int>());
        shard.WaitFor(d => d.Sequence == first + 2999, TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(first, 3000), shard.Received.Where(d => d.Sequence >= first).Select(d => d.Sequence));
        Assert.Single(shard.Received, d => d.EventName == "READY");
        Assert.DoesNotContain(shard.Received, d => d.EventName == "RESUMED");

        // The answer carries the round's wire bytes, which exist only once every frame was compressed.
        var raw = Enumerable.Range(0, 1500).Sum(i => (long)RecordedEventMix.All[i % RecordedEventMix.All.Count].Data.Length);
        Assert.All(rounds, r => Assert.InRange(r["prepared_bytes"]!.GetValue<long>(), 1, raw / 2));
    }

    [Fact]
    public async Task The_firehose_cycles_a_named_mix_and_refuses_an_unknown_one()
    {
        var guildCreate = RecordedEventMix.All.First(e => e.EventName == "GUILD_CREATE");
        var message = RecordedEventMix.All.First(e => e.EventName == "MESSAGE_CREATE");
        _server.FirehoseMixes.Add("guild-then-message", [guildCreate, message]);
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        var id = await _server.ConnectionOfShardAsync(0);

        var started = await PostJsonAsync($"/control/gateway/connections/{id}/firehose", new { count = 5, mix = "guild-then-message" });
        var first = started["first_sequence"]!.GetValue<int>();
        shard.WaitFor(d => d.Sequence == first + 4, TimeSpan.FromSeconds(30));
        var fire = shard.Received.Where(d => d.Sequence >= first).Select(d => d.EventName);
        Assert.Equal(["GUILD_CREATE", "MESSAGE_CREATE", "GUILD_CREATE", "MESSAGE_CREATE", "GUILD_CREATE"], fire);

        using var unknown = await _server.Http.PostAsync($"/control/gateway/connections/{id}/firehose", new StringContent("""{"count":1,"mix":"no-such-mix"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no-such-mix", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paced_firehose_spreads_its_events_over_count_over_pace_and_an_unpaced_one_does_not_wait()
    {
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        var id = await _server.ConnectionOfShardAsync(0);
        const int count = 300;
        const int pace = 100;

        // The pacer's clock starts at the first event, which is sent just after the answer: the last is due (count - 1) / pace
        // seconds later and the middle one half of that; generous bounds, for a shared machine.
        var paced = await PostJsonAsync($"/control/gateway/connections/{id}/firehose", new { count, events_per_second = pace });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = paced["first_sequence"]!.GetValue<int>();
        shard.WaitFor(d => d.Sequence == first + (count / 2), TimeSpan.FromSeconds(30));
        var middle = clock.Elapsed.TotalSeconds;
        shard.WaitFor(d => d.Sequence == first + count - 1, TimeSpan.FromSeconds(30));
        var last = clock.Elapsed.TotalSeconds;
        const double due = (count - 1) / (double)pace;
        Assert.InRange(middle, due / 2 * 0.8, due * 2);
        Assert.InRange(last, due * 0.8, due * 4);
        Assert.Equal(Enumerable.Range(first, count), shard.Received.Where(d => d.Sequence >= first).Select(d => d.Sequence));

        // Without a pace the same round goes as fast as the client reads, as before pacing existed.
        var unpaced = await PostJsonAsync($"/control/gateway/connections/{id}/firehose", new { count });
        clock.Restart();
        var next = unpaced["first_sequence"]!.GetValue<int>();
        Assert.Equal(first + count, next);
        shard.WaitFor(d => d.Sequence == next + count - 1, TimeSpan.FromSeconds(30));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, due / 3);
        Assert.Equal(Enumerable.Range(first, 2 * count), shard.Received.Where(d => d.Sequence >= first).Select(d => d.Sequence));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1000001")]
    [InlineData("2.5")]
    [InlineData("\"fast\"")]
    public async Task A_firehose_pace_out_of_range_or_not_a_whole_number_is_a_400_problem_and_sends_nothing(string pace)
    {
        await using var shard = ShardHarness.Start(_server);
        shard.WaitFor("READY");
        var id = await _server.ConnectionOfShardAsync(0);
        var before = await SessionSequenceAsync();

        using var response = await _server.Http.PostAsync(
            $"/control/gateway/connections/{id}/firehose", new StringContent($$"""{"count":5,"events_per_second":{{pace}}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));

        // Nothing was dispatched: the session's sequence is where it was.
        Assert.Equal(before, await SessionSequenceAsync());
    }

    private async Task<int> SessionSequenceAsync() =>
        (await _server.Http.GetFromJsonAsync<JsonArray>("/control/gateway/sessions"))!.Single()!["sequence"]!.GetValue<int>();

    private async Task<JsonObject> PostJsonAsync(string path, object body)
    {
        using var response = await _server.Http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string? Field(Cortex.Discord.Gateway.GatewayDispatch dispatch, string name)
    {
        using var json = JsonDocument.Parse(dispatch.Data);
        return json.RootElement.TryGetProperty(name, out var value) ? value.ToString() : null;
    }
}
