using System.Collections.Concurrent;
using System.Text.Json;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Microsoft.Playwright;

namespace Cortex.Tests.Emulator.Chat;

/// <summary>
/// A select menu and a modal used on the chat page, in a real browser: the values chosen and the text typed
/// reach a bot (over HTTP interactions) as Discord's interaction objects, and the bot's answers show.
/// </summary>
public sealed class ChatInteractionsBrowserTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<JsonElement> _received = new();
    private ChatBrowser _chat = null!;

    public async Task InitializeAsync() => _chat = await ChatBrowser.StartAsync(interaction =>
    {
        _received.Enqueue(interaction);
        return BotAnswers.To(interaction);
    }, [new SlashCommand("colors", "Pick colours"), new SlashCommand("feedback", "Tell us")]);

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    [Fact]
    public async Task Values_chosen_in_a_select_menu_reach_the_bot_and_its_answer_shows()
    {
        var page = await _chat.OpenAsAdaAsync();
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
        var page = await _chat.OpenAsAdaAsync();
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

    private static async Task RunAsync(IPage page, string command)
    {
        await page.FillAsync("#composer", command);
        await page.PressAsync("#composer", "Enter");
        await Assertions.Expect(page.Locator("#composer")).ToHaveValueAsync("");
    }
}
