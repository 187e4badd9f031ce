using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Gateway;
using Cortex.Discord.Models;
using Npgsql;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Cortex.Tests.Replicas;

/// <summary>
/// Issue 17's replica proof: two replicas of the gateway, the economy and the AI; one of each is killed hard (SIGKILL,
/// no drain) while members chat with the bot and run <c>/daily</c> and <c>/pay</c>. Afterwards every mention has exactly
/// one AI answer, every command exactly one reply, every daily and payment exactly one ledger row, the money held equals
/// the money minted, no stream entry is left pending and none was dead-lettered. Everything is read from outside: the
/// emulator, PostgreSQL, Redis.
/// </summary>
[Collection(AllReplicasAppCollection.Name)]
public class EveryServiceReplicaKillTests(AllReplicasAppFixture app, ITestOutputHelper output)
{
    private const int Members = 24;
    private const int KillAfter = 8;
    private const long Paid = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Killing_one_replica_of_each_service_under_load_processes_every_event_once_and_conserves_money()
    {
        using var emulator = app.CreateHttpClient("emulator");
        using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync("redis"));
        await using var database = NpgsqlDataSource.Create(await app.ConnectionStringAsync("economydb"));
        var shared = new SharedState(database, redis);
        var world = await LoadWorld.OpenAsync(emulator);
        await UntilAsync(world.CommandsRegisteredAsync, "the gateway registers /pay in the seed guild");

        var gateways = await ReplicaProcesses.RunningAsync(app.App, "gateway", 2);
        var economies = await ReplicaProcesses.RunningAsync(app.App, "economy", 2);
        var ais = await ReplicaProcesses.RunningAsync(app.App, "ai", 2);
        Assert.Equal([2, 2, 2], new[] { gateways.Count, economies.Count, ais.Count });
        await AssertConfigChangeReachesTheOtherAiReplicaAsync(ais);

        List<LoadMember> members = [];
        for (var i = 0; i < Members; i++)
        {
            members.Add(await world.NewMemberAsync(i));
        }

        // The gateway victim owns the seed guild's shard, so every event of the load crosses the take-over.
        var shard = GatewayLimits.ShardFor(world.Seed.GuildId.Value, AllReplicasAppFixture.Shards);
        var owner = await ReadUntilAsync(async () => (string?)await redis.GetDatabase().StringGetAsync($"lease:{{{shard}}}"), $"an owner of shard {shard}");
        var victims = new[] { ReplicaProcesses.AncestorIn(PidOf(owner), gateways), economies[0], ais[0] };
        output.WriteLine($"gateways {string.Join(",", gateways)}, economies {string.Join(",", economies)}, ais {string.Join(",", ais)}; victims {string.Join(",", victims)}");

        var mentions = new Dictionary<LoadMember, Snowflake>();
        var started = Stopwatch.StartNew();
        foreach (var member in members)
        {
            if (member.Index == KillAfter)
            {
                output.WriteLine($"{started.Elapsed.TotalSeconds:F1} s: killing {string.Join(",", victims)} with {KillAfter} members' events in flight");
                await Task.WhenAll(victims.Select(pid => ReplicaProcesses.KillAsync(pid)));
            }

            mentions[member] = await world.MentionAsync(member, $"replica check {member.Index}: what is a good name for a cat?");
            await world.CommandAsync(member, "daily");
            await world.CommandAsync(member, "pay", new() { ["user"] = world.Seed.AdaId.ToString(), ["amount"] = Paid.ToString(CultureInfo.InvariantCulture) });
            await Task.Delay(300);
        }

        // Every member has its AI answer and both command replies; then nothing is left pending in any consumer group, so
        // no handler can still run and add a second answer. The members after the kill are answered only once the surviving
        // gateway has taken the shard over (the victim's lease must lapse first), which may be after the load has ended.
        foreach (var member in members)
        {
            await UntilAsync(async () => Answers(await world.BotMessagesAsync(member), mentions[member]) is { Ai: >= 1, Commands: >= 2 },
                $"member {member.Index}'s three answers", describe: () => world.TranscriptAsync(member));
        }

        var answered = started.Elapsed;
        await UntilAsync(async () => (await shared.PendingAsync()).Values.All(count => count == 0), "every consumer group has acknowledged everything", describe: async () => Describe(await shared.PendingAsync()));
        output.WriteLine($"all answered {answered.TotalSeconds:F1} s after the load began; nothing pending at {started.Elapsed.TotalSeconds:F1} s");

        var guild = world.Seed.GuildId.Value;
        var payments = 0;
        foreach (var member in members)
        {
            var messages = await world.BotMessagesAsync(member);
            var (ai, commands) = Answers(messages, mentions[member]);
            if (ai != 1 || commands != 2)
            {
                Assert.Fail($"member {member.Index}: {ai} AI answers and {commands} command replies. The channel: {await world.TranscriptAsync(member)}. "
                    + "The services' log lines on it and on the shards' leases: " + await ResourceLogExcerpt.MentioningAsync(app.App,
                        member.ChannelId.ToString(), member.UserId.ToString(CultureInfo.InvariantCulture), mentions[member].ToString(), "lease of shard"));
            }

            Assert.Equal(1, await shared.MovementsAsync(guild, member.UserId, "daily"));
            var paid = messages.Any(m => m.Content.Contains($"paid <@{world.Seed.AdaId}> **{Paid}** coins", StringComparison.Ordinal));
            Assert.Equal(paid ? 1 : 0, await shared.MovementsAsync(guild, member.UserId, "transfer"));
            payments += paid ? 1 : 0;
            Assert.True(await shared.XpAsync(guild, member.UserId) > 0, $"member {member.Index}'s message earned no XP");
        }

        var (held, minted, burned) = await shared.MoneyAsync(guild);
        output.WriteLine($"{Members} members, {payments} payments; the guild holds {held}, minted {minted}, burned {burned}");
        Assert.Equal(minted - burned, held);
        Assert.Empty(await shared.AccountsOffTheLedgerAsync(guild));
        Assert.True(payments > Members / 2, $"only {payments} of {Members} payments went through");
        Assert.All(await shared.DeadLettersAsync(), dead => Assert.True(dead.Value == 0, $"{dead.Value} entries dead-lettered in {dead.Key}"));
    }

    /// <summary>
    /// A guild's moderation configuration changed through one AI replica's API is what the other replica serves at once,
    /// although it had just read (and cached for 30 s) the old one.
    /// </summary>
    private async Task AssertConfigChangeReachesTheOtherAiReplicaAsync(List<int> ais)
    {
        using var a = Operator(ReplicaProcesses.InternalAddress(ais[0]));
        using var b = Operator(ReplicaProcesses.InternalAddress(ais[1]));
        const string path = "api/moderation/guilds/917000000000000001/config";
        // RunningAsync returns once the replicas have processes, not listeners: run first (alone, or first of its collection),
        // this check reached replica A before it listened and was refused.
        await UntilAsync(async () => await AnswersAsync(a, path) && await AnswersAsync(b, path), "both AI replicas answer on their internal port");
        var before = (await b.GetFromJsonAsync<JsonObject>(path))!;
        var timeout = before["timeout_seconds"]!.GetValue<int>() + 1234;
        var changed = before.DeepClone().AsObject();
        changed["timeout_seconds"] = timeout;

        using (var put = await a.PutAsJsonAsync(path, changed))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT through replica A: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        }

        // Measured from the change's commit; without the announcement B would serve the old value until ~30 s after its read.
        var clock = Stopwatch.StartNew();
        var seen = (await b.GetFromJsonAsync<JsonObject>(path))!;
        while (seen["timeout_seconds"]!.GetValue<int>() != timeout && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
            seen = (await b.GetFromJsonAsync<JsonObject>(path))!;
        }

        output.WriteLine($"replica B served the configuration changed through replica A {clock.Elapsed.TotalMilliseconds:F0} ms after the PUT returned");
        Assert.Equal(timeout, seen["timeout_seconds"]!.GetValue<int>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"replica B served the change only after {clock.Elapsed} (its cache keeps 30 s)");
    }

    private HttpClient Operator(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.OperatorKey);
        return http;
    }

    /// <summary>
    /// The AI's answers (replies to the mention) and the command replies (type 20, not a deferred "thinking…" placeholder,
    /// which the economy edits or deletes) among the bot's messages.
    /// </summary>
    private static (int Ai, int Commands) Answers(IReadOnlyList<Message> messages, Snowflake mention) =>
        (messages.Count(m => m.MessageReference?.MessageId == mention),
         messages.Count(m => m.Type == MessageType.ChatInputCommand && !m.Flags.HasFlag(MessageFlags.Loading)));

    /// <summary>The gateway's replica id is <c>{machine}-{pid}-{random}</c> (no Gateway:ReplicaId is set under the AppHost).</summary>
    private static int PidOf(string replicaId) => int.Parse(replicaId.Split('-')[^2], NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Describe(Dictionary<string, long> pending) => string.Join(", ", pending.Where(p => p.Value > 0).Select(p => $"{p.Key}: {p.Value}"));

    /// <summary>
    /// The first value <paramref name="read"/> gives. A reference type only: a bool read would always be "a value", and this
    /// overload once took every <c>UntilAsync(() =&gt; bool)</c> call (C# prefers it over the one with an optional parameter),
    /// so those waits returned after one look, met or not: member 8's answers were "seen" before the shard was taken over.
    /// </summary>
    private static async Task<T> ReadUntilAsync<T>(Func<Task<T?>> read, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(250);
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Timed out waiting for {what}" + (describe is null ? "" : ": " + await describe()));
            }

            await Task.Delay(250);
        }
    }
}
