using System.Net.Http.Json;
using Cortex.Discord;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.ServiceDefaults.DiscordRest;
using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.ServiceDefaults.DiscordRest;

/// <summary>
/// The shared global limit stamps a slot in Redis after its request's response. When Redis hangs in between, the
/// message is already posted: the call must still return it. Failing it sent the AI's chat handler round again
/// (the event left pending, claimed later) and the answer was posted twice.
/// </summary>
public sealed class GlobalLimitRedisHangTests
{
    /// <summary>Longer than the client's 5 s command timeout.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(7);

    [Fact]
    public async Task A_message_posted_while_redis_hangs_after_its_slot_was_taken_is_returned_and_posted_once()
    {
        await using var redis = await RedisServer.StartAsync();
        using var emulator = new EmulatorServer();
        var world = await RestClientHarness.WorldAsync(emulator);
        var options = new DiscordOptions { Token = EmulatorServer.BotToken, RestBaseAddress = new Uri(emulator.BaseAddress, "api/v10/") };
        var freezing = new FreezeRedisOnSend(redis, Hang) { InnerHandler = new HttpClientHandler() };
        var rest = new DiscordRestClient(
            new HttpClient(freezing),
            Options.Create(options),
            new RedisGlobalRateLimiter(redis.Connection, options.Token, options.GlobalRequestsPerSecond, TimeProvider.System),
            new InvalidRequestGuard(options.InvalidRequestLimit, TimeProvider.System),
            TimeProvider.System,
            NullLogger<DiscordRestClient>.Instance);
        var text = "posted through a hang " + Guid.NewGuid().ToString("N");

        var posted = await rest.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest { Content = text });
        await freezing.Thawed;

        Assert.Equal(text, posted.Content);
        var channel = await emulator.Http.GetFromJsonAsync($"chat/api/channels/{world.GeneralChannelId}/messages?limit=100", DiscordJsonContext.Default.IReadOnlyListMessage);
        Assert.Single(channel!, message => message.Content == text);
    }

    // Freezes Redis as the request leaves (its slot already taken), so only the slot's completion meets the hang.
    private sealed class FreezeRedisOnSend(RedisServer redis, TimeSpan hang) : DelegatingHandler
    {
        public Task Thawed { get; private set; } = Task.CompletedTask;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Thawed = redis.FreezeAsync(hang);
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken); // the SIGSTOP has landed
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
