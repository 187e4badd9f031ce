using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Benchmarks.Gateway;

namespace Cortex.Benchmarks.Scale;

/// <summary>
/// The gateway replicas of one scale-run boot. Each replica's <c>GET /shards</c> counts only the shards it runs
/// (<c>owned_here</c>), so totals never wait on the owners' periodic reports in Redis.
/// </summary>
internal sealed class ScaleReplicas : IAsyncDisposable
{
    // The managed heap after the last GC (induced just before it is read), per generation, as ServiceDefaults' Prometheus exporter names it.
    private const string HeapMetric = "dotnet_gc_last_collection_heap_size_bytes";

    private readonly List<(BenchProcess Process, HttpClient Http)> _replicas = [];

    public void Add((BenchProcess Process, HttpClient Http) replica) => _replicas.Add(replica);

    /// <summary>CPU time every replica has used so far.</summary>
    public TimeSpan Cpu => _replicas.Aggregate(TimeSpan.Zero, (sum, replica) => sum + replica.Process.Cpu);

    public Task WaitAllReadyAsync(int shards, TimeSpan timeout) =>
        WaitAsync(s => s["status"]?.GetValue<string>() == "Ready" ? 1 : 0, shards, "ready shards", timeout);

    public Task WaitGuildsCachedAsync(int guilds, TimeSpan timeout) =>
        WaitAsync(s => s["guilds"]?.GetValue<int>() ?? 0, guilds, "cached guilds", timeout);

    public async Task<Footprint> MemoryAsync()
    {
        var total = new Footprint(0, 0);
        foreach (var (process, http) in _replicas)
        {
            await InducedGc.CollectAsync(process.Id);
            using var os = Process.GetProcessById(process.Id);
            total += new Footprint(os.WorkingSet64, await HeapAsync(http));
        }

        return total;
    }

    public async Task<string> SpreadAsync()
    {
        var counts = new List<int>();
        foreach (var (_, http) in _replicas)
        {
            counts.Add((await OwnedAsync(http)).Count);
        }

        return string.Join(" / ", counts);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, http) in _replicas)
        {
            http.Dispose();
            await process.DisposeAsync();
        }
    }

    private async Task WaitAsync(Func<JsonNode, int> measure, int expected, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var total = 0;
            foreach (var (process, http) in _replicas)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"A gateway replica exited:\n{process.Tail()}");
                }

                total += (await OwnedAsync(http)).Sum(measure);
            }

            if (total >= expected)
            {
                Console.WriteLine($"  {total:N0} {what} after {clock.Elapsed.TotalSeconds:F1} s");
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{total} of {expected} {what} after {timeout}:\n{_replicas[0].Process.Tail()}");
            }

            // Long waits show progress, so a slow boot reads as slow rather than stuck.
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                Console.WriteLine($"  {total:N0} of {expected:N0} {what} after {clock.Elapsed.TotalSeconds:F0} s");
            }

            await Task.Delay(500);
        }
    }

    private static async Task<List<JsonNode>> OwnedAsync(HttpClient http)
    {
        try
        {
            var view = await http.GetFromJsonAsync<JsonObject>("/shards");
            return [.. view!["shards"]!.AsArray().OfType<JsonNode>().Where(s => s["owned_here"]!.GetValue<bool>())];
        }
        catch (HttpRequestException)
        {
            return []; // still starting
        }
    }

    private static async Task<double> HeapAsync(HttpClient http)
    {
        var metrics = await http.GetStringAsync("/metrics");
        var heap = metrics.Split('\n')
            .Where(line => line.StartsWith(HeapMetric, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return heap > 0 ? heap : double.NaN;
    }
}
