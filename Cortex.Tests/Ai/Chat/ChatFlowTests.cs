using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Ai;
using Cortex.Ai.Budgets;
using Cortex.Ai.Chat;
using Cortex.Ai.Guilds;
using Cortex.Ai.History;
using Cortex.Events.Consuming;
using Cortex.Events.Streams;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Ai.Chat;

[Collection(CortexAppCollection.Name)]
public sealed class ChatFlowTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private AiHarness _ai = null!;

    public async Task InitializeAsync() => _ai = await AiHarness.StartAsync(fixture, "chatflow");

    public async Task DisposeAsync() => await _ai.DisposeAsync();

    private Task HandleAsync(JsonObject message) =>
        _ai.Get<MessageHandler>().HandleAsync(JsonSerializer.Deserialize(message.ToJsonString(), Cortex.Discord.Models.DiscordJsonContext.Default.Message)!, CancellationToken.None);

    private Task InteractAsync(JsonObject interaction) =>
        _ai.Get<InteractionHandler>().HandleAsync(JsonSerializer.Deserialize(interaction.ToJsonString(), Cortex.Discord.Models.DiscordJsonContext.Default.Interaction)!, CancellationToken.None);

    [Fact]
    public async Task A_mention_is_answered_as_a_reply_that_cannot_ping_everyone_and_the_quota_is_billed_the_real_usage()
    {
        // Fake model: this test reads the request body the worker sent (model, reply budget, persona)
        // to recompute the bill, and the emulator does not expose what it received.
        await using var ai = await AiHarness.StartAsync(fixture, "chatflowbill", fakeModel: true);
        const ulong guild = 4001, channel = 40011;
        var message = DiscordEvents.Message(guild, channel, 501, "what does XAUTOCLAIM do? @everyone", mentionBot: true);

        await ai.Get<MessageHandler>().HandleAsync(JsonSerializer.Deserialize(message.ToJsonString(), Cortex.Discord.Models.DiscordJsonContext.Default.Message)!, CancellationToken.None);

        var reply = Assert.Single(ai.Upstream.DiscordPosts($"channels/{channel}/messages"));
        // "Cortex is typing…" while the model worked, once (the answer came within 8 s), before the reply.
        Assert.Single(ai.Upstream.DiscordPosts($"channels/{channel}/typing"));
        Assert.True(ai.Upstream.Discord.ToList().FindIndex(r => r.Path.EndsWith("/typing", StringComparison.Ordinal)) < ai.Upstream.Discord.ToList().FindIndex(r => r.Path.EndsWith("/messages", StringComparison.Ordinal)));
        Assert.Equal(message["id"]!.GetValue<string>(), reply.Body!["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.Empty(reply.Body["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Equal("Bot fake.bot.token", reply.Authorization);
        Assert.Equal("Answer to: ana: what does XAUTOCLAIM do? @everyone", reply.Content);

        var request = Assert.Single(ai.Upstream.ChatRequests);
        Assert.Equal("gpt-4o-mini", request["model"]!.GetValue<string>());
        Assert.Equal(800, (request["max_completion_tokens"] ?? request["max_tokens"])!.GetValue<int>());
        Assert.Contains(FakeUpstream.GuildName, request["messages"]![0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        var usedToday = await ai.Get<GuildTokenQuota>().UsedTodayAsync(guild);
        var expected = 3 + request["messages"]!.AsArray().Sum(m => Cortex.Ai.Tokens.ChatTokens.Message(new Cortex.Ai.Tokens.Tokenizers().ForModel("gpt-4o-mini"), m!["role"]!.GetValue<string>(), m["content"]!.GetValue<string>()))
            + new Cortex.Ai.Tokens.Tokenizers().ForModel("gpt-4o-mini").CountTokens(reply.Content);
        Assert.Equal(expected, usedToday);
    }

    [Fact]
    public async Task Every_guild_message_joins_history_but_only_mentions_and_chat_channels_are_answered()
    {
        const ulong guild = 4002, chatChannel = 40021, quietChannel = 40022;
        await _ai.ConfigureGuildAsync(guild, new GuildOverrides(ChatChannelIds: [chatChannel]));

        await HandleAsync(DiscordEvents.Message(guild, quietChannel, 502, "just chatting", name: "bo"));
        await HandleAsync(DiscordEvents.Message(guild, chatChannel, 502, "how do I profile GC pauses?", name: "bo"));
        await HandleAsync(DiscordEvents.Message(guild, quietChannel, FakeUpstream.BotUserId, "Earlier answer.", bot: true));
        await HandleAsync(DiscordEvents.Message(guild, quietChannel, 503, "another bot speaking", bot: true, name: "otherbot"));

        Assert.Empty(_ai.Upstream.DiscordPosts($"channels/{quietChannel}/"));
        Assert.Single(_ai.Upstream.DiscordPosts($"channels/{chatChannel}/messages"));
        var quiet = await _ai.Get<ChannelHistory>().NewestFirstAsync(quietChannel, 10);
        Assert.Equal(["otherbot: another bot speaking", "Earlier answer.", "bo: just chatting"], quiet.Select(e => e.Content));
        Assert.Equal("assistant", quiet[1].Role);
    }

    [Fact]
    public async Task The_eleventh_mention_in_a_minute_gets_a_notice_saying_when_to_try_again_and_no_model_call()
    {
        const ulong guild = 4003, channel = 40031, user = 504;
        for (var i = 0; i < 10; i++)
        {
            await HandleAsync(DiscordEvents.Message(guild, channel, user, $"question {i}", mentionBot: true));
        }

        var billedBefore = await _ai.Get<GuildTokenQuota>().UsedTodayAsync(guild);
        await HandleAsync(DiscordEvents.Message(guild, channel, user, "question 11", mentionBot: true));

        var replies = _ai.Upstream.DiscordPosts($"channels/{channel}/messages");
        Assert.Equal(11, replies.Count);
        Assert.All(replies.Take(10), (reply, i) => Assert.Equal($"Emulated reply to \"ana: question {i}\".", reply.Content));
        Assert.Matches(@"^You have used your 10 AI requests per 1 min\. Try again in (\d+ s|1 min)\.$", replies[^1].Content);
        // No model call for the refused one: nothing more was reserved or billed.
        Assert.Equal(billedBefore, await _ai.Get<GuildTokenQuota>().UsedTodayAsync(guild));
    }

    [Fact]
    public async Task Ask_defers_then_answers_as_a_follow_up_and_a_refusal_is_ephemeral()
    {
        const ulong guild = 4004, channel = 40041, user = 505;
        await _ai.ConfigureGuildAsync(guild, new GuildOverrides(UserCallsPerWindow: 1));
        var first = DiscordEvents.Ask(guild, channel, user, "what is a sorted set?");
        var second = DiscordEvents.Ask(guild, channel, user, "and a stream?");

        await InteractAsync(first);
        await InteractAsync(second);

        var firstCallback = Assert.Single(_ai.Upstream.DiscordPosts($"interactions/{first["id"]}/"));
        Assert.Equal(5, firstCallback.Body!["type"]!.GetValue<int>());
        var followUp = Assert.Single(_ai.Upstream.DiscordPosts($"webhooks/777/{first["token"]}"));
        Assert.Equal("Emulated reply to \"ana: what is a sorted set?\".", followUp.Content);
        Assert.Empty(followUp.Body!["allowed_mentions"]!["parse"]!.AsArray());

        var refusal = Assert.Single(_ai.Upstream.DiscordPosts($"interactions/{second["id"]}/"));
        Assert.Equal(4, refusal.Body!["type"]!.GetValue<int>());
        Assert.Equal(64, refusal.Body["data"]!["flags"]!.GetValue<int>());
        Assert.StartsWith("You have used your 1 AI request per 1 min. Try again in", refusal.Content, StringComparison.Ordinal);
        Assert.Empty(_ai.Upstream.DiscordPosts($"webhooks/777/{second["token"]}"));
    }

    [Fact]
    public async Task A_redelivered_ask_that_an_earlier_delivery_deferred_is_still_answered_as_a_follow_up()
    {
        // The replica that deferred died before its follow-up; Discord refuses a second acknowledgement.
        const ulong guild = 4005, channel = 40051, user = 506;
        var ask = DiscordEvents.Ask(guild, channel, user, "what is a consumer group?");
        _ai.Upstream.AlreadyAcknowledged[ask["id"]!.GetValue<string>()] = true;

        await InteractAsync(ask);

        var followUp = Assert.Single(_ai.Upstream.DiscordPosts($"webhooks/777/{ask["token"]}"));
        Assert.Equal("Emulated reply to \"ana: what is a consumer group?\".", followUp.Content);
    }

    [Fact]
    public async Task Fifty_concurrent_requests_never_bill_a_guild_beyond_its_daily_quota()
    {
        const ulong guild = 4005, channel = 40051;
        // Small enough that the 50 requests' real usage (over 100 tokens each) exceeds it even if a loaded machine runs
        // them one after another, so the quota runs out either way; when they overlap, the holds decide.
        const long limit = 3_000;
        await _ai.ConfigureGuildAsync(guild, new GuildOverrides(DailyTokens: limit, UserCallsPerWindow: 100));
        // Every model call takes 200 ms in the emulator, so the 50 requests overlap.
        await _ai.SetModelFaultsAsync(latencyMilliseconds: 200);
        var engine = _ai.Get<ChatEngine>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var prepared = await engine.PrepareAsync(new ChatRequest("ask", guild, channel, 600 + (ulong)i, "user" + i, DiscordEvents.NextId(), $"question {i} about quotas"), CancellationToken.None);
            return prepared.RefusalNotice ?? (await engine.CompleteAsync(prepared, CancellationToken.None)).Text;
        })));
        await _ai.SetModelFaultsAsync();

        var answered = outcomes.Count(o => o.StartsWith("Emulated reply to", StringComparison.Ordinal));
        var refused = outcomes.Count(o => o.StartsWith("This server has used its 3,000 AI tokens for today.", StringComparison.Ordinal));
        Assert.Equal(50, answered + refused);
        Assert.True(refused > 0, "the quota should have run out");
        Assert.True(answered >= (int)(limit / (800 + 200)), $"only {answered} answered");
        var used = await _ai.Get<GuildTokenQuota>().UsedTodayAsync(guild);
        Assert.True(used <= limit, $"billed {used} of {limit}");
    }

    [Fact]
    public async Task Events_from_the_stream_are_handled_once_each_and_acknowledged()
    {
        const ulong guild = 4006, channel = 40061;
        var stream = _ai.Get<IOptions<EventStreamOptions>>().Value.Messages;
        // The consumer creates its group at "$" once running; made here first, so entries added right
        // after StartAsync cannot land before the group exists (they would never be delivered).
        await _ai.Redis.GetDatabase().StreamCreateConsumerGroupAsync(stream, AiServiceExtensions.Group, "$", createStream: true)
            .ContinueWith(_ => { }, TaskScheduler.Default);
        using var consumer = EventReader.Create(_ai.Services, AiServiceExtensions.Group, Cortex.Events.Contract.EventStream.Messages);
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            var message = DiscordEvents.Message(guild, channel, 506, "hello from the stream", mentionBot: true);
            var db = _ai.Redis.GetDatabase();
            // At-least-once: the gateway may publish the same dispatch twice (a resume replays it).
            for (var copy = 0; copy < 2; copy++)
            {
                await db.StreamAddAsync(stream, [
                    new("t", "MESSAGE_CREATE"), new("shard", 0), new("s", 1), new("id", message["id"]!.GetValue<string>()), new("d", message.ToJsonString())]);
            }

            await _ai.Upstream.WaitForDiscordPostAsync($"channels/{channel}/messages");
            // The duplicate may be read while the first is in flight; it is then reclaimed and skipped as done.
            long pending = -1;
            for (var attempt = 0; attempt < 100 && pending != 0; attempt++)
            {
                await Task.Delay(100);
                pending = (await db.StreamPendingAsync(stream, AiServiceExtensions.Group)).PendingMessageCount;
            }

            Assert.Equal(0, pending);
            Assert.Single(_ai.Upstream.DiscordPosts($"channels/{channel}/messages"));
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_entry_left_pending_by_a_dead_consumer_is_reclaimed_and_handled()
    {
        const ulong guild = 4007, channel = 40071;
        var stream = _ai.Get<IOptions<EventStreamOptions>>().Value.Messages;
        var db = _ai.Redis.GetDatabase();
        await db.StreamCreateConsumerGroupAsync(stream, AiServiceExtensions.Group, "$", createStream: true).ContinueWith(_ => { }, TaskScheduler.Default);
        var message = DiscordEvents.Message(guild, channel, 507, "was I forgotten?", mentionBot: true);
        await db.StreamAddAsync(stream, [new("t", "MESSAGE_CREATE"), new("id", message["id"]!.GetValue<string>()), new("d", message.ToJsonString())]);
        // A consumer that read the entry and died before acknowledging it.
        var taken = await db.StreamReadGroupAsync(stream, AiServiceExtensions.Group, "dead-consumer", ">", 10);
        Assert.Single(taken);

        using var consumer = EventReader.Create(_ai.Services, AiServiceExtensions.Group, Cortex.Events.Contract.EventStream.Messages);
        await consumer.StartAsync(CancellationToken.None);
        try
        {
            var reply = await _ai.Upstream.WaitForDiscordPostAsync($"channels/{channel}/messages");
            Assert.Equal("Emulated reply to \"ana: was I forgotten?\".", reply.Content);
        }
        finally
        {
            await consumer.StopAsync(CancellationToken.None);
        }
    }
}
