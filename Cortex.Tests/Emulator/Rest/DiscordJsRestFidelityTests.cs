using System.Diagnostics;
using System.Text.Json;
using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Hosting;
using Cortex.Tests.Support;

namespace Cortex.Tests.Emulator.Rest;

/// <summary>
/// A real third-party client, <c>@discordjs/rest</c> 2.6.3 from npm (tests/fidelity/discordjs-rest),
/// pointed at the emulator's REST: it sends a message, meets a user and a global 429 and waits them
/// out, and paces a burst by the rate-limit headers without a single 429; and it calls every route added for
/// issue 16 (tests/fidelity/discordjs-rest/routes.mjs), statuses, bodies, error codes and rate-limit headers checked.
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

    [Fact]
    public async Task Discordjs_rest_calls_every_added_route_and_gets_discords_statuses_bodies_and_rate_limit_headers()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var output = await RunNodeAsync("routes.mjs", new()
        {
            ["EMULATOR_URL"] = _emulator.BaseAddress.ToString().TrimEnd('/'),
            ["BOT_TOKEN"] = EmulatorServer.BotToken,
            ["GUILD_ID"] = world.GuildId.ToString(),
            ["CHANNEL_ID"] = world.GeneralChannelId.ToString(),
            ["LOCKED_GUILD_ID"] = world.LockedGuildId.ToString(),
            ["ADA_ID"] = world.AdaId.ToString(),
        });

        using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var results = result.RootElement.GetProperty("results");
        string Body(string step) => Ok(results, step).GetRawText();

        Assert.Equal("\"from discord.js\"", Body("getMessage"));
        Assert.Equal("""{"content":"edited by discord.js","edited":true}""", Body("editMessage"));
        Assert.Equal("[\"Cortex\"]", Body("getReactions"));
        foreach (var step in (string[])["typing", "react", "unreact", "unreactUser", "unreactEmoji", "unreactAll", "bulkDelete", "kick", "ban", "unban", "callback", "deleteFollowup"])
        {
            Assert.Equal("\"ok\"", Body(step));
        }

        var upload = Ok(results, "upload")[0];
        Assert.Equal(("notes.txt", 10, "notes"), (upload.GetProperty("filename").GetString(), upload.GetProperty("size").GetInt32(), upload.GetProperty("description").GetString()));
        Assert.Equal("hello file", results.GetProperty("uploadServed").GetString());
        Assert.Equal("""{"name":"general","type":0}""", Body("getChannel"));
        Assert.Equal(["general", "bot-commands"], Ok(results, "guildChannels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["@everyone", "Moderator", "Cortex"], Ok(results, "guildRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal($$"""{"type":1,"recipient":"{{world.AdaId}}"}""", Body("dm"));
        Assert.Equal("banned by discord.js", Ok(results, "getBan").GetProperty("reason").GetString());
        var audit = Ok(results, "auditLog").EnumerateArray().Select(e => (e.GetProperty("action").GetInt32(), e.GetProperty("reason").GetString())).ToList();
        Assert.Contains((20, "kicked by discord.js"), audit);
        Assert.Contains((22, "banned by discord.js"), audit);
        Assert.Contains((73, "tidy"), audit);
        Assert.Contains(audit, e => e.Item1 == 23);
        Assert.Equal("""{"content":"answer","files":["answer.txt"]}""", Body("getOriginal"));
        Assert.Equal("\"follow-up\"", Body("getFollowup"));
        Assert.Equal("0", Body("reactionsCleared"));
        Assert.Equal("true", Body("archiveThread"));
        Assert.Equal("\"follow-up, edited\"", Body("editFollowup"));

        Assert.Equal((404, 10008), Refused(results, "getUnknownMessage"));
        Assert.Equal((400, 10014), Refused(results, "badEmoji"));
        Assert.Equal((400, 50035), Refused(results, "bulkDeleteOne"));
        Assert.Equal((404, 10003), Refused(results, "getUnknownChannel"));
        Assert.Equal((404, 10013), Refused(results, "dmUnknown"));
        Assert.Equal((403, 50013), Refused(results, "createChannel"));
        Assert.Equal((400, 50083), Refused(results, "renameArchived"));
        Assert.Equal((403, 50013), Refused(results, "kickLocked"));
        Assert.Equal((404, 10026), Refused(results, "getBanLifted"));
        Assert.Equal((403, 50013), Refused(results, "auditLogLocked"));
        Assert.Equal((404, 10008), Refused(results, "getDeletedFollowup"));
        Assert.True(results.GetProperty("bulkDeleteOne").GetProperty("errors").TryGetProperty("messages", out _), output);

        // Every response, success or refusal, carried Discord's bucket headers.
        var headers = result.RootElement.GetProperty("headers").EnumerateArray().ToList();
        Assert.True(headers.Count >= 35, output);
        foreach (var response in headers)
        {
            foreach (var name in (string[])["limit", "remaining", "reset", "resetAfter", "bucket"])
            {
                Assert.True(response.GetProperty(name).ValueKind == JsonValueKind.String, $"{response.GetProperty("route")} lacks {name}");
            }
        }
    }

    private static JsonElement Ok(JsonElement results, string step)
    {
        var outcome = results.GetProperty(step);
        Assert.True(outcome.GetProperty("ok").GetBoolean(), $"{step}: {outcome}");
        return outcome.GetProperty("body");
    }

    private static (int Status, int Code) Refused(JsonElement results, string step)
    {
        var outcome = results.GetProperty(step);
        Assert.False(outcome.GetProperty("ok").GetBoolean(), $"{step} succeeded: {outcome}");
        return (outcome.GetProperty("status").GetInt32(), outcome.GetProperty("code").GetInt32());
    }

    private static async Task<string> RunNodeAsync(string script, Dictionary<string, string> environment)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "fidelity", "discordjs-rest");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@discordjs", "rest")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", folder, []);
        }

        return await RunAsync("node", script, folder, environment);
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
