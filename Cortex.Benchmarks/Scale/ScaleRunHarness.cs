using System.Globalization;
using Cortex.Benchmarks.Gateway;

namespace Cortex.Benchmarks.Scale;

/// <summary>
/// The scale run: N shards spread over R real Cortex.Gateway replicas (one Redis, shard leases) against Cortex.Emulator,
/// then G guilds created through the emulator's control API (each with its channels and members), every GUILD_CREATE
/// cached by the replica that owns its shard. Reports where the shards landed and what they cost in memory:
/// per shard = (every replica's memory with N shards − with one shard each) / (N − R); per cached guild = (memory after
/// the guilds − before) / G. Memory is each process's resident set and its managed heap after a full GC the harness
/// induces (<see cref="InducedGc"/>, read from <c>/metrics</c>), taken after a settle pause. Identify pacing is switched off on both sides (the emulator's window 0,
/// the gateway's interval 50 ms) because Discord's identify floor is the start-up harness's subject, not this one's.
/// <c>dotnet run -c Release --project Cortex.Benchmarks -- scale [shards] [replicas] [guilds] [channels-per-guild] [members-per-guild]</c>.
/// </summary>
public static class ScaleRunHarness
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(string[] args)
    {
        var shards = Arg(args, 1, 1000);
        var replicas = Arg(args, 2, 4);
        var world = new GuildShape(Arg(args, 3, 5000), Arg(args, 4, 10), Arg(args, 5, 25));

        var baseline = (await BootAsync(replicas, replicas, null)).Shards;
        Console.WriteLine($"RESULT baseline {replicas} shards over {replicas} replicas: {baseline}");
        var loaded = await BootAsync(shards, replicas, world);
        Console.WriteLine($"RESULT {shards} shards over {replicas} replicas: {loaded.Shards}; with {world.Guilds:N0} guilds: {loaded.Guilds}");

        var perShard = (loaded.Shards - baseline) / (shards - replicas);
        var perGuild = (loaded.Guilds! - loaded.Shards) / world.Guilds;
        Console.WriteLine();
        Console.WriteLine($"| {shards} shards, {replicas} replicas, {world.Guilds:N0} guilds ({world.Channels} channels, {world.Members} members each) | resident set | managed heap |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| all replicas, one shard each | {Mib(baseline.Resident)} | {Mib(baseline.Heap)} |");
        Console.WriteLine($"| all replicas, {shards} shards | {Mib(loaded.Shards.Resident)} | {Mib(loaded.Shards.Heap)} |");
        Console.WriteLine($"| all replicas, {shards} shards and {world.Guilds:N0} cached guilds | {Mib(loaded.Guilds!.Resident)} | {Mib(loaded.Guilds.Heap)} |");
        Console.WriteLine($"| **per shard** | {Kib(perShard.Resident)} | {Kib(perShard.Heap)} |");
        Console.WriteLine($"| **per cached guild** | {Kib(perGuild.Resident)} | {Kib(perGuild.Heap)} |");
        Console.WriteLine($"shards per replica: {loaded.Spread}");
        return 0;
    }

    private static async Task<BootResult> BootAsync(int shards, int replicas, GuildShape? world)
    {
        var (redisProcess, redis, redisPort) = await GatewayRig.StartRedisAsync();
        await using var redisOwner = redisProcess;
        using var redisConnection = redis;
        var (emulator, emulatorHttp) = await GatewayRig.StartUnpacedEmulatorAsync(shards);
        await using var emulatorOwner = emulator;
        using var emulatorHttpOwner = emulatorHttp;

        var gateways = new ScaleReplicas();
        await using var gatewaysOwner = gateways;
        var settings = new Dictionary<string, string>
        {
            ["Gateway:ShardCount"] = shards.ToString(CultureInfo.InvariantCulture),
            ["Gateway:IdentifyInterval"] = "00:00:00.050",
        };
        for (var replica = 0; replica < replicas; replica++)
        {
            gateways.Add(GatewayRig.StartGateway(emulatorHttp.BaseAddress!, redisPort, settings, logShards: false));
        }

        await gateways.WaitAllReadyAsync(shards, TimeSpan.FromMinutes(10));
        await Task.Delay(Settle);
        var withShards = await gateways.MemoryAsync();
        if (world is null)
        {
            return new BootResult(withShards, null, string.Empty);
        }

        await ScaleWorld.CreateAsync(emulatorHttp, world);
        await gateways.WaitGuildsCachedAsync(world.Guilds, TimeSpan.FromMinutes(10));
        await Task.Delay(Settle);
        return new BootResult(withShards, await gateways.MemoryAsync(), await gateways.SpreadAsync());
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private static string Mib(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):F1} MiB");

    private static string Kib(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:F1} KiB");

    private sealed record BootResult(Footprint Shards, Footprint? Guilds, string Spread);
}

/// <summary>How many guilds the scale run creates, and how many channels and members each gets.</summary>
internal sealed record GuildShape(int Guilds, int Channels, int Members);
