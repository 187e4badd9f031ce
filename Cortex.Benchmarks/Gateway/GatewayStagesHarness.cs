using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Cortex.Benchmarks.Gateway.Guilds;
using Cortex.Discord.Models;
using Cortex.Emulator.Gateway;
using Cortex.Gateway.Cache;
using Cortex.Gateway.Routing;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// CPU per event of the gateway's per-dispatch stages after the shard hands a dispatch over (ShardWorker:
/// routing fields, guild cache), on the firehose's recorded mix, in this process on one thread: process
/// CPU time of tight loops of about half a second, best of several rounds (the machine is shared; CPU
/// time is not inflated by waiting for a core, and the best round is the least disturbed). Then the shard's own stages
/// (inflate, envelope) and the consumers' parse on the same mix (<see cref="ShardStages"/>). <c>dotnet run -c Release --project Cortex.Benchmarks -- gateway-stages [rounds]</c>.
/// </summary>
public static class GatewayStagesHarness
{
    private static readonly ConditionalWeakTable<byte[], StrongBox<ulong>> Ids = [];

    public static Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var mix = RecordedEventMix.All;
        var messages = mix.Where(e => e.EventName == "MESSAGE_CREATE").Select(e => e.Data).ToArray();
        var guildCreates = mix.Where(e => e.EventName == "GUILD_CREATE").Select(e => e.Data).ToArray();
        var cache = new GuildCache();
        // Members read on arrival, as before the cache kept them unread (GatewayOptions.DeferredMemberBytes 0).
        var eager = new GuildCache(0, metrics: null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var readMessage = Best(rounds, 200, messages, data => DispatchFields.Read(data).Id);
        // The walk alone: what Read ran for a message before it searched for the id (issue 19's fourteenth pass).
        var walkMessage = Best(rounds, 200, messages, data => DispatchFields.Walk(data, guildOnly: false).Id);
        if (args is [_, _, "routing"])
        {
            // `gateway-stages <rounds> routing`: the message's routing-field rows alone, a quick loop while changing them.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing fields, MESSAGE_CREATE (best of {rounds}), µs | Read {readMessage:F3} | Walk {walkMessage:F3} |"));
            return Task.FromResult(0);
        }

        // The gateway reads a routed GUILD_CREATE's fields with ReadGuild (its top-level id, then stop); Read scans for a
        // guild_id a GUILD_CREATE does not have, through all of it.
        var readGuild = Best(rounds, 200, guildCreates, data => DispatchFields.ReadGuild(data).Id);
        var readGuildScan = Best(rounds, 200, guildCreates, data => DispatchFields.Read(data).Id);
        var discordOrder = messages.Select(IdsLast).ToArray();
        var readMessageValidating = Best(rounds, 200, messages, data => DispatchFields.ReadValidating(data).Id);
        var readDiscordOrder = Best(rounds, 200, discordOrder, data => DispatchFields.Read(data).Id);
        var readDiscordOrderValidating = Best(rounds, 200, discordOrder, data => DispatchFields.ReadValidating(data).Id);
        var applyGuild = Best(rounds, 200, guildCreates, data =>
        {
            cache.Apply(0, "GUILD_CREATE", data);
            return 0UL;
        });
        // What the gateway runs for a routed GUILD_CREATE: the same pass, with the guilds stream's summary read and written.
        var applyGuildSummary = Best(rounds, 200, guildCreates, data => (ulong)cache.ApplyGuildCreate(0, data).Length);
        var applyGuildEager = Best(rounds, 200, guildCreates, data =>
        {
            eager.Apply(0, "GUILD_CREATE", data);
            return 0UL;
        });
        var applyGuildChecked = Best(rounds, 200, guildCreates, data => ArriveAndCheck(cache, data));

        var perMixEvent = ((messages.Length * readMessage) + (guildCreates.Length * (readGuild + applyGuildSummary))) / mix.Count;
        Console.WriteLine($"| stage (recorded mix: {messages.Length} MESSAGE_CREATE, {guildCreates.Length} GUILD_CREATE of {guildCreates[0].Length:N0} bytes per {mix.Count}; best of {rounds}) | µs per event |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing fields (DispatchFields.Read), MESSAGE_CREATE | {readMessage:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing fields, the walk alone (DispatchFields.Walk: Read before the seek), MESSAGE_CREATE | {walkMessage:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing fields (DispatchFields.ReadGuild, as the gateway reads a routed GUILD_CREATE), GUILD_CREATE | {readGuild:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing fields (DispatchFields.Read: a scan for guild_id, not what the gateway runs), GUILD_CREATE | {readGuildScan:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing fields read by the validating reader (ReadValidating), MESSAGE_CREATE | {readMessageValidating:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing fields (DispatchFields.Read), MESSAGE_CREATE with id and guild_id last | {readDiscordOrder:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing fields (ReadValidating), MESSAGE_CREATE with id and guild_id last | {readDiscordOrderValidating:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| guild cache (GuildCache.Apply), GUILD_CREATE, members kept unread | {applyGuild:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| guild cache and the guilds stream's summary (GuildCache.ApplyGuildCreate, as the gateway runs it), GUILD_CREATE | {applyGuildSummary:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| guild cache, GUILD_CREATE then its first permission check (members indexed) | {applyGuildChecked:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| guild cache, GUILD_CREATE with members read on arrival (DeferredMemberBytes 0: the path before) | {applyGuildEager:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| both as the gateway runs them (ReadGuild, ApplyGuildCreate), averaged over the mix | {perMixEvent:F2} |"));

        // Realistic guilds (Guilds/GuildShape): the cache's reader next to the JsonDocument it replaced as a first step.
        Console.WriteLine();
        Console.WriteLine($"| GUILD_CREATE (best of {rounds}) | bytes | guild cache (GuildCache.Apply), members kept, µs | then the first permission check, µs | members read on arrival (budget 0), µs | JsonDocument.Parse alone (the former first step), µs |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var name in BenchmarkMixes.Names.Skip(1))
        {
            var guilds = BenchmarkMixes.Get(name).Select(e => e.Data).ToArray();
            AssertWalkAgrees(guilds);
            AssertDeferredAgrees(guilds);
            var apply = Best(rounds, 5, guilds, data =>
            {
                cache.Apply(0, "GUILD_CREATE", data);
                return 0UL;
            });
            var applyChecked = Best(rounds, 5, guilds, data => ArriveAndCheck(cache, data));
            var applyEager = Best(rounds, 5, guilds, data =>
            {
                eager.Apply(0, "GUILD_CREATE", data);
                return 0UL;
            });
            var document = Best(rounds, 5, guilds, data =>
            {
                using var parsed = System.Text.Json.JsonDocument.Parse(data);
                return (ulong)parsed.RootElement.GetProperty("members"u8).GetArrayLength();
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {guilds[0].Length:N0} | {apply:F1} | {applyChecked - apply:F1} | {applyEager:F1} | {document:F1} |"));
        }

        // The shard's own stages on the same mix (inflate, envelope) and the consumers' parse, for the firehose's profile.
        ShardStages.Print(rounds);
        return Task.FromResult(0);
    }

    /// <summary>The cache's fast walk must keep what the validating reader keeps, on every realistic guild measured.</summary>
    private static void AssertWalkAgrees(byte[][] guilds)
    {
        foreach (var guild in guilds)
        {
            var walked = GuildCreateReader.Walk(0, guild)!;
            var validated = GuildCreateReader.ReadValidated(0, guild)!;
            if (walked.OwnerId != validated.OwnerId || walked.RolePermissions.Count != validated.RolePermissions.Count
                || walked.Channels.Count != validated.Channels.Count || walked.MemberRoles.Count != validated.MemberRoles.Count
                || walked.MemberRoles.Any(m => !m.Value.SequenceEqual(validated.MemberRoles[m.Key]))
                || walked.Channels.Any(c => c.Value.ParentId != validated.Channels[c.Key].ParentId || !c.Value.Overwrites.SequenceEqual(validated.Channels[c.Key].Overwrites)))
            {
                throw new InvalidOperationException("GuildCreateReader.Walk and ReadValidated disagree on a benchmark guild.");
            }
        }
    }

    /// <summary>A GUILD_CREATE cached, then a permission check of its owner: the check indexes the kept members.</summary>
    private static ulong ArriveAndCheck(GuildCache cache, byte[] data)
    {
        cache.Apply(0, "GUILD_CREATE", data);
        // The guild's id from the payload's instance, read once (not timed as part of the check).
        var guild = Ids.GetValue(data, d => new StrongBox<ulong>(DispatchFields.Read(d).Id)).Value;
        return cache.PermissionsFor(guild, cache.Get(guild)!.OwnerId) ?? 0;
    }

    /// <summary>Members kept and indexed at the first check answer every check as members read on arrival do, on every realistic guild measured.</summary>
    private static void AssertDeferredAgrees(byte[][] guilds)
    {
        var eager = new GuildCache(0, metrics: null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var deferred = new GuildCache();
        foreach (var guild in guilds)
        {
            eager.Apply(0, "GUILD_CREATE", guild);
            deferred.Apply(0, "GUILD_CREATE", guild);
            var id = DispatchFields.Read(guild).Id;
            Snowflake?[] channels = [null, .. eager.Get(id)!.Channels.Keys];
            if (deferred.Get(id)!.PendingMembers is null
                || eager.MembersOf(id)!.Keys.Any(user => channels.Any(channel => eager.PermissionsFor(id, user, channel) != deferred.PermissionsFor(id, user, channel))))
            {
                throw new InvalidOperationException("Members indexed at the first check and members read on arrival disagree on a benchmark guild.");
            }
        }
    }

    // The emulator writes messages in Discord's order since the ninth pass (id after the member, guild_id last); this moves both
    // to the very end, after the author too: the walk's longest case.
    private static byte[] IdsLast(byte[] message)
    {
        var fields = JsonNode.Parse(message)!.AsObject();
        foreach (var name in (string[])["id", "guild_id"])
        {
            var value = fields[name];
            fields.Remove(name);
            fields[name] = value;
        }

        return Encoding.UTF8.GetBytes(fields.ToJsonString());
    }

    /// <summary>CPU microseconds per call, the best of <paramref name="rounds"/> rounds over <paramref name="inputs"/>.</summary>
    private static double Best(int rounds, int passes, byte[][] inputs, Func<byte[], ulong> stage)
    {
        ulong sink = 0;
        var calibrate = Stopwatch.StartNew();
        for (var pass = 0; pass < passes; pass++)
        {
            foreach (var input in inputs)
            {
                sink ^= stage(input);
            }
        }

        // About 0.5 s of work per round, so the 10 ms granularity of process CPU time does not matter.
        passes = Math.Max(passes, (int)(passes * 0.5 / Math.Max(calibrate.Elapsed.TotalSeconds, 1e-3)));
        using var self = Process.GetCurrentProcess();
        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            self.Refresh();
            var started = self.TotalProcessorTime;
            for (var pass = 0; pass < passes; pass++)
            {
                foreach (var input in inputs)
                {
                    sink ^= stage(input);
                }
            }

            self.Refresh();
            best = Math.Min(best, (self.TotalProcessorTime - started).TotalMicroseconds / (passes * inputs.Length));
        }

        GC.KeepAlive(sink);
        return best;
    }
}
