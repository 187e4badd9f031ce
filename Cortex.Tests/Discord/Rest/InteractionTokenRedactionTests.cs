using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Emulator.Rest;
using Cortex.Tests.Defense;
using Cortex.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Instrumentation.AspNetCore;

namespace Cortex.Tests.Discord.Rest;

/// <summary>
/// The REST client as a service registers it (<c>AddDiscordRest</c> and the service defaults'
/// telemetry, exporting to an OTLP sink), answering an interaction, failing to answer it twice and
/// editing the answer through the webhook route: the interaction token is in no log line and no
/// exported span or log, while the redacted route is.
/// </summary>
public sealed class InteractionTokenRedactionTests : IDisposable
{
    private readonly EmulatorServer _emulator = new(new Dictionary<string, string?> { ["Emulator:Rest:InitialResponseWindowMilliseconds"] = "15000" });
    private readonly ConcurrentQueue<string> _lines = new();

    [Fact]
    public async Task Interaction_tokens_are_in_no_log_line_or_exported_span()
    {
        await using var otlp = await OtlpSink.StartAsync();
        var world = await RestClientHarness.WorldAsync(_emulator);
        var application = await RestClientHarness.Client(_emulator).GetCurrentApplicationAsync();
        await RestClientHarness.Client(_emulator).BulkOverwriteGuildCommandsAsync(application.Id, world.GuildId, [new ApplicationCommand { Name = "ping", Description = "Replies pong" }]);
        using var http = _emulator.CreateSocketClient();
        using var created = await http.PostAsJsonAsync("control/interactions",
            new ChatCommandRequest { GuildId = world.GuildId, ChannelId = world.GeneralChannelId, UserId = world.AdaId, Name = "ping" }, EmulatorRestJsonContext.Default.ChatCommandRequest);
        var interaction = (await created.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Interaction))!;

        // Disposing the host flushes its exporters to the sink.
        using (var host = Host(otlp))
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<DiscordRestClient>();
            var answer = new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new InteractionCallbackData { Content = "pong" } };
            await client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, answer);
            var twice = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, answer));
            await client.EditOriginalResponseAsync(application.Id, interaction.Token, new EditMessageRequest { Content = "pong!" });
            _lines.Enqueue(twice.Message);
            await host.StopAsync();
        }

        var token = Encoding.UTF8.GetBytes(interaction.Token);
        Assert.Contains(_lines, line => line.Contains("interactions/" + interaction.Id + "/{interaction_token}/callback", StringComparison.Ordinal));
        Assert.Contains(_lines, line => line.Contains("webhooks/" + application.Id + "/{interaction_token}/messages/@original", StringComparison.Ordinal));
        Assert.DoesNotContain(_lines, line => line.Contains(interaction.Token, StringComparison.Ordinal));
        Assert.Contains(otlp.Exports, export => export.Signal == "traces" && export.Body.AsSpan().IndexOf("{interaction_token}"u8) >= 0);
        Assert.DoesNotContain(otlp.Exports, export => export.Body.AsSpan().IndexOf(token) >= 0);
    }

    private IHost Host(OtlpSink otlp)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = EmulatorServer.BotToken,
            ["Discord:RestBaseAddress"] = new Uri(_emulator.BaseAddress, "api/v10/").ToString(),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
        });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new LineLogger(_lines));
        builder.ConfigureOpenTelemetry();
        // The emulator runs in this process: its server spans (Discord's side, which knows the token) are not the client's.
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(options => options.Filter = _ => false);
        builder.Services.AddDiscordRest(builder.Configuration);
        return builder.Build();
    }

    public void Dispose() => _emulator.Dispose();

    /// <summary>Every formatted line, with its exception, as a console would show it.</summary>
    private sealed class LineLogger(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + " " + exception);

        public void Dispose()
        {
        }
    }
}
