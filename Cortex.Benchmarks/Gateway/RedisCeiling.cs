using System.Diagnostics;
using System.Globalization;
using Cortex.Emulator.Gateway;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Routing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// What Redis itself allows for the gateway's writes, from this process with the firehose's own
/// MESSAGE_CREATE payloads: pipelined raw XADD (fields t/shard/s/id/d, no MAXLEN: as the gateway writes
/// them since trimming moved to <see cref="StreamTrimService"/>, which never drops unacknowledged entries) and the gateway's routing script (<see cref="StreamRouter"/>: lease check, dedupe mark,
/// XADDs and the session save in one call), with the same batch size and one writer per shard. Also the
/// light-load case where every event is its own batch, so every event also saves the session.
/// </summary>
internal static class RedisCeiling
{
    private static readonly Lazy<(byte[] Data, DispatchFields Fields)[]> Messages = new(() =>
        [.. RecordedEventMix.All.Where(e => e.EventName == "MESSAGE_CREATE").Select(e => (e.Data, DispatchFields.Read(e.Data)))]);

    public static async Task<CeilingRound> RawXaddAsync(ConnectionMultiplexer redis, BenchProcess redisProcess, int writers, int total, int batchSize)
    {
        var db = redis.GetDatabase();
        RedisKey stream = "bench:raw:messages";
        return await MeasureAsync(redis, redisProcess, total, stream, async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
            {
                var messages = Messages.Value;
                var tasks = new Task[batchSize];
                for (var sent = 0; sent < total / writers;)
                {
                    var count = Math.Min(batchSize, (total / writers) - sent);
                    for (var i = 0; i < count; i++, sent++)
                    {
                        var (data, fields) = messages[sent % messages.Length];
                        tasks[i] = db.StreamAddAsync(
                            stream,
                            [new("t", "MESSAGE_CREATE"), new("shard", writer), new("s", sent + 1), new("id", fields.Id), new("d", data)]);
                    }

                    await Task.WhenAll(tasks.AsSpan(0, count).ToArray());
                }
            }));
            return total / writers * writers;
        });
    }

    public static async Task<CeilingRound> RouterScriptAsync(ConnectionMultiplexer redis, BenchProcess redisProcess, int writers, int total, int batchSize)
    {
        var (router, keys, options) = Router(redis, "bench:router:");
        var db = redis.GetDatabase();
        for (var shard = 0; shard < writers; shard++)
        {
            await db.StringSetAsync(keys.Lease(shard), options.ResolvedReplicaId);
            await db.KeyDeleteAsync(GatewayKeys.Delivered(options.MessagesStream, shard));
        }

        return await MeasureAsync(redis, redisProcess, total, options.MessagesStream, async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, writers).Select(async shard =>
            {
                var messages = Messages.Value;
                var session = $"bench-session-{shard}";
                var resume = new Uri("ws://127.0.0.1/gateway/resume");
                var batch = new List<RoutedEvent>(batchSize);
                for (var sent = 0; sent < total / writers;)
                {
                    batch.Clear();
                    var count = Math.Min(batchSize, (total / writers) - sent);
                    for (var i = 0; i < count; i++, sent++)
                    {
                        var (data, fields) = messages[sent % messages.Length];
                        batch.Add(new RoutedEvent(StreamRouter.MessagesStream, "MESSAGE_CREATE", sent + 1, fields.Id, data) { IdDigits = fields.IdDigits });
                    }

                    await router.RouteAsync(new RouteBatch(shard, writers, session, resume, DateTimeOffset.UtcNow), batch, sent);
                }
            }));
            return total / writers * writers;
        });
    }

    /// <summary>One event at a time, each awaited: a single XADD, and the routing script with a batch of one.</summary>
    public static async Task<LightLoad> LightLoadAsync(ConnectionMultiplexer redis, int events)
    {
        var (router, keys, options) = Router(redis, "bench:light:");
        var db = redis.GetDatabase();
        await db.StringSetAsync(keys.Lease(0), options.ResolvedReplicaId);
        await db.KeyDeleteAsync(GatewayKeys.Delivered(options.MessagesStream, 0));
        var messages = Messages.Value;
        var resume = new Uri("ws://127.0.0.1/gateway/resume");
        var ping = new List<double>(events);
        var xadd = new List<double>(events);
        var script = new List<double>(events);
        List<RoutedEvent> one = [default];
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await server.ExecuteAsync("CONFIG", "RESETSTAT");
        for (var i = 0; i < events; i++)
        {
            var (data, fields) = messages[i % messages.Length];
            var started = Stopwatch.GetTimestamp();
            await db.PingAsync();
            ping.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);

            started = Stopwatch.GetTimestamp();
            await db.StreamAddAsync(
                "bench:light:raw",
                [new("t", "MESSAGE_CREATE"), new("shard", 0), new("s", i + 1), new("id", fields.Id), new("d", data)]);
            xadd.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);

            one[0] = new RoutedEvent(StreamRouter.MessagesStream, "MESSAGE_CREATE", i + 1, fields.Id, data) { IdDigits = fields.IdDigits };
            started = Stopwatch.GetTimestamp();
            await router.RouteAsync(new RouteBatch(0, 1, "bench-light", resume, DateTimeOffset.UtcNow), one, i + 1);
            script.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        var stats = await CommandStats.ReadAsync(server);
        await db.KeyDeleteAsync(["bench:light:raw", options.MessagesStream]);
        return new LightLoad(events, Median(ping), Median(xadd), Median(script), stats);
    }

    private static (StreamRouter Router, GatewayKeys Keys, GatewayOptions Options) Router(IConnectionMultiplexer redis, string prefix)
    {
        var options = new GatewayOptions
        {
            ReplicaId = "bench-replica",
            KeyPrefix = prefix,
            MessagesStream = prefix + "messages",
            InteractionsStream = prefix + "interactions",
        };
        options.ResolveReplicaId();
        var keys = new GatewayKeys(prefix);
        return (new StreamRouter(redis, keys, Options.Create(options)), keys, options);
    }

    private static async Task<CeilingRound> MeasureAsync(ConnectionMultiplexer redis, BenchProcess redisProcess, int total, RedisKey stream, Func<Task<int>> write)
    {
        var db = redis.GetDatabase();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await db.KeyDeleteAsync(stream);
        await server.ExecuteAsync("CONFIG", "RESETSTAT");
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var (clientCpu, redisCpu) = (self.TotalProcessorTime, redisProcess.Cpu);
        var clock = Stopwatch.StartNew();
        var written = await write();
        var wall = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var round = new CeilingRound(
            written,
            wall,
            (self.TotalProcessorTime - clientCpu).TotalSeconds,
            (redisProcess.Cpu - redisCpu).TotalSeconds,
            await CommandStats.ReadAsync(server));
        await db.KeyDeleteAsync(stream);
        _ = total;
        return round;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

internal sealed record CeilingRound(int Entries, double WallSeconds, double ClientCpu, double RedisCpu, CommandStats Redis)
{
    public double EntriesPerSecond => Entries / WallSeconds;

    public double ClientCpuPer100K => ClientCpu * 100_000 / Entries;

    public double RedisCpuPer100K => RedisCpu * 100_000 / Entries;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"entries={Entries} wall={WallSeconds:F2}s entries/s={EntriesPerSecond:N0} cpu-s/100k client={ClientCpuPer100K:F2} redis={RedisCpuPer100K:F2} | redis {Redis.Describe(Entries)}");
}

internal sealed record LightLoad(int Events, double PingMicroseconds, double XaddMicroseconds, double ScriptMicroseconds, CommandStats Redis)
{
    public override string ToString()
    {
        // Inside Redis, per event: the script as a whole, and the session save (SET session:{shard}) within it.
        var (scripts, scriptUs) = (Redis.Of("evalsha").Calls + Redis.Of("eval").Calls, Redis.Of("evalsha").Microseconds + Redis.Of("eval").Microseconds);
        var (sets, setUs) = Redis.Of("set");
        var (xadds, xaddUs) = Redis.Of("xadd");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Events} events one at a time, median round trip: PING {PingMicroseconds:F0} us, single XADD {XaddMicroseconds:F0} us, routing script with a batch of 1 (lease + dedupe + XADD + session save) {ScriptMicroseconds:F0} us; "
            + $"inside Redis: script {scriptUs / (double)Math.Max(1, scripts):F1} us per call, XADD {xaddUs / (double)Math.Max(1, xadds):F1} us per call ({xadds} calls), session SET {setUs / (double)Math.Max(1, sets):F1} us per call ({sets} calls)");
    }
}
