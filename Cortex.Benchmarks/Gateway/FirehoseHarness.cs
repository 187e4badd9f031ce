using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Discord.Codecs;
using Cortex.Discord.Compression;
using Cortex.Discord.Gateway;
using Cortex.Emulator.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// End-to-end events per CPU-second for one shard under the emulator's firehose (inflate + decode +
/// dispatch), Cortex's shard side by side with @discordjs/ws consuming the same firehose in the same
/// run. The emulator runs in its own process so neither client pays for producing the events; each
/// client's own process CPU time is measured over exactly the measured events, after a warm-up.
/// <c>dotnet run -c Release --project Cortex.Benchmarks -- firehose [events] [rounds]</c>.
/// </summary>
public static class FirehoseHarness
{
    internal const string Token = "firehose.bot.token";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 1 && args[1] == "emulator")
        {
            await RunEmulatorAsync(int.Parse(args[2], CultureInfo.InvariantCulture));
            return 0;
        }

        var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var warmup = Math.Max(10_000, events / 5);
        var port = FreePort();
        using var emulator = StartEmulatorProcess(port);
        try
        {
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            using var http = new HttpClient { BaseAddress = baseAddress };
            await WaitUntilUpAsync(http);
            await http.PostAsJsonAsync("/control/guilds", new { name = "firehose" });

            var cortex = new List<Result>();
            var discordJs = new List<Result>();
            for (var round = 0; round < rounds; round++)
            {
                cortex.Add(await RunCortexAsync(http, baseAddress, events, warmup));
                discordJs.Add(await RunDiscordJsAsync(baseAddress, events, warmup));
                Console.WriteLine($"round {round + 1}: cortex {cortex[^1]}; @discordjs/ws {discordJs[^1]}");
            }

            var c = Median(cortex);
            var d = Median(discordJs);
            Console.WriteLine();
            Console.WriteLine($"| client (JSON, zlib-stream, {events:N0} events, median of {rounds}) | events / CPU-second | events / wall-second | CPU seconds |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| Cortex ShardConnection | {c.PerCpuSecond:N0} | {c.PerWallSecond:N0} | {c.CpuSeconds:F2} |");
            Console.WriteLine($"| @discordjs/ws 2.0.4 | {d.PerCpuSecond:N0} | {d.PerWallSecond:N0} | {d.CpuSeconds:F2} |");
            Console.WriteLine($"| ratio | {c.PerCpuSecond / d.PerCpuSecond:F2}x | {c.PerWallSecond / d.PerWallSecond:F2}x | |");
            return 0;
        }
        finally
        {
            emulator.Kill(entireProcessTree: true);
            await emulator.WaitForExitAsync();
        }
    }

    /// <summary>One bare shard on an emulator that accepts <see cref="Token"/>; the gateway harness reuses it as a ceiling.</summary>
    internal static async Task<Result> RunCortexAsync(HttpClient http, Uri baseAddress, int events, int warmup)
    {
        var options = new ShardConnectionOptions
        {
            Token = Token,
            GatewayUrl = new Uri($"ws://{baseAddress.Authority}/gateway"),
            Encoding = GatewayEncoding.Json,
            Compression = TransportCompression.ZlibStream,
            Intents = GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.MessageContent,
        };
        using var stop = new CancellationTokenSource();
        using var gate = new InProcessIdentifyGate(1, window: TimeSpan.Zero);
        await using var shard = new ShardConnection(options, gate, new InMemoryShardSessionStore());
        var run = shard.RunAsync(stop.Token);
        var reader = shard.Dispatches;
        while ((await reader.ReadAsync()).EventName != "READY")
        {
        }

        var connection = await ConnectionOfAsync(http, shard.State.SessionId!);
        var first = await StartFirehoseAsync(http, connection, warmup);
        await CountAsync(reader, first, warmup);

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        first = await StartFirehoseAsync(http, connection, events);
        await CountAsync(reader, first, events);
        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        await stop.CancelAsync();
        await run;
        return new Result(events, cpu, wall.Elapsed.TotalSeconds);
    }

    // The firehose's events carry sequences first..first+count-1, in order: done when the last one is read.
    private static async Task CountAsync(System.Threading.Channels.ChannelReader<GatewayDispatch> reader, int firstSequence, int count)
    {
        var last = firstSequence + count - 1;
        while ((await reader.ReadAsync()).Sequence < last)
        {
        }
    }

    private static async Task<Result> RunDiscordJsAsync(Uri baseAddress, int events, int warmup)
    {
        var start = new ProcessStartInfo("node", "firehose.mjs")
        {
            WorkingDirectory = FidelityDirectory(),
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["EMULATOR_URL"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["BOT_TOKEN"] = Token;
        start.Environment["EVENTS"] = events.ToString(CultureInfo.InvariantCulture);
        start.Environment["WARMUP"] = warmup.ToString(CultureInfo.InvariantCulture);
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var json = JsonNode.Parse(last)!;
        if (node.ExitCode != 0 || json["events"] is null)
        {
            throw new InvalidOperationException($"The @discordjs/ws firehose client failed: {output}");
        }

        return new Result(json["events"]!.GetValue<int>(), json["cpu_seconds"]!.GetValue<double>(), json["wall_seconds"]!.GetValue<double>());
    }

    private static async Task<int> ConnectionOfAsync(HttpClient http, string sessionId)
    {
        var connections = await http.GetFromJsonAsync<JsonArray>("/control/gateway/connections");
        return connections!.Last(c => c!["session_id"]?.GetValue<string>() == sessionId)!["id"]!.GetValue<int>();
    }

    private static async Task<int> StartFirehoseAsync(HttpClient http, int connection, int count)
    {
        using var response = await http.PostAsJsonAsync($"/control/gateway/connections/{connection}/firehose", new { count });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["first_sequence"]!.GetValue<int>();
    }

    private static async Task RunEmulatorAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Configuration["Emulator:BotToken"] = Token;
        builder.Configuration["Emulator:Gateway:IdentifyWindowMilliseconds"] = "0";
        builder.Configuration["Emulator:Gateway:SessionStartLimit"] = "100000";
        builder.AddEmulatorGateway();
        var app = builder.Build();
        app.MapEmulatorGateway();
        await app.RunAsync();
    }

    private static Process StartEmulatorProcess(int port)
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, $"\"{typeof(FirehoseHarness).Assembly.Location}\" firehose emulator {port}")
            : new ProcessStartInfo(self, $"firehose emulator {port}");
        start.UseShellExecute = false;
        return Process.Start(start)!;
    }

    private static async Task WaitUntilUpAsync(HttpClient http)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var response = await http.GetAsync("/api/v10/gateway");
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

        throw new TimeoutException("The emulator did not start.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FidelityDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cortex.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "tests", "fidelity", "discordjs-ws");
    }

    private static Result Median(List<Result> results) => results.OrderBy(r => r.PerCpuSecond).ElementAt(results.Count / 2);

    internal sealed record Result(int Events, double CpuSeconds, double WallSeconds)
    {
        public double PerCpuSecond => Events / CpuSeconds;

        public double PerWallSecond => Events / WallSeconds;

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{PerCpuSecond:N0} events/CPU-s, {PerWallSecond:N0} events/s, {CpuSeconds:F2} CPU-s");
    }
}
