using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Cortex.Economy;
using Cortex.Economy.Caching;
using Cortex.Economy.Leaderboard;
using Cortex.Economy.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cortex.Benchmarks.Economy;

/// <summary>
/// Latency and throughput of the economy against a server prepared by run-economy-bench.sh:
/// <c>economy leaderboard|leaderboard-profile|balance|transfers --pg CONN --redis CONN --api URL --key API_KEY [--seconds N] [--clients N]</c>.
/// Prints one line per measurement; the script puts them next to pgbench's.
/// </summary>
internal static class EconomyBench
{
    public const long LeaderboardGuild = 1;
    public const long TransferGuild = 2;
    public const int TransferUsers = 10_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.ElementAtOrDefault(1) ?? "";
        var pg = Option(args, "--pg");
        var redis = Option(args, "--redis");
        var api = new Uri(Option(args, "--api"));
        var seconds = TimeSpan.FromSeconds(double.Parse(Option(args, "--seconds", "10"), CultureInfo.InvariantCulture));
        var clients = int.Parse(Option(args, "--clients", "32"), CultureInfo.InvariantCulture);

        using var host = BuildHost(pg, redis);
        await host.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = api };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Option(args, "--key"));

        switch (mode)
        {
            case "leaderboard":
                {
                    var store = host.Services.GetRequiredService<LeaderboardStore>();
                    Report("leaderboard data-layer", await LatencyRecorder.MeasureAsync(() => store.TopAsync(LeaderboardGuild, 100, default), seconds));
                    Report("leaderboard api", await LatencyRecorder.MeasureAsync(async () =>
                    {
                        using var response = await http.GetAsync(new Uri($"/api/guilds/{LeaderboardGuild}/leaderboard", UriKind.Relative));
                        response.EnsureSuccessStatusCode();
                        await response.Content.ReadAsByteArrayAsync();
                    }, seconds));
                    break;
                }

            case "leaderboard-profile":
                await LeaderboardProfile.RunAsync(
                    host.Services.GetRequiredService<LeaderboardStore>(), host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), seconds);
                break;

            case "balance":
                {
                    var cache = host.Services.GetRequiredService<BalanceCache>();
                    var user = 42L;
                    Report("balance hit data-layer", await LatencyRecorder.MeasureAsync(() => cache.GetAsync(LeaderboardGuild, user, default), seconds));
                    // A miss: the guild's generation moves before each read (not timed), so every read
                    // takes the fill lock, reads PostgreSQL, stores and releases.
                    Report("balance miss data-layer", await LatencyRecorder.MeasureAsync(
                        () => cache.GetAsync(LeaderboardGuild, user, default), seconds, beforeEach: () => cache.InvalidateGuildAsync(LeaderboardGuild)));
                    Report("balance hit api", await LatencyRecorder.MeasureAsync(async () =>
                    {
                        using var response = await http.GetAsync(new Uri($"/api/guilds/{LeaderboardGuild}/users/{user}/balance", UriKind.Relative));
                        response.EnsureSuccessStatusCode();
                        await response.Content.ReadAsByteArrayAsync();
                    }, seconds));
                    break;
                }

            case "transfers":
                {
                    // Warm-up in the same process (JIT, HTTP connections, PostgreSQL pool), not counted.
                    await TransfersAsync(http, clients, TimeSpan.FromSeconds(Math.Min(3, seconds.TotalSeconds)));
                    var (count, failed, elapsed) = await TransfersAsync(http, clients, seconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"RESULT transfers api clients={clients} transfers={count} refused={failed} seconds={elapsed.TotalSeconds:0.0} tps={count / elapsed.TotalSeconds:0.0}"));
                    break;
                }

            default:
                Console.Error.WriteLine("usage: economy leaderboard|leaderboard-profile|balance|transfers --pg CONN --redis CONN --api URL --key API_KEY [--seconds N] [--clients N]");
                return 2;
        }

        await host.StopAsync();
        return 0;
    }

    private static async Task<(long Count, long Failed, TimeSpan Elapsed)> TransfersAsync(HttpClient http, int clients, TimeSpan duration)
    {
        long count = 0, failed = 0;
        var stopwatch = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var from = random.Next(1, TransferUsers + 1);
                var to = random.Next(1, TransferUsers);
                to = to >= from ? to + 1 : to;
                using var response = await http.PostAsJsonAsync(
                    new Uri($"/api/guilds/{TransferGuild}/transfers", UriKind.Relative),
                    new TransferCommand(from, to, random.Next(1, 100)),
                    BenchJsonContext.Default.TransferCommand);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref count);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        return (count, failed, stopwatch.Elapsed);
    }

    private static IHost BuildHost(string pg, string redis)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:economydb"] = pg,
            ["ConnectionStrings:redis"] = redis,
            [CachingOptions.Section + ":KeyPrefix"] = "bench",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddEconomyStorage();
        builder.AddBalanceCache();
        builder.AddEconomyOperations();
        return builder.Build();
    }

    private static void Report(string name, Percentiles percentiles) => Console.WriteLine($"RESULT {name} {percentiles}");

    private static string Option(string[] args, string name, string? fallback = null)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1]
            : fallback ?? throw new ArgumentException($"missing {name}");
    }
}

internal sealed record TransferCommand(long FromUserId, long ToUserId, long Amount);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(TransferCommand))]
internal sealed partial class BenchJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
