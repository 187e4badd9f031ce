using System.Diagnostics;
using Cortex.Benchmarks.Gateway.Guilds;
using Cortex.Emulator.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// The emulator's gateway in a child process of this harness (this assembly run as <c>firehose emulator PORT</c>),
/// with the benchmark's guild mixes added to its firehose. Killed with its process tree on dispose.
/// </summary>
internal sealed class FirehoseEmulator : IAsyncDisposable
{
    private readonly Process _process;

    private FirehoseEmulator(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<FirehoseEmulator> StartAsync()
    {
        var port = BenchProcess.FreePort();
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, $"\"{typeof(FirehoseEmulator).Assembly.Location}\" firehose emulator {port}")
            : new ProcessStartInfo(self, $"firehose emulator {port}");
        start.UseShellExecute = false;
        var emulator = new FirehoseEmulator(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var response = await emulator.Http.GetAsync("/api/v10/gateway");
                if (response.IsSuccessStatusCode)
                {
                    return emulator;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await emulator.DisposeAsync();
        throw new TimeoutException("The emulator did not start.");
    }

    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Configuration["Emulator:BotToken"] = FirehoseHarness.Token;
        builder.Configuration["Emulator:Gateway:IdentifyWindowMilliseconds"] = "0";
        builder.Configuration["Emulator:Gateway:SessionStartLimit"] = "100000";
        builder.Services.AddSingleton(BenchmarkMixes.AddTo(new FirehoseMixes()));
        builder.AddEmulatorGateway();
        var app = builder.Build();
        app.MapEmulatorGateway();
        await app.RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
