using BenchmarkDotNet.Running;
using Cortex.Benchmarks.Ai;

// `dotnet run -c Release --project Cortex.Benchmarks -- --filter *` runs them all; see docs/benchmarks.md.
if (args is [TokenizerStartup.Command, var library])
{
    return TokenizerStartup.Run(library);
}

BenchmarkSwitcher.FromAssembly(typeof(TokenizerStartup).Assembly).Run(args);
return 0;
