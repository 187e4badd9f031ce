using BenchmarkDotNet.Running;
using Cortex.Benchmarks.Moderation;

// `dotnet run -c Release --project Cortex.Benchmarks -- --filter *` runs the BenchmarkDotNet suites;
// a harness name runs that load harness instead. Commands and results: docs/benchmarks.md.
var harnesses = new Dictionary<string, Action>
{
    ["moderation-latency"] = RuleEngineLatencyHarness.Run,
};

if (args.Length > 0 && harnesses.TryGetValue(args[0], out var harness))
{
    harness();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RuleEngineBenchmarks).Assembly).Run(args);
