using System.Text.Json;
using Cortex.Tests.Support;

namespace Cortex.Tests.Emulator.Gateway;

/// <summary>
/// A real third-party client, @discordjs/ws 2.0.4 from npm, against the emulator's gateway:
/// GET /gateway/bot, IDENTIFY, READY, GUILD_CREATEs, an injected message, a dropped connection
/// resumed on <c>resume_gateway_url</c> with the missed message replayed, over zlib-stream.
/// If the real client and the emulator disagree, the emulator is wrong.
/// </summary>
public sealed class DiscordJsFidelityTests : IAsyncLifetime
{
    private static readonly SemaphoreSlim NpmInstall = new(1, 1);
    private EmulatorServer _server = null!;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartForGatewayAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static string ScriptDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cortex.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("The repository root (Cortex.sln) was not found."), "tests", "fidelity", "discordjs-ws");
        }
    }

    [Theory]
    [InlineData("4000")]
    [InlineData("abort")]
    public async Task Discordjs_ws_identifies_receives_guilds_and_messages_and_resumes_after_a_drop(string drop)
    {
        var guilds = new[] { _server.World.CreateGuild("fidelity one"), _server.World.CreateGuild("fidelity two") };
        var user = _server.World.CreateUser("carol");
        _server.World.AddMember(guilds[0].Id, user.Id);
        var channel = _server.World.GetChannels(guilds[0].Id)[0];

        var (exitCode, output) = await RunNodeAsync(new Dictionary<string, string>
        {
            ["EMULATOR_URL"] = _server.BaseAddress.ToString().TrimEnd('/'),
            ["BOT_TOKEN"] = EmulatorServer.BotToken,
            ["GUILD_IDS"] = string.Join(',', guilds.Select(g => g.Id)),
            ["CHANNEL_ID"] = channel.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AUTHOR_ID"] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DROP"] = drop,
        });

        Assert.True(exitCode == 0, $"@discordjs/ws failed (exit {exitCode}):\n{output}");
        var steps = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        var names = steps.Select(s => s.GetProperty("step").GetString()).ToList();
        Assert.Equal(["gateway_bot", "ready"], names.Take(2));
        Assert.Equal(2, names.Count(n => n == "guild_create"));
        Assert.Contains("dropped", names);
        Assert.Contains("resumed", names);
        Assert.Equal("done", names[^1]);
        var messages = steps[^1].GetProperty("messages").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(["live message", "missed message"], messages);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(Dictionary<string, string> environment)
    {
        var directory = ScriptDirectory;
        await NpmInstall.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(directory, "node_modules", "@discordjs", "ws")))
            {
                var (code, output) = await FidelityScript.ExecAsync("npm", "ci --no-audit --no-fund", directory, [], TimeSpan.FromMinutes(3));
                Assert.True(code == 0, $"npm ci failed:\n{output}");
            }
        }
        finally
        {
            NpmInstall.Release();
        }

        return await FidelityScript.ExecAsync("node", "fidelity.mjs", directory, environment, TimeSpan.FromSeconds(45));
    }
}
