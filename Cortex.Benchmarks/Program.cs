using BenchmarkDotNet.Running;

// `dotnet run -c Release --project Cortex.Benchmarks -- --filter *` runs them all; see docs/benchmarks.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
