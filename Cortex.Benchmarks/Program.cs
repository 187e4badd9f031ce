using BenchmarkDotNet.Running;
using Cortex.Benchmarks.Ai;
using Cortex.Benchmarks.Economy;
using Cortex.Benchmarks.Gateway;
using Cortex.Benchmarks.Moderation;
using Cortex.Benchmarks.Scale;
using Cortex.Benchmarks.Soak;

// `dotnet run -c Release --project Cortex.Benchmarks -- --filter *` runs the BenchmarkDotNet suites;
// a harness name as the first argument runs that load harness instead. Commands and results:
// docs/benchmarks.md.
var harnesses = new Dictionary<string, Func<string[], Task<int>>>
{
    // `-- economy ...`: the economy's latency/throughput harness (Economy/run-economy-bench.sh).
    ["economy"] = EconomyBench.RunAsync,
    // `-- tokenizer-startup <library>`: one tokenizer's cold start, in a fresh process.
    [TokenizerStartup.Command] = harnessArgs => Task.FromResult(TokenizerStartup.Run(harnessArgs.ElementAtOrDefault(1) ?? "")),
    // `-- moderation-latency [rounds]`: stage-1 moderation P50/P99 per message on real word lists, next to its equal-detection regex peers.
    ["moderation-latency"] = harnessArgs => Task.FromResult(RuleEngineLatencyHarness.Run(harnessArgs)),
    // `-- firehose [events] [rounds] [mix]`: one shard under the emulator's firehose, next to @discordjs/ws at its best and at its default.
    ["firehose"] = FirehoseHarness.RunAsync,
    // `-- transport-decompress [rounds]`: transport decompression alone per event on the firehose mixes: zlib-stream, zstd-stream managed and native.
    ["transport-decompress"] = TransportDecompressHarness.RunAsync,
    // `-- gateway-startup [runs] [shards] [concurrencies]`: Cortex.Gateway's start-up against Discord's identify floor.
    ["gateway-startup"] = GatewayStartupHarness.RunAsync,
    // `-- gateway-throughput [events-per-shard] [rounds] [shards]`: events/s through Cortex.Gateway into the streams, next to the parts' ceilings.
    ["gateway-throughput"] = GatewayThroughputHarness.RunAsync,
    // `-- bare-shards <emulator url> <shards> <compression>`: the throughput harness's bare shards, a round per line of input (not run by hand).
    [BareShardsProcess.Command] = BareShardsProcess.RunChildAsync,
    // `-- gateway-stages [rounds]`: CPU per event of the gateway's routing-field read and guild cache on the recorded mix.
    ["gateway-stages"] = GatewayStagesHarness.RunAsync,
    // `-- router-script [entries] [rounds] [writers]`: the routing script called directly (the throughput harness's row alone), client and Redis CPU per entry.
    ["router-script"] = RouterScriptHarness.RunAsync,
    // `-- soak [interactions] [messages] [per-second] [sample-seconds]`: memory of the REST client and moderation under load, flat or not.
    ["soak"] = SoakHarness.RunAsync,
    // `-- scale [shards] [replicas] [guilds] [channels-per-guild] [members-per-guild]`: shards over gateway replicas, memory per shard and per cached guild.
    ["scale"] = ScaleRunHarness.RunAsync,
    // `-- scale-events [shards] [replicas] [events-per-shard] [partitions] [rounds]`: events/s into the partitioned streams, one Redis node next to a 3-node cluster.
    ["scale-events"] = ScaleEventsHarness.RunAsync,
};

if (args.Length > 0 && harnesses.TryGetValue(args[0], out var harness))
{
    return await harness(args);
}

BenchmarkSwitcher.FromAssembly(typeof(EconomyBench).Assembly).Run(args);
return 0;
