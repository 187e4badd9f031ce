using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Cortex.Tests.Emulator.Chat;

/// <summary>
/// The chat page in a real browser (Debian's chromium through Playwright): send a message, run a
/// command answered by a bot over HTTP interactions, and see bot actions (timeout, delete) live.
/// </summary>
public sealed class ChatPageBrowserTests : IAsyncLifetime
{
    private WebApplication _bot = null!;
    private EmulatorServer _emulator = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _bot = builder.Build();
        // A tiny bot that answers inline, as an HTTP-interactions app may.
        _bot.MapPost("/interactions", async (HttpContext http) =>
        {
            using var interaction = await JsonDocument.ParseAsync(http.Request.Body);
            var name = interaction.RootElement.GetProperty("data").GetProperty("name").GetString();
            var text = interaction.RootElement.GetProperty("data").TryGetProperty("options", out var options)
                ? options[0].GetProperty("value").GetString() : null;
            var response = name == "secret"
                ? new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new() { Content = "only for you", Flags = MessageFlags.Ephemeral } }
                : new InteractionResponse
                {
                    Type = InteractionCallbackType.ChannelMessageWithSource,
                    Data = new() { Content = "pong " + text, Embeds = [new Embed { Title = "Latency", Description = "0 ms" }] },
                };
            return Results.Json(response, DiscordJsonContext.Default.InteractionResponse);
        });
        await _bot.StartAsync();

        _emulator = new EmulatorServer(new Dictionary<string, string?>
        {
            ["Emulator:Rest:InteractionsEndpoint"] = $"http://127.0.0.1:{port}/interactions",
            ["Emulator:Rest:InitialResponseWindowMilliseconds"] = "15000",
        });
        var client = RestClientHarness.Client(_emulator);
        var world = await RestClientHarness.WorldAsync(_emulator);
        var application = await client.GetCurrentApplicationAsync();
        await client.BulkOverwriteGuildCommandsAsync(application.Id, world.GuildId,
        [
            new SlashCommand("ping", "Replies pong", [new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = "text", Description = "Echoed" }]).ToApplicationCommand(),
            new SlashCommand("secret", "Replies to you only").ToApplicationCommand(),
        ]);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _emulator.Dispose();
        await _bot.StopAsync();
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task Send_a_message_run_a_command_and_see_replies_timeouts_and_deletions_live()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(_emulator.BaseAddress, "chat").ToString());
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#user", new SelectOptionValue { Label = "Ada" });
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);

        await page.FillAsync("#composer", "hello from the browser");
        await page.PressAsync("#composer", "Enter");
        await Assertions.Expect(page.Locator(".message", new() { HasText = "hello from the browser" })).ToBeVisibleAsync();

        await page.FillAsync("#composer", "/ping text:there");
        await page.PressAsync("#composer", "Enter");
        var reply = page.Locator(".message", new() { HasText = "pong there" });
        await Assertions.Expect(reply).ToBeVisibleAsync();
        await Assertions.Expect(reply.Locator(".embed .title")).ToHaveTextAsync("Latency");

        await page.FillAsync("#composer", "/secret");
        await page.PressAsync("#composer", "Enter");
        await Assertions.Expect(page.Locator(".message.ephemeral", new() { HasText = "only for you" })).ToBeVisibleAsync();

        var world = await RestClientHarness.WorldAsync(_emulator);
        var rest = RestClientHarness.Client(_emulator);
        await rest.TimeoutMemberAsync(world.GuildId, world.AdaId, DateTimeOffset.UtcNow.AddMinutes(5));
        await Assertions.Expect(page.Locator(".system", new() { HasText = "Ada was timed out" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#members li.timed-out", new() { HasText = "Ada" })).ToBeVisibleAsync();

        await page.FillAsync("#composer", "am I muted?");
        await page.PressAsync("#composer", "Enter");
        await Assertions.Expect(page.Locator("#error")).ToHaveTextAsync("Missing Permissions");

        var pong = await reply.GetAttributeAsync("data-id");
        await rest.DeleteMessageAsync(world.GeneralChannelId, ulong.Parse(pong!, System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(reply).ToHaveCountAsync(0);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
