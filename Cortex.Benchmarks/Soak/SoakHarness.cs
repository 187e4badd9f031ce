using System.Globalization;
using Cortex.Benchmarks.Gateway;

namespace Cortex.Benchmarks.Soak;

/// <summary>
/// <c>-- soak [interactions] [messages] [messages-per-second] [sample-seconds]</c>: a million interactions
/// through the REST client, then a sustained message flood through moderation, each with this process's
/// memory and Redis's sampled every few seconds; prints the tables and a flat / not-flat verdict per series.
/// The moderation flood needs a migrated database: <c>SOAK_POSTGRES</c> (a connection string, as
/// <c>Cortex.Benchmarks/Soak/run-soak.sh</c> sets it); without it only the interactions run.
/// Exit code 0 when every series is flat.
/// </summary>
internal static class SoakHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var interactions = Arg(args, 1, 1_000_000);
        var messages = Arg(args, 2, 1_000_000);
        var perSecond = (int)Arg(args, 3, 500);
        var interval = TimeSpan.FromSeconds(Arg(args, 4, 5));
        var (redisProcess, redis, port) = await GatewayRig.StartRedisAsync();
        await using var _ = redisProcess;
        using var __ = redis;
        Console.WriteLine($"== soak: {interactions:N0} interactions, {messages:N0} messages at {perSecond}/s, a sample every {interval.TotalSeconds} s; Redis on :{port}");

        var flat = await PhaseAsync("interactions through the REST client", redis, interval, (done, stop) =>
            InteractionSoak.RunAsync(interactions, workers: 16, done, stop));

        if (Environment.GetEnvironmentVariable("SOAK_POSTGRES") is { Length: > 0 } postgres)
        {
            flat &= await PhaseAsync("message flood through moderation", redis, interval, (done, stop) =>
                ModerationSoak.RunAsync(redis, postgres, messages, perSecond, done, stop));
        }
        else
        {
            Console.WriteLine("SOAK_POSTGRES is not set: the moderation flood was skipped (run-soak.sh sets it).");
        }

        return flat ? 0 : 1;
    }

    private static async Task<bool> PhaseAsync(string title, StackExchange.Redis.IConnectionMultiplexer redis, TimeSpan interval, Func<SoakCounter, CancellationToken, Task> work)
    {
        var done = new SoakCounter();
        var sampler = new MemorySampler(redis, interval, () => done.Value);
        using var stop = new CancellationTokenSource();
        var sampling = sampler.RunAsync(stop.Token);
        try
        {
            await work(done, CancellationToken.None);
        }
        finally
        {
            await stop.CancelAsync();
            await sampling;
        }

        return SoakVerdict.Print(title, sampler.Samples);
    }

    private static long Arg(string[] args, int index, long fallback) =>
        args.Length > index && long.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
