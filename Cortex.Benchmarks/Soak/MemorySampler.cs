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
        }
        while (await WaitAsync(timer, stop));

        _samples.Add(await SampleAsync(clock.Elapsed));
    }

    private async Task<MemorySample> SampleAsync(TimeSpan at)
    {
        using var self = Process.GetCurrentProcess();
        return new MemorySample(at, progress(), GC.GetGCMemoryInfo().HeapSizeBytes, self.WorkingSet64, await RedisUsedMemoryAsync());
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
internal sealed record MemorySample(TimeSpan At, long Done, long GcHeapBytes, long WorkingSetBytes, long RedisUsedBytes);
