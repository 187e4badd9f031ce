using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cortex.Tests.Security;
using Cortex.Tests.Support;

namespace Cortex.Tests.Gateway;

/// <summary>
/// The real Cortex.Gateway executable as a child process, so a test can kill it (SIGKILL: no drain, no
/// close frame, no last save) and start it again.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, Uri publicAddress, Uri internalAddress)
    {
        _process = process;
        PublicAddress = publicAddress;
        Http = new HttpClient { BaseAddress = internalAddress, Timeout = TimeSpan.FromSeconds(10) }.Authorized();
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The internal surface, as the operator (the test key).</summary>
    public HttpClient Http { get; }

    /// <summary>The public surface: <c>/interactions</c> and the health probes.</summary>
    public Uri PublicAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static GatewayProcess Start(IDictionary<string, string?> settings)
    {
        // Tests run from Cortex.Tests/bin/<configuration>/<tfm>/; the gateway is built next door.
        var dll = Path.GetFullPath(AppContext.BaseDirectory.Replace("Cortex.Tests", "Cortex.Gateway", StringComparison.Ordinal) + "Cortex.Gateway.dll");
        var port = LoopbackPort.Free();
        var internalPort = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port};http://127.0.0.1:{internalPort}";
        start.Environment["Cortex__Surfaces__InternalPort"] = internalPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The gateway did not start.");
        return new GatewayProcess(process, new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{internalPort}"));
    }

    /// <summary>How the last <see cref="ShardsAsync"/> was answered (a status or an error), for a timeout's message.</summary>
    public string LastShardsAnswer { get; private set; } = "not asked";

    /// <summary>GET /shards, or null while the process is not answering yet.</summary>
    public async Task<JsonObject?> ShardsAsync()
    {
        try
        {
            using var response = await Http.GetAsync("/shards");
            LastShardsAnswer = $"{(int)response.StatusCode} at {DateTime.UtcNow:HH:mm:ss.fff}";
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        }
        catch (HttpRequestException e)
        {
            LastShardsAnswer = $"{e.Message} at {DateTime.UtcNow:HH:mm:ss.fff}";
            return null;
        }
    }

    /// <summary>Waits until /shards reports each of <paramref name="shardIds"/> owned here and Ready; returns that view.</summary>
    public async Task<JsonObject> WaitReadyAsync(IReadOnlyCollection<int> shardIds, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode}:\n{Output}");
            }

            if (await ShardsAsync() is { } view
                && shardIds.All(id => view["shards"]!.AsArray().Any(s => s!["shard_id"]!.GetValue<int>() == id
                    && s["owned_here"]!.GetValue<bool>()
                    && s["status"]?.GetValue<string>() == "Ready")))
            {
                return view;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Shards {string.Join(",", shardIds)} were not ready in time. Last view: {await ShardsAsync()}\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// SIGTERM, as an orchestrator stops a service: the host drains and exits on its own. Returns
    /// how long that took and the exit code; kills the process if it is still running after
    /// <paramref name="patience"/>.
    /// </summary>
    public async Task<(TimeSpan Elapsed, int? ExitCode)> TerminateAsync(TimeSpan patience)
    {
        var started = Stopwatch.GetTimestamp();
        using (var signal = Process.Start("kill", $"-TERM {_process.Id}"))
        {
            await signal.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return (Stopwatch.GetElapsedTime(started), _process.ExitCode);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            return (Stopwatch.GetElapsedTime(started), null);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to drain, close or save.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
