using Cortex.Ai;
using Cortex.Tests.Hosting;
using StackExchange.Redis;

namespace Cortex.Tests.Ai;

/// <summary>The app's Redis, with a key prefix of the test class's own so classes never see each other's keys.</summary>
internal static class AiRedis
{
    public static async Task<(IConnectionMultiplexer Redis, RedisKeys Keys)> ConnectAsync(CortexAppFixture fixture, string testClass)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.ConnectionStringAsync("redis"));
        return (redis, new RedisKeys($"test:{testClass}:{Guid.NewGuid():N}:"));
    }
}
