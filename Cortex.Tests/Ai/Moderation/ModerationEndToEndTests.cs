using System.Net.Http.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Ai.Moderation;

/// <summary>
/// The running app: the emulator's gateway feeds the streams, the AI worker's moderation reads them
/// through its own consumer groups and acts through Discord REST.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ModerationEndToEndTests(CortexAppFixture fixture)
{
    [Fact]
    public async Task A_message_the_word_list_flags_is_deleted_by_the_running_app()
    {
        using var emulator = fixture.CreateHttpClient("emulator");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;

        // Violence above its threshold is a delete (severity 2): nothing another test depends on changes.
        using var posted = await emulator.PostAsJsonAsync("chat/api/messages",
            new ChatSendRequest { ChannelId = world.CommandsChannelId, UserId = world.LinusId, Content = "i will kill you, end to end" }, EmulatorRestJsonContext.Default.ChatSendRequest);
        posted.EnsureSuccessStatusCode();
        var message = (await posted.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Message))!;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<Message> messages;
        do
        {
            await Task.Delay(250);
            messages = (await emulator.GetFromJsonAsync($"chat/api/channels/{world.CommandsChannelId}/messages", DiscordJsonContext.Default.IReadOnlyListMessage))!;
        }
        while (messages.Any(m => m.Id == message.Id) && DateTime.UtcNow < deadline);

        Assert.DoesNotContain(messages, m => m.Id == message.Id);

        // The AI service's /metrics shows the moderation meter (what the dashboard and Prometheus read).
        using var ai = fixture.CreateInternalClient("ai");
        string[] lines = [];
        bool Shows(string metric, string tag) => lines.Any(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(tag, StringComparison.Ordinal));
        var scrapeDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            lines = (await ai.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
            if ((Shows("cortex_moderation_messages_total", "stage=\"rules\"") && Shows("cortex_moderation_actions_total", "action=\"delete\""))
                || DateTime.UtcNow > scrapeDeadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(Shows("cortex_moderation_messages_total", "stage=\"api\""), string.Join('\n', lines.Where(l => l.StartsWith("cortex_moderation", StringComparison.Ordinal))));
        Assert.True(Shows("cortex_moderation_verdicts_total", "category=\"violence\""));
        Assert.True(Shows("cortex_moderation_actions_total", "outcome=\"done\""));
        Assert.True(Shows("cortex_moderation_stage_duration_seconds_bucket", "stage=\"api\""));
    }

    [Fact]
    public async Task The_appeal_command_is_routed_to_moderation_and_answered_ephemerally()
    {
        using var emulator = fixture.CreateHttpClient("emulator");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;

        using var created = await emulator.PostAsJsonAsync("control/interactions", new ChatCommandRequest
        {
            GuildId = world.GuildId,
            ChannelId = world.CommandsChannelId,
            UserId = world.AdaId,
            Name = "appeal",
            Options = new Dictionary<string, string> { ["case"] = "424242" },
        }, EmulatorRestJsonContext.Default.ChatCommandRequest);
        created.EnsureSuccessStatusCode();
        var interaction = (await created.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Interaction))!;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Message? answer = null;
        while (answer is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            using var original = await emulator.GetAsync($"api/v10/webhooks/{interaction.ApplicationId}/{interaction.Token}/messages/@original");
            if (original.IsSuccessStatusCode)
            {
                answer = await original.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Message);
            }
        }

        Assert.NotNull(answer);
        Assert.Equal("You have no case #424242 here.", answer.Content);
        Assert.True(answer.Flags.HasFlag(MessageFlags.Ephemeral));
    }
}
