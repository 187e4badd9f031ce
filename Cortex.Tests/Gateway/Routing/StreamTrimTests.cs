using System.Text;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Routing;
using Cortex.Tests.Support;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Tests.Gateway.Routing;

/// <summary>
/// Routing appends without a bound; the trimmer removes only what every consumer group acknowledged,
/// and past the hard cap drops (and reports) what it must.
/// </summary>
public sealed class StreamTrimTests : IAsyncLifetime
{
    private static readonly Uri ResumeUrl = new("ws://127.0.0.1:1/gateway/resume");
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_consumer_stopped_for_thousands_of_events_still_reads_every_one_once_and_then_the_stream_empties()
    {
        const string stream = "lagging:messages";
        // A hard cap below the traffic: the append path must not apply it (it was XADD MAXLEN ~ and
        // dropped what the stopped group had not read); only the trimmer's own cap may, and it is larger.
        var router = await RouterAsync("lagging", streamMaxLength: 1000);
        var trimmer = new StreamTrimmer(_redis.Connection);
        var db = _redis.Database;
        await db.StreamCreateConsumerGroupAsync(stream, "live", "0-0", createStream: true);
        await db.StreamCreateConsumerGroupAsync(stream, "stopped", "0-0", createStream: true);

        for (var start = 1; start <= 3000; start += 500)
        {
            await router.RouteAsync(Batch(), Messages(start, 500), start + 499);
            await ReadAllAsync(db, stream, "live"); // keeps up
            await trimmer.TrimAsync(stream, hardCap: 100_000);
        }

        Assert.Equal(3000, await db.StreamLengthAsync(stream));
        var seen = await ReadAllAsync(db, stream, "stopped", trimmer);

        Assert.Equal(Enumerable.Range(1, 3000), seen);
        var last = await trimmer.TrimAsync(stream, hardCap: 100_000);
        Assert.Equal(0, last.Length);
        Assert.Equal(0, last.DroppedUnread);
    }

    [Fact]
    public async Task Delivered_but_unacknowledged_entries_are_kept_until_acknowledged()
    {
        const string stream = "pending:messages";
        var router = await RouterAsync("pending");
        var trimmer = new StreamTrimmer(_redis.Connection);
        var db = _redis.Database;
        await db.StreamCreateConsumerGroupAsync(stream, "slow", "0-0", createStream: true);
        await router.RouteAsync(Batch(), Messages(1, 1000), 1000);

        var delivered = await db.StreamReadGroupAsync(stream, "slow", "worker", ">", count: 1000);
        var report = await trimmer.TrimAsync(stream, hardCap: 100_000);

        Assert.Equal((1000, 0L), (report.Length, report.Trimmed));
        Assert.Equal(1000, Assert.Single(report.Groups).Pending);
        await db.StreamAcknowledgeAsync(stream, "slow", [.. delivered.Take(600).Select(e => e.Id)]);
        Assert.Equal(400, (await trimmer.TrimAsync(stream, hardCap: 100_000)).Length);
    }

    [Fact]
    public async Task Acknowledged_entries_stay_for_the_retention_window_then_go()
    {
        const string stream = "retained:messages";
        var router = await RouterAsync("retained");
        var db = _redis.Database;
        await db.StreamCreateConsumerGroupAsync(stream, "live", "0-0", createStream: true);
        await router.RouteAsync(Batch(), Messages(1, 100), 100);
        await ReadAllAsync(db, stream, "live");
        var trimmer = new StreamTrimmer(_redis.Connection);

        Assert.Equal(100, (await trimmer.TrimAsync(stream, hardCap: 100_000, retention: TimeSpan.FromMinutes(15))).Length);
        var later = new StreamTrimmer(_redis.Connection, new ShiftedClock(TimeSpan.FromMinutes(16)));
        Assert.Equal(0, (await later.TrimAsync(stream, hardCap: 100_000, retention: TimeSpan.FromMinutes(15))).Length);
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }

    [Fact]
    public async Task Past_the_hard_cap_unread_entries_are_dropped_and_reported()
    {
        const string stream = "capped:messages";
        var router = await RouterAsync("capped");
        await _redis.Database.StreamCreateConsumerGroupAsync(stream, "stopped", "0-0", createStream: true);
        await router.RouteAsync(Batch(), Messages(1, 3000), 3000);

        var report = await new StreamTrimmer(_redis.Connection).TrimAsync(stream, hardCap: 1000);

        Assert.Equal((1000, 2000L), (report.Length, report.DroppedUnread));
        Assert.Equal(3000, Assert.Single(report.Groups).Lag);
    }

    private static async Task<List<int>> ReadAllAsync(IDatabase db, string stream, string group, StreamTrimmer? trimmer = null)
    {
        var seen = new List<int>();
        while (true)
        {
            var batch = await db.StreamReadGroupAsync(stream, group, "worker", ">", count: 400);
            if (batch.Length == 0)
            {
                return seen;
            }

            seen.AddRange(batch.Select(e => (int)e["s"]));
            await db.StreamAcknowledgeAsync(stream, group, [.. batch.Select(e => e.Id)]);
            if (trimmer is not null)
            {
                await trimmer.TrimAsync(stream, hardCap: 100_000);
            }
        }
    }

    private async Task<StreamRouter> RouterAsync(string prefix, int streamMaxLength = 1_000_000)
    {
        var options = new GatewayOptions
        {
            StreamMaxLength = streamMaxLength,
            ReplicaId = "trim-test",
            KeyPrefix = prefix + ":",
            MessagesStream = prefix + ":messages",
            InteractionsStream = prefix + ":interactions",
        };
        options.ResolveReplicaId();
        await _redis.Database.StringSetAsync(prefix + ":lease:{0}", "trim-test");
        return new StreamRouter(_redis.Connection, new GatewayKeys(options.KeyPrefix), Options.Create(options));
    }

    private static RouteBatch Batch() => new(0, 2, "session-a", ResumeUrl, DateTimeOffset.UtcNow);

    private static List<RoutedEvent> Messages(int start, int count) =>
        [.. Enumerable.Range(start, count).Select(s => new RoutedEvent(StreamRouter.MessagesStream, "MESSAGE_CREATE", s, (ulong)s, Encoding.UTF8.GetBytes($"{{\"id\":\"{s}\"}}")))];
}
