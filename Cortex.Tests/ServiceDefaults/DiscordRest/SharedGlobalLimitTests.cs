using System.Diagnostics;
using Cortex.Discord.Rest;
using Cortex.ServiceDefaults.DiscordRest;
using Cortex.Tests.Discord.Rest;
using Cortex.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Cortex.Tests.ServiceDefaults.DiscordRest;

/// <summary>Several processes on one token share Discord's global limit through Redis.</summary>
public sealed class SharedGlobalLimitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public Task Two_limiters_on_one_token_share_one_window() => GlobalLimitScenarios.TwoLimitersShareOneWindowAsync(redis.Connection);

    [Theory]
    [InlineData("true", typeof(RedisGlobalRateLimiter))]
    [InlineData("false", typeof(LocalGlobalRateLimiter))]
    public void The_services_client_shares_the_limit_through_redis_only_when_the_apphost_says_so(string share, Type expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = "token-" + Guid.NewGuid().ToString("N"),
            ["Discord:ShareGlobalLimitThroughRedis"] = share,
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConnectionMultiplexer>(redis.Connection).AddCortexDiscordRest(configuration).BuildServiceProvider();

        Assert.IsType(expected, services.GetRequiredService<IGlobalRateLimiter>());
    }

    [Fact]
    public async Task Different_tokens_do_not_share_a_window()
    {
        var first = new RedisGlobalRateLimiter(redis.Connection, "a-" + Guid.NewGuid(), requestsPerSecond: 5, TimeProvider.System);
        var second = new RedisGlobalRateLimiter(redis.Connection, "b-" + Guid.NewGuid(), requestsPerSecond: 5, TimeProvider.System);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? first : second).AcquireAsync(CancellationToken.None).AsTask()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public Task A_global_429_seen_by_one_process_holds_the_other() => GlobalLimitScenarios.ABlockSeenByOneHoldsTheOtherAsync(redis.Connection);

    [Fact]
    public async Task Two_clients_sharing_redis_stay_under_the_emulators_global_limit()
    {
        using var emulator = new EmulatorServer(new Dictionary<string, string?> { ["Emulator:Rest:GlobalRequestsPerSecond"] = "10" });
        var guard = new InvalidRequestGuard(100, TimeProvider.System);
        // Two "processes": separate clients and limiter instances, one token, one Redis.
        var token = "emulator-" + Guid.NewGuid().ToString("N");
        var a = RestClientHarness.Client(emulator, guard: guard, global: new RedisGlobalRateLimiter(redis.Connection, token, 10, TimeProvider.System));
        var b = RestClientHarness.Client(emulator, guard: guard, global: new RedisGlobalRateLimiter(redis.Connection, token, 10, TimeProvider.System));

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => (i % 2 == 0 ? a : b).GetCurrentApplicationAsync()));

        Assert.Equal(0, guard.Count);
    }
}
