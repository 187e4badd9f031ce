using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Microsoft.Playwright;

namespace Cortex.Tests.Hosting;

/// <summary>
/// What a developer sees after <c>./cortex.sh run</c>: the whole app (gateway, economy, AI, emulator,
/// Redis, PostgreSQL) and the emulator's chat page in a real browser (Debian's chromium). A message
/// that mentions the bot goes over the gateway to the AI, whose reply comes back over REST onto the
/// page; <c>/balance</c>, registered by the gateway at start-up, is answered by the economy, privately.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ChatPageEndToEndTests(CortexAppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
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
    }

    [Fact]
    public async Task A_mention_gets_the_AIs_reply_and_balance_gets_a_private_economy_reply_on_the_chat_page()
    {
        using var emulator = app.CreateHttpClient("emulator");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;
        await WaitForCommandAsync(emulator, world, "balance");
        var botId = (await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!.BotId;

        var page = await _browser.NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        await page.GotoAsync(new Uri(emulator.BaseAddress!, "chat").ToString());
        await page.SelectOptionAsync("#user", new SelectOptionValue { Label = "Ada" });
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#commands li[data-command=balance]")).ToHaveCountAsync(1);

        await page.FillAsync("#composer", $"<@{botId}> what is the tallest mountain?");
        await page.PressAsync("#composer", "Enter");
        await Assertions.Expect(page.Locator(".message:not(:has(.bot))", new() { HasText = "what is the tallest mountain?" })).ToBeVisibleAsync();
        var aiReply = page.Locator(".message:has(.bot):not(.ephemeral)");
        await Assertions.Expect(aiReply.First).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        Assert.False(string.IsNullOrWhiteSpace(await aiReply.First.Locator(".content").TextContentAsync()));

        await page.FillAsync("#composer", "/balance");
        await page.PressAsync("#composer", "Enter");
        var balance = page.Locator(".message.ephemeral", new() { HasText = "coins" });
        await Assertions.Expect(balance).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(balance.Locator(".note")).ToHaveTextAsync("Only you can see this");

        // Ephemeral means ephemeral: another fake user's view does not show it.
        await page.SelectOptionAsync("#user", new SelectOptionValue { Label = "Grace" });
        await Assertions.Expect(page.Locator(".message:not(:has(.bot))", new() { HasText = "what is the tallest mountain?" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".message.ephemeral")).ToHaveCountAsync(0);
    }

    private static async Task WaitForCommandAsync(HttpClient emulator, SeedWorld world, string name)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var snapshot = await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot);
            if (snapshot!.Guilds.Single(g => g.Id == world.GuildId).Commands.Any(c => c.Name == name))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The gateway did not register /{name} with the emulator: {JsonSerializer.Serialize(snapshot.Guilds.Select(g => g.Commands.Select(c => c.Name)))}");
            }

            await Task.Delay(500);
        }
    }
}
