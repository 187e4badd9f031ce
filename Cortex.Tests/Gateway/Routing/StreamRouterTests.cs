using System.Text;
using System.Text.Json.Nodes;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Routing;
using Cortex.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Gateway.Routing;

/// <summary>The routing script on a real Redis: replays skipped, sessions saved with the batch, writes fenced by the lease (trimming: StreamTrimTests).</summary>
public sealed class StreamRouterTests : IAsyncLifetime
{
    private static readonly Uri ResumeUrl = new("ws://127.0.0.1:1/gateway/resume");
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_replayed_batch_adds_only_what_is_new_and_records_the_last_sequence()
    {
        var router = await RouterAsync("replay", holdLease: true);
        var batch = Batch("session-a");

        var first = await router.RouteAsync(batch, Messages(1, 2, 3), 3);
        var replay = await router.RouteAsync(batch, Messages(2, 3, 4), 5);

        Assert.Equal((3, 0, 3), (first.Added, first.Skipped, first.Delivered));
        Assert.Equal((1, 2, 5), (replay.Added, replay.Skipped, replay.Delivered));
        var entries = await StreamLedger.ReadAsync(_redis.Database, "replay:messages");
        Assert.Equal([1, 2, 3, 4], entries.Select(e => e.Sequence));
        Assert.All(entries, e => Assert.Equal("MESSAGE_CREATE", e.Type));
        Assert.Equal("{\"id\":\"4\"}", entries[^1].Data);
    }

    [Fact]
    public async Task A_new_session_starts_a_new_sequence()
    {
        var router = await RouterAsync("sessions", holdLease: true);
        await router.RouteAsync(Batch("session-a"), Messages(1, 2, 3), 3);

        var fresh = await router.RouteAsync(Batch("session-b"), Messages(1, 2), 2);

        Assert.Equal(2, fresh.Added);
        Assert.Equal(5, (await StreamLedger.ReadAsync(_redis.Database, "sessions:messages")).Count);
    }

    [Fact]
    public async Task The_session_is_saved_one_batch_behind_the_streams_in_the_seed_shape_and_expires_after_90_s()
    {
        var router = await RouterAsync("saved", holdLease: true);
        var first = await router.RouteAsync(Batch("session-a"), Messages(7), 9);

        // Saved by the fence before the append: at the sequence already routed (none yet), never past the streams.
        Assert.Equal(0, await LastSequenceAsync("saved:session:{0}"));
        await router.RouteAsync(Batch("session-a") with { Confirmed = first.Delivered }, Messages(10), 10);

        var session = JsonNode.Parse((string)(await _redis.Database.StringGetAsync("saved:session:{0}"))!)!;
        Assert.Equal("session-a", session["sessionId"]!.GetValue<string>());
        Assert.Equal(ResumeUrl.ToString(), session["resumeUrl"]!.GetValue<string>());
        Assert.Equal(9, session["lastSeq"]!.GetValue<int>());
        Assert.Equal(2, session["shardCount"]!.GetValue<int>());
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - session["savedAt"]!.GetValue<long>(), 0, 5000);
        Assert.InRange((await _redis.Database.KeyTimeToLiveAsync("saved:session:{0}"))!.Value.TotalSeconds, 85, 90);
    }

    [Fact]
    public async Task A_batch_with_nothing_to_append_saves_its_last_sequence_at_once()
    {
        var router = await RouterAsync("quiet", holdLease: true);

        await router.RouteAsync(Batch("session-a"), [], 12);

        Assert.Equal(12, await LastSequenceAsync("quiet:session:{0}"));
    }

    [Fact]
    public async Task A_replica_without_the_lease_writes_nothing()
    {
        var router = await RouterAsync("fenced", holdLease: false);
        await _redis.Database.StringSetAsync("fenced:lease:{0}", "someone-else");

        await Assert.ThrowsAsync<LeaseLostException>(() => router.RouteAsync(Batch("session-a"), Messages(1), 1));

        Assert.Equal(0, await _redis.Database.StreamLengthAsync("fenced:messages"));
        Assert.False(await _redis.Database.KeyExistsAsync("fenced:session:{0}"));
    }

    private async Task<StreamRouter> RouterAsync(string prefix, bool holdLease)
    {
        var options = new GatewayOptions
        {
            ReplicaId = "router-test",
            KeyPrefix = prefix + ":",
            MessagesStream = prefix + ":messages",
            InteractionsStream = prefix + ":interactions",
        };
        options.ResolveReplicaId();
        if (holdLease)
        {
            await _redis.Database.StringSetAsync(prefix + ":lease:{0}", "router-test");
        }

        return new StreamRouter(_redis.Connection, new GatewayKeys(options.KeyPrefix), Options.Create(options));
    }

    private async Task<int> LastSequenceAsync(string key) =>
        JsonNode.Parse((string)(await _redis.Database.StringGetAsync(key))!)!["lastSeq"]!.GetValue<int>();

    private static RouteBatch Batch(string sessionId) => new(0, 2, sessionId, ResumeUrl, DateTimeOffset.UtcNow);

    private static List<RoutedEvent> Messages(params int[] sequences) =>
        [.. sequences.Select(s => new RoutedEvent(StreamRouter.MessagesStream, "MESSAGE_CREATE", s, (ulong)s, Encoding.UTF8.GetBytes($"{{\"id\":\"{s}\"}}")))];
}
