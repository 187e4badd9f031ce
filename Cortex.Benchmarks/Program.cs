using BenchmarkDotNet.Running;

// `dotnet run -c Release --project Cortex.Benchmarks -- --filter *` runs them all; see docs/benchmarks.md.
// `-- economy ...` runs the economy's latency/throughput harness (Economy/run-economy-bench.sh).
if (args.FirstOrDefault() == "economy")
{
    return await Cortex.Benchmarks.Economy.EconomyBench.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Cortex.Benchmarks.Economy.EconomyBench).Assembly).Run(args);
return 0;
