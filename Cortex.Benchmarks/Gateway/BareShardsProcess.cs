using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Cortex.Discord.Compression;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// <see cref="BareShards"/> in a process of their own (this assembly's <c>bare-shards</c> command), measured as the gateway
/// process is: from outside (its CPU time from the OS), with the harness asking the emulator for each round's firehoses, so the
/// process does nothing but its shards' work. In the harness's own process the bare rounds also paid for what the harness
/// compiled meanwhile (the Redis ceilings, the gateway's scrapes: up to a quarter of a round's CPU in the JIT), and a child that
/// asked for its firehoses itself kept compiling its HTTP client's code round after round: both made the bare shard look
/// dearer and every gateway ÷ bare ratio kinder.
/// </summary>
internal sealed class BareShardsProcess : IAsyncDisposable
{
    public const string Command = "bare-shards";

    private readonly BenchProcess _process;
    private readonly int[] _connections;

    private BareShardsProcess(BenchProcess process, int[] connections) => (_process, _connections) = (process, connections);

    public int Shards => _connections.Length;

    /// <summary>The process's CPU time so far, from the OS.</summary>
    public TimeSpan Cpu => _process.Cpu;

    public static async Task<BareShardsProcess> StartAsync(Uri emulator, int shards, TransportCompression compression)
    {
        var dll = typeof(BareShardsProcess).Assembly.Location;
        var process = BenchProcess.Start(
            $"bare shards ({shards})", "dotnet", string.Create(CultureInfo.InvariantCulture, $"\"{dll}\" {Command} {emulator} {shards} {compression}"), redirectInput: true);
        try
        {
            var ready = await process.WaitForLineAsync(line => line.StartsWith("READY ", StringComparison.Ordinal), from: 0, TimeSpan.FromMinutes(2));
            return new BareShardsProcess(process, [.. ready.Split(' ').Skip(1).Select(id => int.Parse(id, CultureInfo.InvariantCulture))]);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One round of <paramref name="perShard"/> events on every shard: the process's CPU from before the firehoses are asked for
    /// to the last event read, the wall clock from the emulator's answers (it answers once a round is compressed, just before it
    /// sends it), as the gateway's rounds are timed; and what the process compiled meanwhile. With <paramref name="eventsPerSecond"/>
    /// every shard's firehose comes at that pace, else as fast as it reads.
    /// </summary>
    public async Task<(FirehoseResult Result, int JitMethods, double JitMilliseconds)> RoundAsync(HttpClient emulator, string mix, int perShard, int? eventsPerSecond = null)
    {
        var from = _process.Lines.Count;
        var cpu = _process.Cpu;
        var firsts = await Task.WhenAll(_connections.Select(id => BareShards.StartFirehoseAsync(emulator, id, mix, perShard, eventsPerSecond)));
        var clock = Stopwatch.StartNew();
        await _process.SendLineAsync(string.Join(' ', [perShard, .. firsts]));
        var done = await _process.WaitForLineAsync(text => text.StartsWith("DONE ", StringComparison.Ordinal), from, TimeSpan.FromMinutes(10));
        var wall = clock.Elapsed.TotalSeconds;
        var used = (_process.Cpu - cpu).TotalSeconds;
        var fields = done.Split(' ');
        return (new FirehoseResult(perShard * Shards, used, wall), int.Parse(fields[1], CultureInfo.InvariantCulture), double.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>
    /// The child: <c>bare-shards &lt;emulator url&gt; &lt;shards&gt; &lt;compression&gt;</c> connects and writes <c>READY</c> with each
    /// shard's connection id, then for each line <c>&lt;events per shard&gt; &lt;first sequence of shard 0&gt; …</c> of its input reads
    /// every shard's firehose to its last event and writes <c>DONE &lt;methods jitted&gt; &lt;jit ms&gt;</c>.
    /// </summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var emulator = new Uri(args[1]);
        var shards = int.Parse(args[2], CultureInfo.InvariantCulture);
        var compression = Enum.Parse<TransportCompression>(args[3]);
        using var http = new HttpClient { BaseAddress = emulator };
        await using var bare = await BareShards.ConnectAsync(http, emulator, shards, compression);
        Console.WriteLine("READY " + string.Join(' ', bare.ConnectionIds));
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var numbers = line.Split(' ').Select(number => int.Parse(number, CultureInfo.InvariantCulture)).ToArray();
            var (methods, jit) = (JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
            await bare.ReadAsync(numbers[1..], numbers[0]);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"DONE {JitInfo.GetCompiledMethodCount() - methods} {(JitInfo.GetCompilationTime() - jit).TotalMilliseconds:F0}"));
        }

        return 0;
    }
}
