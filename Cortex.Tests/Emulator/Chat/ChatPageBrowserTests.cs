using System.Text.Json;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Tests.Discord.Rest;
using Microsoft.Playwright;

namespace Cortex.Tests.Emulator.Chat;

/// <summary>
/// The chat page in a real browser (Debian's chromium through Playwright): send a message, run a
/// command answered by a bot over HTTP interactions, and see bot actions (timeout, delete) live.
/// </summary>
public sealed class ChatPageBrowserTests : IAsyncLifetime
{
    private ChatBrowser _chat = null!;

    public async Task InitializeAsync() => _chat = await ChatBrowser.StartAsync(Answer,
    [
        new SlashCommand("ping", "Replies pong", [new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = "text", Description = "Echoed" }]),
        new SlashCommand("secret", "Replies to you only"),
    ]);

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    [Fact]
    public async Task Send_a_message_run_a_command_and_see_replies_timeouts_and_deletions_live()
    {
        var page = await _chat.OpenAsAdaAsync();

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

        var world = await RestClientHarness.WorldAsync(_chat.Emulator);
        var rest = RestClientHarness.Client(_chat.Emulator);
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

    // A tiny bot that answers inline, as an HTTP-interactions app may.
    private static InteractionResponse Answer(JsonElement interaction)
    {
        var name = interaction.GetProperty("data").GetProperty("name").GetString();
        var text = interaction.GetProperty("data").TryGetProperty("options", out var options)
            ? options[0].GetProperty("value").GetString() : null;
        return name == "secret"
            ? new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new() { Content = "only for you", Flags = MessageFlags.Ephemeral } }
            : new InteractionResponse
            {
                Type = InteractionCallbackType.ChannelMessageWithSource,
                Data = new() { Content = "pong " + text, Embeds = [new Embed { Title = "Latency", Description = "0 ms" }] },
            };
    }
}
