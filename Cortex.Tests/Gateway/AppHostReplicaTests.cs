using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Gateway;
using Cortex.Events.Streams;
using Cortex.Tests.Hosting;
using Cortex.Tests.Replicas;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Cortex.Tests.Gateway;

/// <summary>
/// The whole app with two gateway replicas (<c>WithReplicas</c>) over two shards, a 6 s lease renewed every second:
/// the AppHost knobs <c>Cortex:Gateway:Replicas</c>, <c>ShardCount</c>, <c>LeaseTime</c>, <c>LeaseRenewInterval</c>.
/// </summary>
public class GatewayReplicasAppFixture : CortexAppFixture
{
    public const int Shards = 2;

    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(6);

    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(1);

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Cortex:Gateway:Replicas=2",
        $"--Cortex:Gateway:ShardCount={Shards}",
        $"--Cortex:Gateway:LeaseTime={LeaseTime:c}",
        $"--Cortex:Gateway:LeaseRenewInterval={RenewInterval:c}",
    ];
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GatewayReplicasAppCollection : ICollectionFixture<GatewayReplicasAppFixture>
{
    public const string Name = "Cortex app, two gateway replicas";
}

/// <summary>
/// Issue 5's replica proof through the AppHost: each shard is connected exactly once and each replica owns one;
/// killing one replica's process hard moves its shard to the survivor within the lease time plus a tick, by RESUME
/// (the emulator keeps the one session of that shard), and every message posted before, during and after the
/// kill is in the stream exactly once. Any replica's GET /shards shows every shard's live state.
/// </summary>
[Collection(GatewayReplicasAppCollection.Name)]
public class AppHostReplicaTests(GatewayReplicasAppFixture app, ITestOutputHelper output)
{
    private const int Shards = GatewayReplicasAppFixture.Shards;

    [Fact]
    public async Task Killing_one_of_two_replicas_moves_its_shard_to_the_other_by_resume_without_loss_or_duplicates()
    {
        using var emulator = app.CreateHttpClient("emulator");
        // No resilience handler here: a request the proxy sends to the killed replica must fail fast, not retry for 30 s.
        using var gateway = Operator(app.CreateInternalClient("gateway").BaseAddress!);
        using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync("redis"));
        var replicaPids = await ReplicaProcesses.RunningAsync(app.App, "gateway", 2);
        Assert.Equal(2, replicaPids.Count);

        // Two replicas, one shard each, every shard connected exactly once — and whichever replica answers
        // /shards shows both shards live, the other replica's from its report in Redis.
        var split = await UntilAsync(gateway, v => Owners(v).Distinct().Count() == Shards && Owners(v).All(o => o is not null) && AllReady(v), "a 1/1 split, both shards Ready", TimeSpan.FromSeconds(90));
        await AssertOneConnectionPerShardAsync(emulator);
        var answeredBy = new HashSet<string>();
        for (var i = 0; i < 12; i++)
        {
            // A new connection each time: the endpoint proxy picks a replica per connection, not per request.
            var view = await ShardsAsync(gateway, newConnection: true);
            Assert.True(view is not null && AllReady(view), $"a partial view: {view}");
            answeredBy.Add(view["replica"]!.GetValue<string>());
            var remote = view["shards"]!.AsArray().Single(s => !s!["owned_here"]!.GetValue<bool>())!;
            Assert.Equal(remote["owner"]!.GetValue<string>(), remote["reported_by"]!.GetValue<string>());
            Assert.InRange(remote["report_age_ms"]!.GetValue<double>(), 0, GatewayReplicasAppFixture.LeaseTime.TotalMilliseconds);
        }

        output.WriteLine($"/shards answered by {string.Join(", ", answeredBy)}; owners {string.Join(", ", Owners(split))}");
        Assert.Equal(2, answeredBy.Count);

        var world = await ChannelPerShardAsync(emulator);
        var sessionsBefore = await SessionsAsync(emulator);
        List<string> posted = [];
        await PostAsync(emulator, world, posted, 5, "before");

        // Kill the owner of shard 1 hard: no drain, no close frame, no last save, no lease hand-back.
        const int victimShard = 1;
        var victim = Owners(split)[victimShard]!;
        var survivor = Owners(split).Single(o => o != victim)!;
        var pid = PidOf(victim);
        var launcher = ReplicaProcesses.AncestorIn(pid, replicaPids);
        output.WriteLine($"victim {victim}: gateway pid {pid}, DCP's executable.pid {launcher} ({Describe(launcher)})");
        using var stopPosting = new CancellationTokenSource();
        var during = Task.Run(async () =>
        {
            var round = 0;
            while (!stopPosting.IsCancellationRequested)
            {
                await PostAsync(emulator, world, posted, 1, "during " + round++);
                await Task.Delay(200);
            }
        });
        await Task.Delay(500);
        var killed = Stopwatch.StartNew();
        output.WriteLine($"kill at {DateTime.UtcNow:HH:mm:ss.fff} UTC");
        // The replica DCP runs is this process and the gateway under it: both die at once, with SIGKILL.
        await ReplicaProcesses.KillAsync(launcher, alsoGone: pid);

        // The take-over is timed on Redis (lease and the owner's report, what /shards merges), polled every 100 ms:
        // /shards itself is rate-limited to 60 requests a minute per client, too few to time it to a tenth of a second.
        var database = redis.GetDatabase();
        while (!await TakenOverAsync(database, victimShard, survivor))
        {
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(60), $"no take-over of shard {victimShard} by {survivor} within 60 s");
            await Task.Delay(100);
        }

        var takeOver = killed.Elapsed;

        // Then the survivor's own /shards (its port, not the proxy's) and the proxy's show it.
        using var direct = Operator(ReplicaProcesses.InternalAddress(PidOf(survivor)));
        var after = await UntilAsync(
            direct,
            v => Owners(v).All(o => o == survivor) && AllReady(v),
            "the survivor owns and runs both shards",
            TimeSpan.FromSeconds(90));
        var failedBefore = _failedPolls;
        var proxied = await UntilAsync(gateway, v => Owners(v).All(o => o == survivor) && AllReady(v), newConnection: true, "the proxy's /shards shows the take-over", TimeSpan.FromSeconds(90));
        output.WriteLine($"the proxy's /shards showed it {killed.Elapsed.TotalSeconds:F1} s after the kill ({_failedPolls - failedBefore} requests through the proxy failed or timed out on the way; {_rateLimitedPolls} polls got 429 in the whole test)");
        Assert.Equal(survivor, proxied["shards"]!.AsArray()[victimShard]!["reported_by"]!.GetValue<string>());
        await stopPosting.CancelAsync();
        await during;
        await PostAsync(emulator, world, posted, 5, "after");

        var moved = after["shards"]!.AsArray()[victimShard]!;
        output.WriteLine($"killed {victim} (pid {pid}); {survivor} took shard {victimShard} over in {takeOver.TotalSeconds:F1} s; " +
            $"there: identifies {moved["identifies"]}, resumes {moved["resumes"]}; lease {GatewayReplicasAppFixture.LeaseTime.TotalSeconds} s, tick {GatewayReplicasAppFixture.RenewInterval.TotalSeconds} s");
        Assert.Equal(survivor, after["replica"]!.GetValue<string>());
        Assert.Equal(0, moved["identifies"]!.GetValue<int>());
        Assert.True(moved["resumes"]!.GetValue<int>() >= 1, $"shard {victimShard} did not resume: {moved}");

        // The lease lapses within LeaseTime of the last renewal; the survivor claims at its next tick. Slack for a loaded 2-core machine.
        var bound = GatewayReplicasAppFixture.LeaseTime + GatewayReplicasAppFixture.RenewInterval + TimeSpan.FromSeconds(4);
        Assert.True(takeOver < bound, $"take-over took {takeOver} (bound {bound})");

        // No IDENTIFY where a RESUME was possible: the emulator holds one session per shard, the same as before the kill.
        var sessionsAfter = await SessionsAsync(emulator);
        for (var shard = 0; shard < Shards; shard++)
        {
            Assert.Equal(sessionsBefore[shard], sessionsAfter[shard]);
        }

        await WaitForStreamAsync(redis.GetDatabase(), posted);
        await AssertExactlyOnceAsync(redis.GetDatabase(), posted);
        output.WriteLine($"{posted.Count} messages posted on {Shards} shards, each in {EventStreams.Messages} exactly once");

        // DCP does not restart a killed replica on its own; should it, the replica rejoins and takes a shard back by
        // hand-back and RESUME, never as a second connection. Either way: still one connection per shard.
        var restarted = (await ReplicaProcesses.RunningAsync(app.App, "gateway", 2)).Except(replicaPids).ToList();
        output.WriteLine(restarted.Count == 0 ? "DCP did not restart the killed replica" : $"DCP restarted the killed replica as pid {string.Join(",", restarted)}");
        await AssertOneConnectionPerShardAsync(emulator);
    }

    private static async Task<bool> TakenOverAsync(IDatabase database, int shard, string survivor)
    {
        if ((string?)await database.StringGetAsync($"lease:{{{shard}}}") != survivor
            || (string?)await database.StringGetAsync($"shard:report:{{{shard}}}") is not { } json)
        {
            return false;
        }

        var report = JsonNode.Parse(json)!;
        return report["replica"]?.GetValue<string>() == survivor
            && report["status"]?.GetValue<string>() == "Ready"
            && report["resumes"]?.GetValue<int>() >= 1;
    }

    private static string?[] Owners(JsonObject view) => [.. view["shards"]!.AsArray().Select(s => s!["owner"]?.GetValue<string>())];

    private static bool AllReady(JsonObject view) =>
        view["shards"]!.AsArray().Count == Shards && view["shards"]!.AsArray().All(s => s!["status"]?.GetValue<string>() == "Ready");

    /// <summary>The gateway's replica id is <c>{machine}-{pid}-{random}</c> (no Gateway:ReplicaId is set under the AppHost).</summary>
    private static int PidOf(string replicaId)
    {
        var parts = replicaId.Split('-');
        return int.Parse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>A replica's own address: DCP gives each replica its port in ASPNETCORE_URLS; the resource's endpoint is a proxy in front of all.</summary>
    private HttpClient Operator(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.OperatorKey);
        return http;
    }

    private static string Describe(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    private static int _failedPolls;
    private static int _rateLimitedPolls;

    private static async Task<JsonObject?> ShardsAsync(HttpClient gateway, bool newConnection = false)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/shards", UriKind.Relative));
            request.Headers.ConnectionClose = newConnection;
            using var response = await gateway.SendAsync(request);
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref _rateLimitedPolls);
            }

            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _failedPolls);
            return null;
        }
    }

    private static Task<JsonObject> UntilAsync(HttpClient gateway, Func<JsonObject, bool> condition, string what, TimeSpan patience) =>
        UntilAsync(gateway, condition, newConnection: false, what, patience);

    private static async Task<JsonObject> UntilAsync(HttpClient gateway, Func<JsonObject, bool> condition, bool newConnection, string what, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ShardsAsync(gateway, newConnection) ?? last;
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException($"Timed out waiting for {what}; last /shards: {last}");
    }

    private static async Task AssertOneConnectionPerShardAsync(HttpClient emulator)
    {
        var connections = (await emulator.GetFromJsonAsync<JsonArray>("control/gateway/connections"))!;
        var perShard = connections.Where(c => c!["session_id"] is not null).GroupBy(c => c!["shard_id"]!.GetValue<int>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, Shards), perShard.Keys.Order());
        Assert.All(perShard.Values, count => Assert.Equal(1, count));
    }

    /// <summary>The session id of each shard; exactly one per shard (every IDENTIFY makes a new one, resumable for 180 s).</summary>
    private static async Task<string[]> SessionsAsync(HttpClient emulator)
    {
        var sessions = (await emulator.GetFromJsonAsync<JsonArray>("control/gateway/sessions"))!
            .Where(s => s!["shard_count"]!.GetValue<int>() == Shards)
            .GroupBy(s => s!["shard_id"]!.GetValue<int>())
            .ToDictionary(g => g.Key, g => g.Select(s => s!["id"]!.GetValue<string>()).ToList());
        return [.. Enumerable.Range(0, Shards).Select(shard =>
        {
            Assert.True(sessions.TryGetValue(shard, out var ids) && ids.Count == 1, $"shard {shard} has sessions {string.Join(",", sessions.GetValueOrDefault(shard) ?? [])}");
            return sessions[shard][0];
        })];
    }

    /// <summary>A guild (with its first channel) on each shard, and a member to post in them.</summary>
    private static async Task<(string ChannelId, string UserId)[]> ChannelPerShardAsync(HttpClient emulator)
    {
        var user = await PostJsonAsync(emulator, "control/users", new JsonObject { ["username"] = "replica_poster" });
        var userId = user["id"]!.GetValue<string>();
        var perShard = new (string ChannelId, string UserId)[Shards];
        for (var attempt = 0; perShard.Any(p => p.ChannelId is null) && attempt < 100; attempt++)
        {
            var guild = await PostJsonAsync(emulator, "control/guilds", new JsonObject { ["name"] = $"replicas-{attempt}" });
            var guildId = guild["id"]!.GetValue<string>();
            var shard = GatewayLimits.ShardFor(ulong.Parse(guildId, CultureInfo.InvariantCulture), Shards);
            if (perShard[shard].ChannelId is null)
            {
                await PostJsonAsync(emulator, $"control/guilds/{guildId}/members", new JsonObject { ["user_id"] = userId });
                perShard[shard] = (guild["channels"]!.AsArray()[0]!["id"]!.GetValue<string>(), userId);
            }
        }

        Assert.All(perShard, p => Assert.NotNull(p.ChannelId));
        return perShard;
    }

    private static async Task PostAsync(HttpClient emulator, (string ChannelId, string UserId)[] world, List<string> posted, int perShard, string label)
    {
        for (var i = 0; i < perShard; i++)
        {
            foreach (var (channelId, userId) in world)
            {
                var message = await PostJsonAsync(emulator, "control/messages", new JsonObject { ["channel_id"] = channelId, ["author_id"] = userId, ["content"] = $"{label} {i}" });
                lock (posted)
                {
                    posted.Add(message["id"]!.GetValue<string>());
                }
            }
        }
    }

    private static async Task<JsonObject> PostJsonAsync(HttpClient emulator, string path, JsonObject body)
    {
        using var response = await emulator.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task WaitForStreamAsync(IDatabase database, List<string> posted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var ids = (await StreamLedger.ReadAsync(database, EventStreams.Messages)).Select(e => e.Id).ToHashSet();
            var missing = posted.Where(id => !ids.Contains(id)).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{missing.Count} of {posted.Count} posted messages never reached the stream: {string.Join(",", missing.Take(10))}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Every posted message once; and no (shard, sequence) twice among them, so nothing was replayed into the stream.</summary>
    private static async Task AssertExactlyOnceAsync(IDatabase database, List<string> posted)
    {
        var mine = posted.ToHashSet();
        var entries = (await StreamLedger.ReadAsync(database, EventStreams.Messages)).Where(e => mine.Contains(e.Id)).ToList();
        var twice = entries.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}×{g.Count()}").ToList();
        Assert.True(twice.Count == 0, $"delivered twice: {string.Join(", ", twice)}");
        Assert.Equal(posted.Count, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => (e.Shard, e.Sequence)).Distinct().Count());
    }
}
