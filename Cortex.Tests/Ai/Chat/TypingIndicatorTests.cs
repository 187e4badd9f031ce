using System.Collections.Concurrent;
using Cortex.Ai.Chat;
using Cortex.Ai.Replies;
using Cortex.Discord.Models;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Tests.Ai.Chat;

/// <summary><see cref="TypingIndicator"/>: typing at once, refreshed every 8 s while the model works, never after the answer.</summary>
public sealed class TypingIndicatorTests
{
    private sealed class RecordingReplies : IDiscordReplies
    {
        public ConcurrentQueue<ulong> Typing { get; } = new();

        public Task ShowTypingAsync(Snowflake channelId, CancellationToken cancellationToken)
        {
            Typing.Enqueue(channelId);
            return Task.CompletedTask;
        }

        public Task ReplyAsync(Snowflake channelId, Snowflake messageId, string content, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RespondEphemeralAsync(Snowflake interactionId, string interactionToken, string content, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeferAsync(Snowflake interactionId, string interactionToken, bool ephemeral, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task FollowUpAsync(Snowflake applicationId, string interactionToken, string content, bool ephemeral, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Typing_shows_at_once_refreshes_every_eight_seconds_and_stops_with_the_answer()
    {
        var replies = new RecordingReplies();
        var time = new FakeTimeProvider();
        var answer = new TaskCompletionSource<string>();

        var working = TypingIndicator.WhileAsync(replies, 42, time, _ => answer.Task, CancellationToken.None);
        var atOnce = replies.Typing.Count;
        time.Advance(TimeSpan.FromSeconds(7));
        await Task.Delay(100);
        var beforeRefresh = replies.Typing.Count;
        time.Advance(TimeSpan.FromSeconds(1));
        await CountReachesAsync(replies, 2);
        time.Advance(TimeSpan.FromSeconds(8));
        await CountReachesAsync(replies, 3);
        answer.SetResult("done");
        var result = await working;
        time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(100);

        Assert.Equal((1, 1), (atOnce, beforeRefresh));
        Assert.Equal("done", result);
        Assert.Equal(3, replies.Typing.Count);
        Assert.All(replies.Typing, channel => Assert.Equal(42UL, channel));
    }

    // The timer's tick runs on the thread pool after the fake clock moves: wait (briefly) for it.
    private static async Task CountReachesAsync(RecordingReplies replies, int count)
    {
        for (var i = 0; i < 200 && replies.Typing.Count < count; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(count, replies.Typing.Count);
    }

    [Fact]
    public async Task A_failing_model_stops_the_typing_and_its_error_surfaces()
    {
        var replies = new RecordingReplies();
        var time = new FakeTimeProvider();

        await Assert.ThrowsAsync<HttpRequestException>(() => TypingIndicator.WhileAsync<string>(replies, 7, time, _ => throw new HttpRequestException("model down"), CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Single(replies.Typing);
    }
}
