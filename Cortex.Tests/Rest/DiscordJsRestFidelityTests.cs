using System.Diagnostics;
using System.Text.Json;
using Cortex.Tests.Emulator;

namespace Cortex.Tests.Rest;

/// <summary>
/// A real third-party client, <c>@discordjs/rest</c> 2.6.3 from npm (tests/fidelity/discordjs-rest),
/// pointed at the emulator's REST: it sends a message, meets a user and a global 429 and waits them
/// out, and paces a burst by the rate-limit headers without a single 429.
/// </summary>
public sealed class DiscordJsRestFidelityTests : IDisposable
{
    private readonly EmulatorServer _emulator = new(new Dictionary<string, string?> { ["Emulator:Rest:BucketWindowMilliseconds"] = "1000" });

    public void Dispose() => _emulator.Dispose();

    [Fact]
    public async Task Discordjs_rest_sends_a_message_and_handles_429s_like_on_discord()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "fidelity", "discordjs-rest");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@discordjs", "rest")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", folder, []);
        }

        var world = await RestClientHarness.WorldAsync(_emulator);
        var output = await RunAsync("node", "send-and-429.mjs", folder, new()
        {
            ["EMULATOR_URL"] = _emulator.BaseAddress.ToString().TrimEnd('/'),
            ["BOT_TOKEN"] = EmulatorServer.BotToken,
            ["CHANNEL_ID"] = world.GeneralChannelId.ToString(),
        });

        using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        Assert.Equal("hello from @discordjs/rest", root.GetProperty("first").GetProperty("content").GetString());
        Assert.Equal("Cortex", root.GetProperty("first").GetProperty("author").GetString());
        Assert.Equal("after a user 429", root.GetProperty("afterUser429").GetString());
        Assert.Equal("after a global 429", root.GetProperty("afterGlobal429").GetString());
        Assert.True(root.GetProperty("waitedUser").GetInt32() >= 400, output);
        Assert.True(root.GetProperty("waitedGlobal").GetInt32() >= 400, output);
        Assert.Equal(2, root.GetProperty("statuses").EnumerateArray().Count(s => s.GetInt32() == 429));
        Assert.Equal(7, root.GetProperty("burst").GetInt32());
        Assert.Equal(0, root.GetProperty("burst429s").GetInt32());
        Assert.Contains(root.GetProperty("limited").EnumerateArray(), l => l.GetProperty("global").GetBoolean());
    }

    private static async Task<string> RunAsync(string file, string arguments, string folder, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} {arguments} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cortex.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cortex.sln not found above " + AppContext.BaseDirectory);
    }
}
