using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Cortex.AppHost.Integrations;
using Cortex.Economy.Verification;
using Cortex.ServiceDefaults.RateLimiting;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Defense;

/// <summary>
/// Starts a second, whole Cortex with a recognisable Discord token and OpenAI key (the emulator
/// accepting exactly those), drives traffic through every path that carries them (a slash command
/// answered over REST, an AI reply from the model, a Discord call that fails, bad requests), and
/// proves neither value appears in any resource's log, any exported trace, log or metric, any
/// response body, or the published manifest. The slash command's interaction token (a credential for
/// 15 minutes, carried in the callback URL) must likewise appear nowhere Cortex's services log or
/// export; only the emulator, which plays Discord and issued it, knows it.
/// </summary>
public sealed class SecretsScanTests : IAsyncLifetime
{
    private static readonly string DiscordToken = "CortexProbeDiscordToken." + Guid.NewGuid().ToString("N");
    private static readonly string OpenAiKey = "sk-CortexProbeOpenAiKey-" + Guid.NewGuid().ToString("N");
    private static readonly string[] Secrets = [DiscordToken, OpenAiKey];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cortex-secrets-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ConcurrentQueue<(string Resource, string Line)> _logs = new();
    private readonly CancellationTokenSource _stopWatching = new();
    private readonly List<Task> _watchers = [];
    private OtlpSink _otlp = null!;
    private DistributedApplication _app = null!;

    public async Task InitializeAsync()
    {
        _otlp = await OtlpSink.StartAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Cortex_AppHost>(
            [
                .. CortexAppFixture.LocalModeArguments(_dataDirectory),
                $"--Parameters:{ExternalApis.DiscordTokenParameter}={DiscordToken}",
                $"--Parameters:{ExternalApis.OpenAiKeyParameter}={OpenAiKey}",
                $"--{ExternalApis.AlwaysEmulateSetting}=true",
            ],
            (options, _) => options.DisableDashboard = true,
            cancellation.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            // Every service exports to our sink, quickly, so the scan sees what a collector would.
            project.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
            {
                environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = _otlp.Address.ToString().TrimEnd('/');
                environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                environment["OTEL_EXPORTER_OTLP_HEADERS"] = $"{OtlpSink.ResourceHeader}={project.Name}";
                environment["OTEL_BSP_SCHEDULE_DELAY"] = "500";
                environment["OTEL_BLRP_SCHEDULE_DELAY"] = "500";
                environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
                environment["OTEL_TRACES_SAMPLER"] = "always_on";
            }));
        }

        _app = await builder.BuildAsync(cancellation.Token);
        await _app.StartAsync(cancellation.Token);
        foreach (var service in CortexAppFixture.Services)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellation.Token);
        }

        // Once every instance is running (and named): the watch replays each one's backlog first.
        var loggers = _app.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var resource in _app.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            _watchers.Add(WatchAsync(loggers, resource));
        }
    }

    [Fact]
    public async Task The_token_and_key_appear_in_no_log_trace_response_or_manifest()
    {
        var bodies = new List<string>();
        using var economy = Client("economy");
        using var emulator = Client("emulator");
        var world = await emulator.GetFromJsonAsync<JsonElement>("/control/world");
        var snapshot = await emulator.GetFromJsonAsync<JsonElement>("/control/snapshot");
        var guild = Text(world, "guild_id", "guildId");
        var channel = Text(world, "commands_channel_id", "commandsChannelId");
        var general = Text(world, "general_channel_id", "generalChannelId");
        var ada = Text(world, "ada_id", "adaId");
        var bot = Text(snapshot, "bot_id", "botId");

        // An economy call, and bad requests of every kind.
        bodies.Add(await BodyAsync(economy.GetAsync($"/api/guilds/{guild}/users/{ada}/balance")));
        bodies.Add(await BodyAsync(economy.PostAsync($"/api/guilds/{guild}/transfers", new StringContent("{broken", Encoding.UTF8, "application/json"))));
        using (var oversized = new HttpRequestMessage(HttpMethod.Post, $"/api/guilds/{guild}/transfers") { Content = new ByteArrayContent(new byte[64 * 1024]) })
        {
            // Expect: 100-continue, so the 413 arrives before the body is sent instead of a reset mid-upload.
            oversized.Headers.ExpectContinue = true;
            bodies.Add(await BodyAsync(economy.SendAsync(oversized)));
        }

        bodies.Add(await BodyAsync(economy.GetAsync("/api/guilds/not-a-number/leaderboard")));
        bodies.Add(await BodyAsync(economy.PostAsync("/webhook/votes", new StringContent("{}", Encoding.UTF8, "application/json"))));
        bodies.Add(await BodyAsync(economy.GetAsync("/verify?token=forged")));
        using (var withToken = new HttpRequestMessage(HttpMethod.Get, $"/api/guilds/{guild}/leaderboard"))
        {
            // A client that wrongly sends the token to Cortex must not see it echoed or logged.
            withToken.Headers.Authorization = new AuthenticationHeaderValue("Bot", DiscordToken);
            bodies.Add(await BodyAsync(economy.SendAsync(withToken)));
        }

        // A Discord call that fails: a valid link for a guild that does not exist.
        var links = new VerificationLinks(
            Options.Create(new VerificationOptions { SigningKey = await ParameterAsync(DefenseSecrets.VerifySigningKeyParameter) }), TimeProvider.System);
        var token = links.Sign(links.Issue(42, 43, 44));
        bodies.Add(await BodyAsync(Client("economy").PostAsync("/verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }))));

        // A slash command answered over REST with the token, and a mention the AI answers with the key.
        var command = await BodyAsync(emulator.PostAsJsonAsync("/control/interactions", new { guild_id = guild, channel_id = channel, user_id = ada, name = "balance" }));
        bodies.Add(command);
        var interactionToken = JsonDocument.Parse(command[command.IndexOf("\n{", StringComparison.Ordinal)..]).RootElement.GetProperty("token").GetString()!;
        bodies.Add(await BodyAsync(emulator.PostAsJsonAsync("/control/messages", new { channel_id = general, author_id = ada, content = $"<@{bot}> what is the capital of France?" })));
        // The AI's reply is posted with the bot token after a model call with the key: both credentials were used.
        var answered = await WaitForBotRepliesAsync(emulator, general);
        Assert.True(answered.Count == 1, $"Bot answered in [{string.Join(", ", answered)}] of commands {channel} and general {general}. Logs:\n"
            + string.Join('\n', _logs.Where(l => l.Resource is "ai" or "economy" or "emulator" or "gateway").TakeLast(60).Select(l => l.Resource + ": " + l.Line)));

        // Let the exporters flush, then stop the app so every resource's last lines are in.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _app.StopAsync();
        await _stopWatching.CancelAsync();
        await Task.WhenAll(_watchers);
        var manifest = await PublishManifestAsync();

        Assert.NotEmpty(_logs);
        Assert.Contains(_otlp.Exports, export => export.Signal == "traces");
        Assert.Contains(_otlp.Exports, export => export.Signal == "logs");
        // The economy answered the command over REST, and its span shows the callback with the token redacted.
        var interactionId = JsonDocument.Parse(command[command.IndexOf("\n{", StringComparison.Ordinal)..]).RootElement.GetProperty("id").GetString()!;
        var redactedCallback = Encoding.UTF8.GetBytes($"interactions/{interactionId}/{{interaction_token}}/callback");
        Assert.True(_otlp.Exports.Any(export => export.Resource == "economy" && export.Body.AsSpan().IndexOf(redactedCallback) >= 0),
            "No economy span of the interaction callback. Exports: " + string.Join(", ", _otlp.Exports.Select(e => e.Resource + "/" + e.Signal).Distinct())
            + "\nCommand: " + command + "\nEconomy: " + string.Join('\n', _logs.Where(l => l.Resource == "economy").TakeLast(30).Select(l => l.Line)));
        var tokenBytes = Encoding.UTF8.GetBytes(interactionToken);
        Assert.DoesNotContain(_logs, log => log.Resource != "emulator" && log.Line.Contains(interactionToken, StringComparison.Ordinal));
        Assert.DoesNotContain(_otlp.Exports, export => export.Resource != "emulator" && export.Body.AsSpan().IndexOf(tokenBytes) >= 0);
        foreach (var secret in Secrets)
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            Assert.DoesNotContain(_logs, log => log.Line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(_otlp.Exports, export => export.Body.AsSpan().IndexOf(bytes) >= 0);
            Assert.DoesNotContain(bodies, body => body.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, manifest, StringComparison.Ordinal);
        }
    }

    /// <summary>The channels where a bot message appeared within a minute.</summary>
    private static async Task<HashSet<string>> WaitForBotRepliesAsync(HttpClient emulator, params string[] channels)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        var answered = new HashSet<string>();
        while (answered.Count < channels.Length && DateTimeOffset.UtcNow < deadline)
        {
            foreach (var channel in channels)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v10/channels/{channel}/messages?limit=20");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bot", DiscordToken);
                using var response = await emulator.SendAsync(request);
                if (response.IsSuccessStatusCode
                    && (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Any(m => m.TryGetProperty("author", out var a) && a.TryGetProperty("bot", out var b) && b.ValueKind == JsonValueKind.True))
                {
                    answered.Add(channel);
                }
            }

            await Task.Delay(500);
        }

        return answered;
    }

    private HttpClient Client(string resource)
    {
        var http = new HttpClient { BaseAddress = _app.GetEndpoint(resource, "http"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(ClientIpResolver.ClientIpHeader, Economy.EconomyApiClient.RandomAddress().ToString());
        return http;
    }

    private async Task<string> ParameterAsync(string name)
    {
        var model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        return await model.Resources.OfType<ParameterResource>().Single(p => p.Name == name).GetValueAsync(CancellationToken.None) ?? "";
    }

    private static async Task<string> BodyAsync(Task<HttpResponseMessage> send)
    {
        using var response = await send;
        return string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(',', h.Value)}"))
            + "\n" + await response.Content.ReadAsStringAsync();
    }

    private static string Text(JsonElement element, string snake, string camel)
    {
        var value = element.TryGetProperty(snake, out var s) ? s : element.GetProperty(camel);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }

    private async Task WatchAsync(ResourceLoggerService loggers, IResource resource)
    {
        try
        {
            // By resource, so every running instance's console is included.
            await foreach (var batch in loggers.WatchAsync(resource).WithCancellation(_stopWatching.Token))
            {
                foreach (var line in batch)
                {
                    _logs.Enqueue((resource.Name, line.Content));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The manifest an operator would publish from this machine, with both values in the environment.</summary>
    private static async Task<string> PublishManifestAsync()
    {
        var root = RepositoryRoot.Find();
        var output = Path.Combine(Path.GetTempPath(), $"cortex-manifest-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet", ["run", "--project", Path.Combine(root, "Cortex.AppHost"), "--no-build", "--no-launch-profile", "--", "--publisher", "manifest", "--output-path", output])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Parameters__discord-token"] = DiscordToken;
        start.Environment["Parameters__openai-api-key"] = OpenAiKey;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        try
        {
            return await File.ReadAllTextAsync(output) + await stdout + await stderr;
        }
        finally
        {
            File.Delete(output);
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _otlp.DisposeAsync();
        _stopWatching.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
