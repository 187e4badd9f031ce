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
/// Then Redis hangs (SIGSTOP) for longer than a command's timeout (StackExchange.Redis's 5 s, which the gateway and the AI
/// run): commands already written time out with a <c>RedisTimeoutException</c>, a <c>TimeoutException</c> and not a
/// <c>RedisException</c>; with the lease renewed every second (<see cref="RedisRestartAppFixture"/>) the gateway's lease
/// tick and shard reports surely meet one. The restart alone fails commands as connection errors (a closed socket, or
/// the client's backlog giving up), so a handler that missed timeouts went unseen outside a loaded full suite.
/// The guarantee is the persistence's: a clean stop syncs the append-only file, so nothing routed is lost. A crash
/// (SIGKILL) with <c>appendfsync everysec</c> may lose the last second of writes (README, "Redis persistence"); the
/// component test <see cref="RedisRestartTests"/> kills Redis with <c>appendfsync always</c>, where nothing is lost.
/// </summary>
[Collection(RedisRestartAppCollection.Name)]
public sealed class RedisRestartAppTests(RedisRestartAppFixture app, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Longer than the 5 s command timeout plus a lease tick and the client's timeout check (about 1 s each).</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Every_chat_message_sent_around_a_redis_restart_and_hang_gets_exactly_one_reply_once_it_is_back()
    {
        using var emulator = app.CreateHttpClient("emulator");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;
        var bot = (await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!.BotId.Value;
        List<ulong> asked = [await AskAsync(emulator, world, bot, "before the restart")];
        await UntilRepliedAsync(emulator, world, bot, asked);

        asked.AddRange(await ChatThroughAsync(emulator, world, bot, "restart", async () =>
        {
            await app.Redis.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await app.Redis.RestartAsync();
        }));
        asked.Add(await AskAsync(emulator, world, bot, "after the restart"));
        // The gateway and the AI are connected again (they routed and answered), so the hang meets open connections.
        await UntilRepliedAsync(emulator, world, bot, asked);
        asked.AddRange(await ChatThroughAsync(emulator, world, bot, "hang", () => app.Redis.FreezeAsync(Hang)));
        asked.Add(await AskAsync(emulator, world, bot, "after the hang"));
        output.WriteLine($"{asked.Count} messages asked");

        await UntilRepliedAsync(emulator, world, bot, asked);
        await Task.Delay(TimeSpan.FromSeconds(5)); // a second reply to any of them would come about now
        var replies = await RepliesAsync(emulator, world, bot);

        Assert.All(asked, id => Assert.Equal(1, replies.GetValueOrDefault(id)));
    }

    // Asks every 500 ms from a second before the fault until a second after it.
    private static async Task<List<ulong>> ChatThroughAsync(HttpClient emulator, SeedWorld world, ulong bot, string fault, Func<Task> during)
    {
        using var stop = new CancellationTokenSource();
        var chatter = Task.Run(async () =>
        {
            List<ulong> sent = [];
            while (!stop.IsCancellationRequested)
            {
                sent.Add(await AskAsync(emulator, world, bot, $"during the {fault} {sent.Count}"));
                await Task.Delay(500);
            }

            return sent;
        });
        await Task.Delay(1_000);
        await during();
        await Task.Delay(1_000);
        await stop.CancelAsync();
        return await chatter;
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
    // The emulator lists a channel's newest messages only (at most 100): with 33 questions and their replies the default
    // 50 had cut off the oldest replies, which then read as "no reply". The whole channel must fit in the page.
    private static async Task<Dictionary<ulong, int>> RepliesAsync(HttpClient emulator, SeedWorld world, ulong bot)
    {
        const int Page = 100;
        var messages = (await emulator.GetFromJsonAsync($"chat/api/channels/{world.GeneralChannelId}/messages?limit={Page}", DiscordJsonContext.Default.IReadOnlyListMessage))!;
        Assert.True(messages.Count < Page, $"the channel holds {Page} messages or more: older replies would be out of sight");
        return messages
            .Where(m => m.Author.Id.Value == bot && m.MessageReference?.MessageId is not null)
            .GroupBy(m => m.MessageReference!.MessageId!.Value.Value)
            .ToDictionary(g => g.Key, g => g.Count());
    }
}
