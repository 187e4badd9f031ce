using Cortex.Emulator.World;
using Cortex.Tests.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cortex.Tests.Emulator.Chat;

/// <summary>
/// The chat page's surfaces beyond text, in a real browser: a thread started from a message and talked
/// in, the DM with the bot, typing, and how Discord's attachment, reaction and select-menu objects are drawn.
/// </summary>
public sealed class ChatSurfacesBrowserTests : IAsyncLifetime
{
    private ChatBrowser _chat = null!;

    public async Task InitializeAsync() => _chat = await ChatBrowser.StartAsync();

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    private async Task<IPage> OpenAsAdaAsync()
    {
        var page = await _chat.OpenAsAdaAsync();
        await Assertions.Expect(page.Locator("#channel option", new() { HasText = "direct message" })).ToHaveCountAsync(1);
        return page;
    }

    [Fact]
    public async Task A_thread_started_on_the_page_appears_under_its_channel_and_carries_messages()
    {
        var page = await OpenAsAdaAsync();
        await page.FillAsync("#composer", "a topic worth a thread");
        await page.PressAsync("#composer", "Enter");
        var message = page.Locator(".message", new() { HasText = "a topic worth a thread" });
        await Assertions.Expect(message).ToBeVisibleAsync();

        page.Dialog += (_, dialog) => dialog.AcceptAsync("the thread");
        await message.HoverAsync();
        await message.Locator(".start-thread").ClickAsync();
        var option = page.Locator("#channel option", new() { HasText = "the thread (thread)" });
        await Assertions.Expect(option).ToHaveCountAsync(1);

        await page.SelectOptionAsync("#channel", new SelectOptionValue { Label = (await option.TextContentAsync())! });
        await page.FillAsync("#composer", "inside the thread");
        await page.PressAsync("#composer", "Enter");
        await Assertions.Expect(page.Locator(".message", new() { HasText = "inside the thread" })).ToBeVisibleAsync();

        var world = await RestClientHarness.WorldAsync(_chat.Emulator);
        var state = _chat.Emulator.Services.GetRequiredService<DiscordState>();
        var thread = Assert.Single(state.GetThreads(world.GuildId));
        Assert.Equal("the thread", thread.Name);
        Assert.Contains(state.GetMessages(thread.Id, null), m => m.Content == "inside the thread");
    }

    [Fact]
    public async Task The_dm_with_the_bot_is_a_channel_of_its_own_and_typing_shows_who_types()
    {
        var page = await OpenAsAdaAsync();
        var dm = page.Locator("#channel option", new() { HasText = "direct message" });
        await page.SelectOptionAsync("#channel", new SelectOptionValue { Label = (await dm.TextContentAsync())! });
        await page.FillAsync("#composer", "just between us");
        await page.PressAsync("#composer", "Enter");
        await Assertions.Expect(page.Locator(".message", new() { HasText = "just between us" })).ToBeVisibleAsync();

        var world = await RestClientHarness.WorldAsync(_chat.Emulator);
        var state = _chat.Emulator.Services.GetRequiredService<DiscordState>();
        var channel = state.GetOrCreateDmChannel(world.AdaId);
        Assert.Contains(state.GetMessages(channel.Id, null), m => m.Content == "just between us" && m.GuildId is null);

        // TYPING_START as Discord dispatches it, for the open channel.
        var channelId = await page.EvalOnSelectorAsync<string>("#channel", "s => s.value");
        await page.EvaluateAsync($$"""surfaces.onDispatch("TYPING_START", { channel_id: "{{channelId}}", user_id: "{{world.GraceId}}", timestamp: 0 })""");
        await Assertions.Expect(page.Locator("#typing")).ToHaveTextAsync("Grace is typing…");
    }

    [Fact]
    public async Task Attachments_reactions_and_select_menus_are_drawn_from_discords_objects()
    {
        var page = await OpenAsAdaAsync();
        await page.EvaluateAsync("""
            () => {
              const div = document.createElement("div"); div.id = "drawn"; div.className = "message"; document.body.append(div);
              surfaces.decorate(div, {
                id: "1", channel_id: "2", content: "",
                attachments: [
                  { id: "10", filename: "cat.png", size: 68, url: "/attachments/cat.png", content_type: "image/png" },
                  { id: "11", filename: "notes.txt", size: 12, url: "/attachments/notes.txt", content_type: "text/plain" }],
                reactions: [{ count: 3, me: true, emoji: { id: null, name: "👍" } }, { count: 1, me: false, emoji: { id: "5", name: "party" } }],
                components: [{ type: 1, components: [{ type: 3, custom_id: "pick", placeholder: "Pick one", options: [{ label: "Red", value: "r" }, { label: "Blue", value: "b" }] }] }],
              });
            }
            """);
        var drawn = page.Locator("#drawn");
        await Assertions.Expect(drawn.Locator(".attachments img[alt='cat.png']")).ToHaveCountAsync(1);
        await Assertions.Expect(drawn.Locator(".attachments a", new() { HasText = "notes.txt (12 bytes)" })).ToHaveCountAsync(1);
        await Assertions.Expect(drawn.Locator(".reaction.me")).ToHaveTextAsync("👍 3");
        await Assertions.Expect(drawn.Locator(".reaction").Nth(1)).ToHaveTextAsync(":party: 1");
        await Assertions.Expect(drawn.Locator("select[data-custom-id=pick] option")).ToHaveTextAsync(["Pick one", "Red", "Blue"]);
    }
}
