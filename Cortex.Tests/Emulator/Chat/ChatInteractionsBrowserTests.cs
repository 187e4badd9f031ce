using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
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
/// A select menu and a modal used on the chat page, in a real browser: the values chosen and the text typed
/// reach a bot (over HTTP interactions) as Discord's interaction objects, and the bot's answers show.
/// </summary>
public sealed class ChatInteractionsBrowserTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<JsonElement> _received = new();
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
        _bot.MapPost("/interactions", async (HttpContext http) =>
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body);
            var interaction = document.RootElement.Clone();
            _received.Enqueue(interaction);
            return Results.Json(BotAnswers.To(interaction), DiscordJsonContext.Default.InteractionResponse);
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
            [new SlashCommand("colors", "Pick colours").ToApplicationCommand(), new SlashCommand("feedback", "Tell us").ToApplicationCommand()]);

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
    public async Task Values_chosen_in_a_select_menu_reach_the_bot_and_its_answer_shows()
    {
        var page = await OpenAsAdaAsync();
        await RunAsync(page, "/colors");
        var menu = page.Locator(".message", new() { HasText = "Pick up to two" });
        await Assertions.Expect(menu.Locator("select[data-custom-id=colors]")).ToBeVisibleAsync();

        await menu.Locator("select[data-custom-id=colors]").SelectOptionAsync(new[] { "red", "blue" });
        await menu.Locator(".submit-select").ClickAsync();
        await Assertions.Expect(page.Locator(".message", new() { HasText = "You chose red, blue" })).ToBeVisibleAsync();

        var select = Assert.Single(_received, i => i.GetProperty("type").GetInt32() == (int)InteractionType.MessageComponent);
        var data = select.GetProperty("data");
        Assert.Equal("colors", data.GetProperty("custom_id").GetString());
        Assert.Equal((int)ComponentType.StringSelect, data.GetProperty("component_type").GetInt32());
        Assert.Equal(["red", "blue"], data.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("Pick up to two", select.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_modal_opened_by_the_bot_is_filled_in_and_its_text_reaches_the_bot()
    {
        var page = await OpenAsAdaAsync();
        await RunAsync(page, "/feedback");
        var modal = page.Locator("dialog#modal");
        await Assertions.Expect(modal.Locator("h2")).ToHaveTextAsync("Your feedback");
        await Assertions.Expect(modal.Locator(".hint")).ToHaveTextAsync("What is it about?");

        // Under the modal's minimum length: Discord's 50035, shown in the modal, which stays open.
        await modal.Locator("#modal-topic").FillAsync("x");
        await modal.Locator("#modal-body").FillAsync("the page works");
        await modal.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(modal.Locator(".modal-error")).ToContainTextAsync("values.topic");
        Assert.DoesNotContain(_received, i => i.GetProperty("type").GetInt32() == (int)InteractionType.ModalSubmit);

        await modal.Locator("#modal-topic").FillAsync("chat page");
        await modal.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(modal).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".message", new() { HasText = "Thanks for \"chat page\": the page works" })).ToBeVisibleAsync();

        var submit = Assert.Single(_received, i => i.GetProperty("type").GetInt32() == (int)InteractionType.ModalSubmit);
        var data = submit.GetProperty("data");
        Assert.Equal("feedback", data.GetProperty("custom_id").GetString());
        Assert.Equal("chat page", BotAnswers.Input(data, "topic"));
        Assert.Equal("the page works", BotAnswers.Input(data, "body"));
    }

    private async Task<IPage> OpenAsAdaAsync()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(_emulator.BaseAddress, "chat").ToString());
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#user", new SelectOptionValue { Label = "Ada" });
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        return page;
    }

    private static async Task RunAsync(IPage page, string command)
    {
        await page.FillAsync("#composer", command);
        await page.PressAsync("#composer", "Enter");
        await Assertions.Expect(page.Locator("#composer")).ToHaveValueAsync("");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
