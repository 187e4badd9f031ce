using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// The real pieces, each in its own process on loopback: a throw-away redis-server, Cortex.Emulator and
/// Cortex.Gateway (Release builds). Both services log single-line with UTC millisecond timestamps, so a
/// harness can read when the emulator accepted each IDENTIFY and when each shard became ready.
/// </summary>
internal static partial class GatewayRig
{
    /// <summary>The firehose harness's token, so its bare shard can run on the same emulator as a ceiling.</summary>
    public const string Token = FirehoseHarness.Token;

    /// <summary>The harness's API key: it polls the internal <c>/shards</c> and <c>/metrics</c> as an operator.</summary>
    public const string ApiKey = "gateway-bench-operator-key-0123456789abcdef";

    private static readonly Dictionary<string, string> TimestampedLogs = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    public static async Task<(BenchProcess Process, ConnectionMultiplexer Connection, int Port)> StartRedisAsync()
    {
        var port = BenchProcess.FreePort();
        var redis = BenchProcess.Start("redis-server", "redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no --protected-mode no");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=true,connectTimeout=500,allowAdmin=true");
                return (redis, connection, port);
            }
            catch (RedisConnectionException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// An emulator for load rather than start-up: <paramref name="shards"/> recommended, no identify window, no seeded
    /// guilds. Discord's identify floor is the start-up harness's subject; the others measure what comes after it.
    /// </summary>
    public static Task<(BenchProcess Process, HttpClient Http)> StartUnpacedEmulatorAsync(int shards) => StartEmulatorAsync(
        new Dictionary<string, string>
        {
            ["Emulator:Gateway:MaxConcurrency"] = "16",
            ["Emulator:Gateway:RecommendedShards"] = shards.ToString(CultureInfo.InvariantCulture),
            ["Emulator:Gateway:IdentifyWindowMilliseconds"] = "0",
            ["Emulator:World:SeedDevelopmentGuilds"] = "false",
        },
        logIdentifies: false);

    /// <summary>Cortex.Emulator with <paramref name="settings"/> over the harness defaults; returns once it answers.</summary>
    public static async Task<(BenchProcess Process, HttpClient Http)> StartEmulatorAsync(IDictionary<string, string> settings, bool logIdentifies)
    {
        var port = BenchProcess.FreePort();
        var environment = new Dictionary<string, string>(TimestampedLogs)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Emulator:BotToken"] = Token,
            ["Emulator:OpenAiKey"] = "gateway-bench",
            ["Emulator:Gateway:SessionStartLimit"] = "100000",
        };
        if (logIdentifies)
        {
            environment["Logging:LogLevel:Cortex.Emulator.Gateway"] = "Information";
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var emulator = BenchProcess.StartService("Cortex.Emulator", environment);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitForAsync(emulator, http, "/api/v10/gateway");
        return (emulator, http);
    }

    /// <summary>Cortex.Gateway against the emulator and Redis; returns at once (the caller times the start-up).</summary>
    public static (BenchProcess Process, HttpClient Http) StartGateway(Uri emulator, int redisPort, IDictionary<string, string> settings, bool logShards, string? directory = null)
    {
        var port = BenchProcess.FreePort();
        var environment = new Dictionary<string, string>(TimestampedLogs)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings:redis"] = $"127.0.0.1:{redisPort}",
            ["Discord:Token"] = Token,
            ["Discord:RestBaseAddress"] = new Uri(emulator, "/api/v10/").ToString(),

            // The harness polls GET /shards; the public-route limit (60 a minute) would answer 429 instead.
            ["Cortex:RateLimiting:Routes:/:Limit"] = "1000000",

            // One port serves both surfaces here: the harness is the operator.
            ["Cortex:Surfaces:InternalPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Cortex:Auth:Keys:bench:Key"] = ApiKey,
            ["Cortex:Auth:Keys:bench:Scopes"] = "shards.operate metrics.read",
        };
        if (logShards)
        {
            environment["Logging:LogLevel:Cortex.Gateway.Sharding"] = "Information";
            environment["Logging:LogLevel:Cortex.Gateway.Identify"] = "Information";
            environment["Logging:LogLevel:Cortex.Discord.Gateway"] = "Information";
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var gateway = directory is null
            ? BenchProcess.StartService("Cortex.Gateway", environment)
            : BenchProcess.Start("Cortex.Gateway", "dotnet", $"\"{Path.Combine(directory, "Cortex.Gateway.dll")}\"", environment, directory);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return (gateway, http);
    }

    /// <summary>Polls GET /shards until every shard of the plan is Ready here; returns that view.</summary>
    public static async Task<JsonObject> WaitAllReadyAsync(BenchProcess gateway, HttpClient http, int shardCount, TimeSpan timeout, TimeSpan poll)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (gateway.HasExited)
            {
                throw new InvalidOperationException($"Cortex.Gateway exited:\n{gateway.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync("/shards");
                if (response.IsSuccessStatusCode
                    && await response.Content.ReadFromJsonAsync<JsonObject>() is { } view
                    && view["shards"]!.AsArray().Count(s => s!["owned_here"]!.GetValue<bool>() && s["status"]?.GetValue<string>() == "Ready") == shardCount)
                {
                    return view;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not all {shardCount} shards were ready within {timeout}:\n{gateway.Tail()}");
            }

            await Task.Delay(poll);
        }
    }

    /// <summary>The UTC time of each log line whose message matches <paramref name="pattern"/>, with the pattern's first group.</summary>
    public static List<(DateTime At, string Group)> Logged(BenchProcess process, Regex pattern, DateTime day)
    {
        List<(DateTime, string)> found = [];
        foreach (var line in process.Lines)
        {
            var match = pattern.Match(line);
            if (match.Success && TimestampPattern().Match(line) is { Success: true } stamp)
            {
                var time = TimeSpan.ParseExact(stamp.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
                found.Add((day.Date + time, match.Groups.Count > 1 ? match.Groups[1].Value : string.Empty));
            }
        }

        return found;
    }

    private static async Task WaitForAsync(BenchProcess process, HttpClient http, string path)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited:\n{process.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{process.Name} did not answer {path}:\n{process.Tail()}");
    }

    [GeneratedRegex(@"^(\d\d:\d\d:\d\d\.\d{3}) ")]
    private static partial Regex TimestampPattern();
}
