using System.Text;
using System.Text.Json.Nodes;
using Cortex.Events.Streams;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Routing;
using Cortex.Tests.Support;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Tests.Gateway.Routing;

/// <summary>
/// The routing script on a real single Redis: one call per batch, replays skipped, sessions saved with the batch, writes fenced
/// by the lease (the two-step path of a cluster: GatewayScriptsOnClusterTests; trimming: StreamTrimTests).
/// </summary>
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
    public async Task On_a_single_Redis_the_session_is_saved_with_the_batch_in_the_seed_shape_and_expires_after_90_s()
    {
        var router = await RouterAsync("saved", holdLease: true);

        // The fence, the appends and the save are one script: the save comes after the appends, so it can be at the batch's end.
        await router.RouteAsync(Batch("session-a"), Messages(7), 9);

        var session = JsonNode.Parse((string)(await _redis.Database.StringGetAsync("saved:session:{0}"))!)!;
        Assert.Equal("session-a", session["sessionId"]!.GetValue<string>());
        Assert.Equal(ResumeUrl.ToString(), session["resumeUrl"]!.GetValue<string>());
        Assert.Equal(9, session["lastSeq"]!.GetValue<int>());
        Assert.Equal(2, session["shardCount"]!.GetValue<int>());
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - session["savedAt"]!.GetValue<long>(), 0, 5000);
        Assert.InRange((await _redis.Database.KeyTimeToLiveAsync("saved:session:{0}"))!.Value.TotalSeconds, 85, 90);
    }

    [Fact]
    public async Task On_a_single_Redis_a_batch_of_messages_and_interactions_is_one_script_call_that_skips_replays()
    {
        var router = await RouterAsync("one-call", holdLease: true);
        var batch = Batch("session-a");
        await router.RouteAsync(batch, [Message(1), Interaction(2, 9001)], 2);
        var scriptsBefore = await ScriptCallsAsync();

        var replay = await router.RouteAsync(batch, [Interaction(2, 9001), Message(3), Interaction(4, 9002)], 4);

        Assert.Equal((2, 1, 4), (replay.Added, replay.Skipped, replay.Delivered));
        Assert.Equal(1, await ScriptCallsAsync() - scriptsBefore);
        Assert.Equal([1, 3], (await StreamLedger.ReadAsync(_redis.Database, "one-call:messages")).Select(e => e.Sequence));
        Assert.Equal(["9001", "9002"], (await StreamLedger.ReadAsync(_redis.Database, "one-call:interactions")).Select(e => e.Id));
        Assert.Equal(4, await LastSequenceAsync("one-call:session:{0}"));
    }

    [Fact]
    public async Task An_entrys_id_and_guild_are_the_digits_read_from_d_and_other_ids_are_formatted()
    {
        var router = await RouterAsync("digits", holdLease: true);
        var fromD = DispatchFields.Read(Encoding.UTF8.GetBytes("""{"id":"1234567890123456789","guild_id":"987654321098765432"}"""));
        var padded = DispatchFields.Read(Encoding.UTF8.GetBytes("""{"id":"0042","guild_id":"0"}"""));

        await router.RouteAsync(Batch("session-a"), [Routed(1, fromD), Routed(2, padded), Message(3)], 3);

        var entries = await _redis.Database.StreamRangeAsync("digits:messages");
        Assert.Equal(["1234567890123456789", "42", "3"], entries.Select(e => (string?)e[EventStreams.Fields.Id]));
        Assert.Equal(["987654321098765432", "0", "0"], entries.Select(e => (string?)e[EventStreams.Fields.Guild]));
    }

    [Fact]
    public async Task A_messages_partitions_type_goes_into_the_call_once_and_the_guilds_partitions_with_each_entry()
    {
        var router = await RouterAsync("layout", holdLease: true);
        using var admin = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ExecuteAsync("CONFIG", "SET", "slowlog-log-slower-than", "0");
        await server.SlowlogResetAsync();

        // Two calls: the slow log keeps a command's first 32 arguments only.
        await router.RouteAsync(Batch("session-a"), [Message(1), Message(3)], 3);
        await router.RouteAsync(Batch("session-a"), [Guild(2, "GUILD_CREATE"), Guild(4, "GUILD_UPDATE")], 4);

        // EVAL or EVALSHA, the script or its hash, the key count, the keys (lease, session, the partition's stream and mark),
        // then the arguments: the five of the batch, then the partition's count, seen ttl, type and entries' header (per entry
        // [type,] sequence, id and guild, each a length byte and its text), and its entries' data.
        var calls = (await server.SlowlogGetAsync(10))
            .Where(trace => ((string)trace.Arguments[0]!).StartsWith("EVAL", StringComparison.OrdinalIgnoreCase))
            .Select(trace => trace.Arguments.Skip(3 + (int)trace.Arguments[2]).Skip(5).Select(argument => (string?)argument).ToArray())
            .Reverse()
            .ToList();
        Assert.Equal(
            [
                ["2", "0", "MESSAGE_CREATE", Packed("1", "1", "0", "3", "3", "0"), """{"id":"1"}""", """{"id":"3"}"""],
                ["2", "0", "", Packed("GUILD_CREATE", "2", "2", "2", "GUILD_UPDATE", "4", "4", "4"), """{"id":"2"}""", """{"id":"4"}"""],
            ],
            calls);

        // What consumers read is unchanged: every entry's fields, in order, as before.
        Assert.Equal(
            [["t=MESSAGE_CREATE", "shard=0", "s=1", "id=1", "g=0", """d={"id":"1"}"""], ["t=MESSAGE_CREATE", "shard=0", "s=3", "id=3", "g=0", """d={"id":"3"}"""]],
            await FieldsAsync("layout:messages"));
        Assert.Equal(
            [["t=GUILD_CREATE", "shard=0", "s=2", "id=2", "g=2", """d={"id":"2"}"""], ["t=GUILD_UPDATE", "shard=0", "s=4", "id=4", "g=4", """d={"id":"4"}"""]],
            await FieldsAsync("layout:guilds"));
    }

    [Fact]
    public async Task A_batch_of_every_stream_interleaved_writes_each_partitions_entries_exactly()
    {
        var router = await RouterAsync("mixed", holdLease: true);

        // One call of three partitions, each header rented for the call: one handed back before the call was written would be
        // rented again for the next partition and overwritten.
        var events = Enumerable.Range(1, 120).Select(s => (s % 3) switch
        {
            0 => Guild(s, s % 2 == 0 ? "GUILD_CREATE" : "GUILD_UPDATE"),
            1 => Message(s),
            _ => Interaction(s, 9000 + (ulong)s),
        }).ToList();
        var result = await router.RouteAsync(Batch("session-a"), events, 120);

        Assert.Equal((120, 0, 120), (result.Added, result.Skipped, result.Delivered));
        string[] Expected(RoutedEvent e) => [$"t={e.EventName}", "shard=0", $"s={e.Sequence}", $"id={e.Id}", $"g={e.GuildId}", "d=" + Encoding.UTF8.GetString(e.Data.Span)];
        Assert.Equal(events.Where(e => e.Stream == StreamRouter.MessagesStream).Select(Expected), await FieldsAsync("mixed:messages"));
        Assert.Equal(events.Where(e => e.Stream == StreamRouter.InteractionsStream).Select(Expected), await FieldsAsync("mixed:interactions"));
        Assert.Equal(events.Where(e => e.Stream == StreamRouter.GuildsStream).Select(Expected), await FieldsAsync("mixed:guilds"));
    }

    [Fact]
    public async Task The_same_batch_from_a_list_an_array_or_another_read_only_list_writes_the_same_entries()
    {
        List<RoutedEvent> events = [Message(1), Guild(2, "GUILD_CREATE"), Interaction(3, 9003), Message(4)];
        IReadOnlyList<RoutedEvent>[] forms = [events, events.ToArray(), events.AsReadOnly()];

        List<string[][]> written = [];
        for (var form = 0; form < forms.Length; form++)
        {
            var router = await RouterAsync($"form{form}", holdLease: true);
            var result = await router.RouteAsync(Batch("session-a"), forms[form], 4);
            Assert.Equal((4, 0, 4), (result.Added, result.Skipped, result.Delivered));
            written.Add([.. await FieldsAsync($"form{form}:messages"), .. await FieldsAsync($"form{form}:interactions"), .. await FieldsAsync($"form{form}:guilds")]);
        }

        Assert.Equal(4, written[0].Length);
        Assert.Equal(written[0], written[1]);
        Assert.Equal(written[0], written[2]);
    }

    [Fact]
    public async Task An_entrys_sequence_id_and_guild_keep_every_digit_at_their_largest()
    {
        var router = await RouterAsync("widest", holdLease: true);
        var fromD = DispatchFields.Read(Encoding.UTF8.GetBytes("""{"id":"18446744073709551615","guild_id":"18446744073709551614"}"""));
        var formatted = new RoutedEvent(StreamRouter.MessagesStream, "MESSAGE_CREATE", int.MaxValue, ulong.MaxValue, Encoding.UTF8.GetBytes("{}"), ulong.MaxValue - 2);

        var result = await router.RouteAsync(Batch("session-a"), [Routed(int.MaxValue - 1, fromD), formatted], int.MaxValue);

        Assert.Equal((2, 0, int.MaxValue), (result.Added, result.Skipped, result.Delivered));
        Assert.Equal(
            [
                ["t=MESSAGE_CREATE", "shard=0", "s=2147483646", "id=18446744073709551615", "g=18446744073709551614", "d={}"],
                ["t=MESSAGE_CREATE", "shard=0", "s=2147483647", "id=18446744073709551615", "g=18446744073709551613", "d={}"],
            ],
            await FieldsAsync("widest:messages"));
    }

    [Fact]
    public async Task A_guild_event_whose_type_cannot_be_packed_is_refused_before_anything_is_written()
    {
        var router = await RouterAsync("long-type", holdLease: true);
        var stray = new RoutedEvent(StreamRouter.GuildsStream, new string('G', 256), 2, 2, Encoding.UTF8.GetBytes("{}"), 2);

        await Assert.ThrowsAsync<InvalidOperationException>(() => router.RouteAsync(Batch("session-a"), [Guild(1, "GUILD_CREATE"), stray], 2));

        Assert.False(await _redis.Database.KeyExistsAsync("long-type:guilds"));
        Assert.False(await _redis.Database.KeyExistsAsync("long-type:session:{0}"));
    }

    [Fact]
    public async Task A_messages_partition_given_another_event_type_is_refused_before_anything_is_written()
    {
        var router = await RouterAsync("one-type", holdLease: true);
        var stray = new RoutedEvent(StreamRouter.MessagesStream, "MESSAGE_UPDATE", 2, 2, Encoding.UTF8.GetBytes("{}"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => router.RouteAsync(Batch("session-a"), [Message(1), stray], 2));

        Assert.False(await _redis.Database.KeyExistsAsync("one-type:messages"));
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
            GuildsStream = prefix + ":guilds",
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

    // Scripts the server has run (EVAL and EVALSHA), from INFO commandstats.
    private async Task<long> ScriptCallsAsync() => await _redis.CallsAsync("eval") + await _redis.CallsAsync("evalsha");

    private static RoutedEvent Message(int sequence) =>
        new(StreamRouter.MessagesStream, "MESSAGE_CREATE", sequence, (ulong)sequence, Encoding.UTF8.GetBytes($"{{\"id\":\"{sequence}\"}}"));

    private static RoutedEvent Routed(int sequence, DispatchFields fields) =>
        new(StreamRouter.MessagesStream, "MESSAGE_CREATE", sequence, fields.Id, Encoding.UTF8.GetBytes("{}"), fields.GuildId)
        {
            IdDigits = fields.IdDigits,
            GuildDigits = fields.GuildDigits,
        };

    // The entries' header as the script reads it: each field a length byte, then its text.
    private static string Packed(params string[] fields) => string.Concat(fields.Select(field => (char)field.Length + field));

    private async Task<string[][]> FieldsAsync(string stream) =>
        [.. (await _redis.Database.StreamRangeAsync(stream)).Select(entry => entry.Values.Select(field => $"{field.Name}={field.Value}").ToArray())];

    // A guild event: its guild is its own id.
    private static RoutedEvent Guild(int sequence, string eventName) =>
        new(StreamRouter.GuildsStream, eventName, sequence, (ulong)sequence, Encoding.UTF8.GetBytes($"{{\"id\":\"{sequence}\"}}"), (ulong)sequence);

    private static RoutedEvent Interaction(int sequence, ulong id) =>
        new(StreamRouter.InteractionsStream, "INTERACTION_CREATE", sequence, id, Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\"}}"));

    private static List<RoutedEvent> Messages(params int[] sequences) =>
        [.. sequences.Select(s => new RoutedEvent(StreamRouter.MessagesStream, "MESSAGE_CREATE", s, (ulong)s, Encoding.UTF8.GetBytes($"{{\"id\":\"{s}\"}}")))];
}
