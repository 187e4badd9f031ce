using System.Diagnostics;
using Cortex.Ai.Guilds;
using Cortex.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Cortex.Tests.Ai.Guilds;

/// <summary>
/// Two AI replicas (two service providers, each with its own Redis connection, one database): a guild's settings
/// changed through one are used by the other at once, not after its 30 s cache lifetime, because the change is
/// announced over Redis pub/sub.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class GuildConfigAcrossReplicasTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private const ulong Guild = 7301;
    private AiHarness _a = null!;
    private ServiceProvider _b = null!;
    private IConnectionMultiplexer _bRedis = null!;
    private GuildConfigListener _bListener = null!;

    public async Task InitializeAsync()
    {
        _a = await AiHarness.StartAsync(fixture, "configreplicas", fakeModel: true);
        (_b, _bRedis) = await _a.AnotherReplicaAsync();
        var changes = _b.GetRequiredService<GuildConfigChanges>();
        _bListener = new GuildConfigListener(_bRedis, changes, NullLogger<GuildConfigListener>.Instance);
        await _bListener.StartAsync(CancellationToken.None);

        // Subscribed once Redis counts B on the channel (the listener subscribes in the background).
        var server = _a.Redis.GetServer(_a.Redis.GetEndPoints()[0]);
        for (var i = 0; i < 100 && (long)(await server.ExecuteAsync("PUBSUB", "NUMSUB", changes.Channel.ToString()))[1] < 1; i++)
        {
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await _bListener.StopAsync(CancellationToken.None);
        _bListener.Dispose();
        await _b.DisposeAsync();
        await _bRedis.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task Settings_changed_through_one_replica_are_used_by_the_other_at_once()
    {
        var a = _a.Get<GuildSettingsStore>();
        var b = _b.GetRequiredService<GuildSettingsStore>();
        var before = await b.GetAsync(Guild, CancellationToken.None); // B now holds the defaults for 30 s

        var changed = Stopwatch.StartNew();
        await a.SaveAsync(Guild, new GuildOverrides(DailyTokens: before.DailyTokens + 1234), CancellationToken.None);
        var seen = await b.GetAsync(Guild, CancellationToken.None);
        for (var i = 0; i < 100 && seen.DailyTokens == before.DailyTokens; i++)
        {
            await Task.Delay(20);
            seen = await b.GetAsync(Guild, CancellationToken.None);
        }

        Assert.Equal(before.DailyTokens + 1234, seen.DailyTokens);
        Assert.True(changed.Elapsed < GuildSettingsStore.CacheFor / 6, $"B saw the change after {changed.Elapsed}");

        await a.ResetAsync(Guild, CancellationToken.None);
        for (var i = 0; i < 100 && (await b.GetAsync(Guild, CancellationToken.None)).DailyTokens != before.DailyTokens; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(before.DailyTokens, (await b.GetAsync(Guild, CancellationToken.None)).DailyTokens);
    }
}
