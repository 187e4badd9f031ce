using BenchmarkDotNet.Running;
using Cortex.Benchmarks.Gateway;

// `dotnet run -c Release --project Cortex.Benchmarks -- --filter *` runs them all; see docs/benchmarks.md.
if (args.Length > 0 && args[0] == "firehose")
{
    return await FirehoseHarness.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(FirehoseHarness).Assembly).Run(args);
return 0;
