using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Ai.Budgets;
using Cortex.Ai.Chat;
using Cortex.Ai.Context;
using Cortex.Ai.Llm;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Ai.Llm;

[Collection(CortexAppCollection.Name)]
public sealed class ModelFailureTests(CortexAppFixture fixture)
{
    private static ModelRequest Hello => new("gpt-4o-mini", [new ChatTurn(ChatTurn.User, "hello")], 50);

    private static Task HandleAsync(AiHarness ai, JsonObject message) =>
        ai.Get<MessageHandler>().HandleAsync(JsonSerializer.Deserialize(message.ToJsonString(), Cortex.Discord.Models.DiscordJsonContext.Default.Message)!, CancellationToken.None);

    [Fact]
    public async Task A_failing_endpoint_is_retried_then_the_user_hears_it_is_unavailable_and_the_quota_is_released()
    {
        await using var ai = await AiHarness.StartAsync(fixture, "model500");
        // One try and two retries (OpenAI:MaxRetries 2): exactly three failures queued in the emulator.
        await ai.SetModelFaultsAsync(0, 500, 500, 500);
        const ulong guild = 5001, channel = 50011;

        await HandleAsync(ai, DiscordEvents.Message(guild, channel, 511, "are you there?", mentionBot: true));

        var reply = Assert.Single(ai.Upstream.DiscordPosts($"channels/{channel}/messages"));
        Assert.Equal("The AI model is unavailable right now. Try again in a minute.", reply.Content);
        Assert.Equal(0, await ai.Get<GuildTokenQuota>().UsedTodayAsync(guild));
        // Exactly three attempts: a fourth would have been answered, and with only two a failure
        // would still be queued for the next caller, who makes a single attempt here.
        await using var probe = await AiHarness.StartAsync(fixture, "model500probe", new Dictionary<string, string?> { ["OpenAI:MaxRetries"] = "0" });
        Assert.Equal("Emulated reply to \"hello\".", (await probe.Get<IChatModel>().CompleteAsync(Hello, CancellationToken.None)).Content);
    }

    [Fact]
    public async Task A_429_from_the_emulator_is_retried_and_answered()
    {
        await using var ai = await AiHarness.StartAsync(fixture, "model429");
        await ai.SetModelFaultsAsync(0, 429);

        var reply = await ai.Get<IChatModel>().CompleteAsync(Hello, CancellationToken.None);

        Assert.Equal("Emulated reply to \"hello\".", reply.Content);
        Assert.True(reply.TotalTokens > 0);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_wait_its_Retry_After_asks_for()
    {
        // Fake model: the emulator's 429 always carries retry-after-ms (200 ms, tested in
        // EmulatorOpenAiTests); only the fake can send a bare "Retry-After: 2" in seconds.
        await using var ai = await AiHarness.StartAsync(fixture, "model429s", fakeModel: true);
        ai.Upstream.ChatOverride = (call, _) => call == 1 ? FakeUpstream.Status(429, retryAfter: "2") : null;

        var started = Stopwatch.GetTimestamp();
        var reply = await ai.Get<IChatModel>().CompleteAsync(Hello, CancellationToken.None);

        Assert.Equal("Answer to: hello", reply.Content);
        Assert.Equal(2, ai.Upstream.ChatCalls);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(1.9), $"retried after {Stopwatch.GetElapsedTime(started)}");
        Assert.True(reply.TotalTokens > 0);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_worth_waiting_fails_at_once_and_says_when_to_come_back()
    {
        // Fake model: the emulator's Retry-After is fixed at 1 s; this needs one of 120 s.
        await using var ai = await AiHarness.StartAsync(fixture, "model429long", fakeModel: true);
        ai.Upstream.ChatOverride = (_, _) => FakeUpstream.Status(429, retryAfter: "120");

        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => ai.Get<IChatModel>().CompleteAsync(Hello, CancellationToken.None));

        Assert.Equal(1, ai.Upstream.ChatCalls);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
        Assert.Equal("The AI model is unavailable right now. Try again in 2 min.", ChatNotices.ModelUnavailable(error.RetryAfter));
    }

    [Fact]
    public async Task After_repeated_failures_the_circuit_opens_and_calls_fail_fast_without_reaching_the_endpoint()
    {
        await using var ai = await AiHarness.StartAsync(fixture, "modelbreaker", new Dictionary<string, string?>
        {
            ["OpenAI:MaxRetries"] = "0",
            ["OpenAI:BreakerMinimumThroughput"] = "3",
            ["OpenAI:BreakDuration"] = "00:00:30",
        });
        await ai.SetModelFaultsAsync(0, 503, 503, 503);
        var model = ai.Get<IChatModel>();

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ModelUnavailableException>(() => model.CompleteAsync(Hello, CancellationToken.None));
        }

        // The emulator has no failure left and would answer: this refusal is the open circuit's.
        var open = await Assert.ThrowsAsync<ModelUnavailableException>(() => model.CompleteAsync(Hello, CancellationToken.None));
        Assert.NotNull(open.RetryAfter);
        Assert.InRange(open.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_at_all_is_reported_unavailable()
    {
        // Nothing listens on the discard port: every connection is refused.
        await using var ai = await AiHarness.StartAsync(fixture, "modeldown", new Dictionary<string, string?>
        {
            ["OpenAI:Endpoint"] = "http://127.0.0.1:9/v1",
            ["OpenAI:MaxRetries"] = "1",
        });

        await Assert.ThrowsAsync<ModelUnavailableException>(() => ai.Get<IChatModel>().CompleteAsync(Hello, CancellationToken.None));
    }

    [Fact]
    public async Task A_slow_endpoint_hits_the_attempt_timeout_instead_of_hanging()
    {
        await using var ai = await AiHarness.StartAsync(fixture, "modelslow", new Dictionary<string, string?>
        {
            ["OpenAI:MaxRetries"] = "0",
            ["OpenAI:AttemptTimeout"] = "00:00:01",
        });
        await ai.SetModelFaultsAsync(latencyMilliseconds: 10_000);

        var started = Stopwatch.GetTimestamp();
        await Assert.ThrowsAsync<ModelUnavailableException>(() => ai.Get<IChatModel>().CompleteAsync(Hello, CancellationToken.None));
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }
}
