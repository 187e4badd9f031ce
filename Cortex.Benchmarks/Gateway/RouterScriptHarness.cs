using System.Globalization;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// The gateway throughput harness's <c>router-script</c> row alone (<see cref="RedisCeiling.RouterScriptAsync"/>: the gateway's
/// StreamRouter called directly with the firehose's MESSAGE_CREATEs, one writer per shard, 256 per call) against its own
/// redis-server: a quicker, quieter read of the routing call's client CPU per entry than a whole gateway round, and a process
/// to profile it in (its pid is printed before the rounds start).
/// <c>router-script [entries-per-round] [rounds] [writers] [warm-up rounds]</c>
/// </summary>
public static class RouterScriptHarness
{
    private const int BatchSize = 256;

    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
        var writers = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
        var warmups = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3;

        var (redisProcess, redis, _) = await GatewayRig.StartRedisAsync();
        await using var redisOwner = redisProcess;
        using var redisConnection = redis;
        Console.WriteLine($"== router-script: {total:N0} entries per round, {writers} writers, {BatchSize} per call; pid {Environment.ProcessId}");
        for (var round = 1; round <= warmups; round++)
        {
            Console.WriteLine($"WARM-UP router-script round={round} {await RedisCeiling.RouterScriptAsync(redis, redisProcess, writers, total, BatchSize)}");
        }

        List<CeilingRound> measured = [];
        for (var round = 1; round <= rounds; round++)
        {
            var result = await RedisCeiling.RouterScriptAsync(redis, redisProcess, writers, total, BatchSize);
            measured.Add(result);
            Console.WriteLine($"RESULT router-script round={round} {result}");
        }

        static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"MEDIAN router-script client={Median(measured.Select(r => r.ClientCpuPer100K)):F3} redis={Median(measured.Select(r => r.RedisCpuPer100K)):F3} CPU-s per 100k entries, entries/s={Median(measured.Select(r => r.EntriesPerSecond)):N0}"));
        return 0;
    }
}
