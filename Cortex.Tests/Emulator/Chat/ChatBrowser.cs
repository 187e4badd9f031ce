using System.Text.Json;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Cortex.Tests.Emulator.Chat;

/// <summary>
/// What every chat-page browser test stands on: an emulator of its own, Debian's chromium through Playwright, and,
/// when the test needs one, a small HTTP-interactions bot whose slash commands are registered in the seed guild.
/// </summary>
public sealed class ChatBrowser : IAsyncDisposable
{
    private WebApplication? _bot;
    private IPlaywright _playwright = null!;

    private ChatBrowser(EmulatorServer emulator) => Emulator = emulator;

    public EmulatorServer Emulator { get; }

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The emulator and the browser, no bot.</summary>
    public static Task<ChatBrowser> StartAsync() => StartAsync(null, []);

    /// <summary>With a bot that answers each interaction inline with <paramref name="answer"/> and declares <paramref name="commands"/>.</summary>
    public static async Task<ChatBrowser> StartAsync(Func<JsonElement, InteractionResponse>? answer, IReadOnlyList<SlashCommand> commands)
    {
        WebApplication? bot = null;
        Dictionary<string, string?> settings = [];
        if (answer is not null)
        {
            bot = StartBot(answer);
            settings["Emulator:Rest:InteractionsEndpoint"] = new Uri(await bot.StartOnLoopbackAsync(), "interactions").ToString();
            settings["Emulator:Rest:InitialResponseWindowMilliseconds"] = "15000";
        }

        var chat = new ChatBrowser(new EmulatorServer(settings)) { _bot = bot };
        if (commands.Count > 0)
        {
            var client = RestClientHarness.Client(chat.Emulator);
            var world = await RestClientHarness.WorldAsync(chat.Emulator);
            var application = await client.GetCurrentApplicationAsync();
            await client.BulkOverwriteGuildCommandsAsync(application.Id, world.GuildId, [.. commands.Select(command => command.ToApplicationCommand())]);
        }

        chat._playwright = await Playwright.CreateAsync();
        chat.Browser = await chat._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return chat;
    }

    /// <summary>A new page on <c>/chat</c>, live, as Ada.</summary>
    public async Task<IPage> OpenAsAdaAsync()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(new Uri(Emulator.BaseAddress, "chat").ToString());
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#user", new SelectOptionValue { Label = "Ada" });
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Emulator.Dispose();
        if (_bot is not null)
        {
            await _bot.StopAsync();
            await _bot.DisposeAsync();
        }
    }

    private static WebApplication StartBot(Func<JsonElement, InteractionResponse> answer)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ListenOnLoopback();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var bot = builder.Build();
        bot.MapPost("/interactions", async (HttpContext http) =>
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body);
            return Results.Json(answer(document.RootElement.Clone()), DiscordJsonContext.Default.InteractionResponse);
        });
        return bot;
    }
}
