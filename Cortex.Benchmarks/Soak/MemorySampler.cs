using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Cortex.Benchmarks.Soak;

/// <summary>
/// Samples this process's memory (managed heap after the last GC, working set) and Redis's
/// <c>used_memory</c> every <paramref name="interval"/> while a soak runs, with the work done so far.
/// </summary>
internal sealed class MemorySampler(IConnectionMultiplexer redis, TimeSpan interval, Func<long> progress)
{
    private readonly List<MemorySample> _samples = [];

    public IReadOnlyList<MemorySample> Samples => _samples;

    public async Task RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(interval);
        do
        {
            _samples.Add(await SampleAsync(clock.Elapsed));
            ReportProgress();
        }
        while (await WaitAsync(timer, stop));

        _samples.Add(await SampleAsync(clock.Elapsed));
    }

    // A soak runs for tens of minutes and its tables print at the end: a line about every half minute shows it is alive.
    private void ReportProgress()
    {
        var every = Math.Max(1, (int)Math.Round(30 / interval.TotalSeconds));
        if ((_samples.Count - 1) % every == 0 && _samples[^1] is var last)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[soak] {last.At.TotalSeconds:F0} s: {last.Done:N0} done, GC heap {last.GcHeapBytes / 1048576.0:F1} MiB, working set {last.WorkingSetBytes / 1048576.0:F1} MiB, Redis {last.RedisUsedBytes / 1048576.0:F1} MiB"));
        }
    }

    private async Task<MemorySample> SampleAsync(TimeSpan at)
    {
        using var self = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        return new MemorySample(at, progress(), gc.HeapSizeBytes, self.WorkingSet64, await RedisUsedMemoryAsync(), gc.TotalCommittedBytes, self.Threads.Count);
    }

    private async Task<long> RedisUsedMemoryAsync()
    {
        var info = await redis.GetServer(redis.GetEndPoints()[0]).InfoAsync("memory");
        var used = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "used_memory").Value;
        return long.TryParse(used, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : -1;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <param name="Done">Interactions answered or messages moderated when the sample was taken.</param>
/// <param name="GcCommittedBytes">What the GC holds from the OS (heap plus free space it keeps): explains a working set that moves while the heap does not.</param>
/// <param name="Threads">The process's threads: each one's stack is in the working set.</param>
internal sealed record MemorySample(TimeSpan At, long Done, long GcHeapBytes, long WorkingSetBytes, long RedisUsedBytes, long GcCommittedBytes, int Threads);
