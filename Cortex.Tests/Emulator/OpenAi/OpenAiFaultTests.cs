using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Cortex.Tests.Support;
using OpenAI;
using OpenAI.Chat;

namespace Cortex.Tests.Emulator.OpenAi;

/// <summary>Injected latency and failures, for the resilience tests of OpenAI callers.</summary>
public sealed class OpenAiFaultTests : IDisposable
{
    private readonly EmulatorServer _emulator = new();

    public void Dispose() => _emulator.Dispose();

    private ChatClient Chat(int retries) => new("gpt-4o-mini", new ApiKeyCredential(EmulatorServer.OpenAiKey),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(_emulator.BaseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(retries),
        });

    private async Task SetFaultsAsync(object settings)
    {
        using var http = _emulator.CreateSocketClient();
        using var response = await http.PutAsJsonAsync("control/openai/faults", settings);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_queued_429_is_answered_once_then_calls_succeed()
    {
        await SetFaultsAsync(new { fail_next = new[] { 429 } });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Chat(retries: 0).CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(429, error.Status);
        Assert.Equal("1", error.GetRawResponse()!.Headers.TryGetValue("retry-after", out var retryAfter) ? retryAfter : null);

        ChatCompletion completion = await Chat(retries: 0).CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("Emulated reply to \"hi\".", completion.Content[0].Text);
    }

    [Fact]
    public async Task The_sdk_retries_through_injected_500s()
    {
        await SetFaultsAsync(new { fail_next = new[] { 500, 500 } });

        ChatCompletion completion = await Chat(retries: 3).CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal("Emulated reply to \"hi\".", completion.Content[0].Text);
    }

    [Fact]
    public async Task Latency_delays_every_call()
    {
        await SetFaultsAsync(new { latency_milliseconds = 400 });

        var clock = Stopwatch.StartNew();
        await Chat(retries: 0).CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(390), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_bad_fault_setting_is_refused()
    {
        using var http = _emulator.CreateSocketClient();
        using var response = await http.PutAsJsonAsync("control/openai/faults", new { fail_next = new[] { 200 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
