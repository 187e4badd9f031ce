using System.Net.Http.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Xunit.Abstractions;

namespace Cortex.Tests.Faults;

/// <summary>
/// Issue 15's "Redis restarted under chat traffic" through the whole app (<see cref="RedisRestartAppFixture"/>): people
/// keep mentioning the bot on the emulator's chat while redis-server is stopped (SIGTERM, as an operator's restart)
/// and started again on the same port and data folder with the local mode's persistence. Every message sent before,
/// during and after gets exactly one AI reply once Redis is back: the gateway holds what it received until it can
/// route it, and the services' readers reconnect and read it.
/// The guarantee is the persistence's: a clean stop syncs the append-only file, so nothing routed is lost. A crash
/// (SIGKILL) with <c>appendfsync everysec</c> may lose the last second of writes (README, "Redis persistence"); the
/// component test <see cref="RedisRestartTests"/> kills Redis with <c>appendfsync always</c>, where nothing is lost.
/// </summary>
[Collection(RedisRestartAppCollection.Name)]
public sealed class RedisRestartAppTests(RedisRestartAppFixture app, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_chat_message_sent_around_a_redis_restart_gets_exactly_one_reply_once_it_is_back()
    {
        using var emulator = app.CreateHttpClient("emulator");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;
        var bot = (await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!.BotId.Value;
        List<ulong> asked = [await AskAsync(emulator, world, bot, "before the restart")];
        await UntilRepliedAsync(emulator, world, bot, asked);

        using var stop = new CancellationTokenSource();
        var chatter = Task.Run(async () =>
        {
            List<ulong> sent = [];
            while (!stop.IsCancellationRequested)
            {
                sent.Add(await AskAsync(emulator, world, bot, $"during the restart {sent.Count}"));
                await Task.Delay(500);
            }

            return sent;
        });
        await Task.Delay(1_000);
        await app.Redis.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await app.Redis.RestartAsync();
        await Task.Delay(1_000);
        await stop.CancelAsync();
        asked.AddRange(await chatter);
        asked.Add(await AskAsync(emulator, world, bot, "after the restart"));
        output.WriteLine($"{asked.Count} messages asked");

        await UntilRepliedAsync(emulator, world, bot, asked);
        await Task.Delay(TimeSpan.FromSeconds(5)); // a second reply to any of them would come about now
        var replies = await RepliesAsync(emulator, world, bot);

        Assert.All(asked, id => Assert.Equal(1, replies.GetValueOrDefault(id)));
    }

    private static async Task<ulong> AskAsync(HttpClient emulator, SeedWorld world, ulong bot, string text)
    {
        using var posted = await emulator.PostAsJsonAsync("chat/api/messages",
            new ChatSendRequest { ChannelId = world.GeneralChannelId, UserId = world.AdaId, Content = $"<@{bot}> {text}" }, EmulatorRestJsonContext.Default.ChatSendRequest);
        posted.EnsureSuccessStatusCode();
        return (await posted.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Message))!.Id.Value;
    }

    private async Task UntilRepliedAsync(HttpClient emulator, SeedWorld world, ulong bot, List<ulong> asked)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var replies = await RepliesAsync(emulator, world, bot);
            var missing = asked.Count(id => !replies.ContainsKey(id));
            if (missing == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                output.WriteLine(string.Join(", ", asked.Where(id => !replies.ContainsKey(id))));
                Assert.Fail($"{missing} of {asked.Count} messages got no reply within {Patience}");
            }

            await Task.Delay(500);
        }
    }

    // Replies per asked message id: the AI answers as a Discord reply (message_reference), so each names its question.
    private static async Task<Dictionary<ulong, int>> RepliesAsync(HttpClient emulator, SeedWorld world, ulong bot) =>
        (await emulator.GetFromJsonAsync($"chat/api/channels/{world.GeneralChannelId}/messages", DiscordJsonContext.Default.IReadOnlyListMessage))!
            .Where(m => m.Author.Id.Value == bot && m.MessageReference?.MessageId is not null)
            .GroupBy(m => m.MessageReference!.MessageId!.Value.Value)
            .ToDictionary(g => g.Key, g => g.Count());
}
