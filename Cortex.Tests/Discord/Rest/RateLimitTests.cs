using System.Diagnostics;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Tests.Support;

namespace Cortex.Tests.Discord.Rest;

/// <summary>Rate limits as Discord documents them, against the emulator's enforcement.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly EmulatorServer _emulator = new(new Dictionary<string, string?>
    {
        ["Emulator:Rest:BucketWindowMilliseconds"] = "1000",
        ["Emulator:Rest:GlobalRequestsPerSecond"] = "10",
    });

    public void Dispose() => _emulator.Dispose();

    [Fact]
    public async Task Buckets_are_learned_from_headers_and_waited_out_without_a_429()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var guard = new InvalidRequestGuard(100, TimeProvider.System);
        var client = RestClientHarness.Client(_emulator, guard: guard);
        var route = DiscordRoutes.CreateMessage(world.GeneralChannelId);

        for (var i = 0; i < 5; i++)
        {
            await client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest { Content = $"burst {i}" });
        }

        var bucket = client.Buckets.For(route);
        Assert.NotNull(client.Buckets.HashOf(route));
        Assert.Equal(5, bucket.Limit);
        Assert.Equal(0, bucket.Remaining);

        var clock = Stopwatch.StartNew();
        await client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest { Content = "sixth" });

        Assert.True(clock.Elapsed > TimeSpan.FromMilliseconds(100), $"the sixth message should wait for the reset, took {clock.Elapsed}");
        Assert.Equal(0, guard.Count);
    }

    [Fact]
    public async Task Buckets_are_split_by_major_parameter()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var guard = new InvalidRequestGuard(100, TimeProvider.System);
        var client = RestClientHarness.Client(_emulator, guard: guard);
        for (var i = 0; i < 5; i++)
        {
            await client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest { Content = $"fill {i}" });
        }

        await client.CreateMessageAsync(world.CommandsChannelId, new CreateMessageRequest { Content = "other channel" });

        Assert.Equal(0, client.Buckets.For(DiscordRoutes.CreateMessage(world.GeneralChannelId)).Remaining);
        Assert.Equal(4, client.Buckets.For(DiscordRoutes.CreateMessage(world.CommandsChannelId)).Remaining);
        Assert.Equal(0, guard.Count);
    }

    [Theory]
    [InlineData("user", 1)]
    [InlineData("shared", 0)]
    [InlineData("global", 1)]
    public async Task A_429_is_waited_out_for_retry_after_and_counted_by_scope(string scope, int invalid)
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var guard = new InvalidRequestGuard(100, TimeProvider.System);
        var client = RestClientHarness.Client(_emulator, guard: guard);
        await RestClientHarness.QueueRateLimitAsync(_emulator, scope, retryAfter: 0.4);

        var clock = Stopwatch.StartNew();
        var message = await client.CreateMessageAsync(world.CommandsChannelId, new CreateMessageRequest { Content = "after a 429 " + scope });

        Assert.Equal("after a 429 " + scope, message.Content);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(390), $"retry_after not honoured: {clock.Elapsed}");
        Assert.Equal(invalid, guard.Count);
    }

    [Fact]
    public async Task A_global_429_holds_every_route()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var client = RestClientHarness.Client(_emulator);
        await RestClientHarness.QueueRateLimitAsync(_emulator, "global", retryAfter: 0.5);

        var limited = client.CreateMessageAsync(world.CommandsChannelId, new CreateMessageRequest { Content = "hits the global 429" });
        await Task.Delay(150);
        var clock = Stopwatch.StartNew();
        await client.GetCurrentApplicationAsync();
        await limited;

        // Another route, another bucket, yet it waited for the global block to end.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_retry_after_longer_than_allowed_throws_a_typed_rate_limit()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var client = RestClientHarness.Client(_emulator, configure: o => o.MaxRetryAfter = TimeSpan.FromSeconds(1));
        await RestClientHarness.QueueRateLimitAsync(_emulator, "user", retryAfter: 30);

        var error = await Assert.ThrowsAsync<DiscordRateLimitedException>(() =>
            client.CreateMessageAsync(world.CommandsChannelId, new CreateMessageRequest { Content = "never sent" }));

        Assert.Equal(RateLimitScope.User, error.Scope);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task The_global_limit_paces_requests_so_the_emulator_never_answers_429()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var guard = new InvalidRequestGuard(100, TimeProvider.System);
        var client = RestClientHarness.Client(_emulator, configure: o => o.GlobalRequestsPerSecond = 10, guard: guard);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 25).Select(i => client.GetCurrentApplicationAsync()));

        Assert.Equal(0, guard.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"25 calls at 10/s cannot finish in {clock.Elapsed}");
    }

    [Fact]
    public async Task Without_the_global_limit_the_emulator_answers_global_429s_and_the_client_recovers()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var guard = new InvalidRequestGuard(1000, TimeProvider.System);
        var client = RestClientHarness.Client(_emulator, configure: o => { o.GlobalRequestsPerSecond = 1000; o.MaxRateLimitRetries = 10; }, guard: guard);

        await Task.WhenAll(Enumerable.Range(0, 25).Select(i => client.GetCurrentApplicationAsync()));

        Assert.True(guard.Count > 0, "the emulator should have answered global 429s");
    }

    [Fact]
    public async Task The_invalid_request_guard_stops_calls_before_discord_would_ban()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var client = RestClientHarness.Client(_emulator, token: "wrong", configure: o => o.InvalidRequestLimit = 3);

        for (var i = 0; i < 3; i++)
        {
            var unauthorized = await Assert.ThrowsAsync<DiscordRestException>(() =>
                client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest { Content = "x" }));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorized.Status);
        }

        await Assert.ThrowsAsync<InvalidRequestLimitException>(() =>
            client.CreateMessageAsync(world.GeneralChannelId, new CreateMessageRequest { Content = "x" }));
    }
}
