using Cortex.Gateway;
using Cortex.Gateway.Identify;
using Cortex.Gateway.Sharding;
using Cortex.Tests.Discord.Gateway;
using Cortex.Tests.Security;
using Cortex.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Tests.Gateway;

/// <summary>The gateway's shard manager in this process, on a free port, against an emulator and a test Redis.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private GatewayHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) }.Authorized();
    }

    public HttpClient Http { get; }

    internal ShardManager Manager => _app.Services.GetRequiredService<ShardManager>();

    internal RedisIdentifyGate Gate => _app.Services.GetRequiredService<RedisIdentifyGate>();

    internal T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>
    /// Settings for a gateway on <paramref name="emulator"/> with the test's short intervals; <paramref name="prefix"/> isolates keys
    /// and streams. The test key (<see cref="TestApiKey"/>) opens <c>/shards</c>.
    /// </summary>
    public static Dictionary<string, string?> Settings(EmulatorServer emulator, RedisServer redis, string prefix, int shardCount, string replica = "replica-a") =>
        Settings(emulator, redis.ConnectionString, prefix, shardCount, replica);

    /// <summary>As above, on any Redis (one the test restarts, say).</summary>
    public static Dictionary<string, string?> Settings(EmulatorServer emulator, string redisConnectionString, string prefix, int shardCount, string replica = "replica-a") => new(TestApiKey.Settings())
    {
        ["ConnectionStrings:redis"] = redisConnectionString,
        ["Discord:Token"] = EmulatorServer.BotToken,
        ["Discord:RestBaseAddress"] = new Uri(emulator.BaseAddress, "/api/v10/").ToString(),
        ["Gateway:ShardCount"] = shardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:ReplicaId"] = replica,
        ["Gateway:KeyPrefix"] = prefix + ":",
        ["Gateway:MessagesStream"] = prefix + ":messages",
        ["Gateway:InteractionsStream"] = prefix + ":interactions",
        ["Gateway:GuildsStream"] = prefix + ":guilds",
        ["Gateway:IdentifyInterval"] = "00:00:00.100",
        ["Gateway:IdentifyBackoff"] = "00:00:00.100",
        ["Gateway:IdentifyBackoffJitter"] = "00:00:00.100",
        ["Gateway:MaxIdentifyBackoff"] = "00:00:01",
        ["Gateway:InvalidSessionDelay"] = "00:00:00.200",
        ["Gateway:SessionRefreshInterval"] = "00:00:02",
        ["Gateway:HealthInterval"] = "00:00:02",
        ["Gateway:HealthTimeout"] = "00:00:01",
        ["Gateway:DrainTimeout"] = "00:00:01",
        ["Gateway:RespawnDelay"] = "00:00:00.100",
        ["Gateway:LeaseTime"] = "00:00:03",
        ["Gateway:LeaseRenewInterval"] = "00:00:00.500",
        // These tests poll /shards ten times a second from one address, often on two replicas sharing one Redis: at the
        // default 60 a minute per client they were refused (and saw no view) once a take-over ran long. The limiter has tests of its own.
        ["Cortex:RateLimiting:Routes:/:Limit"] = "1000000",
    };

    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().ListenOnLoopback();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("CORTEX_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var redis = await ConnectionMultiplexer.ConnectAsync(settings["ConnectionStrings:redis"]!);
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.AddShardManager();
        builder.AddCortexAuthentication();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapShards();
        return new GatewayHost(app, await app.StartOnLoopbackAsync());
    }

    public async Task<HealthReport> HealthAsync() => await _app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    /// <summary>Waits until the manager runs each of <paramref name="shardIds"/> and it is Ready.</summary>
    public async Task WaitReadyAsync(IEnumerable<int> shardIds, TimeSpan? timeout = null)
    {
        var ids = shardIds.ToList();
        await ShardHarness.Until(
            () => ids.All(id => Manager.Worker(id)?.State.Status == Cortex.Discord.Gateway.ShardStatus.Ready),
            $"shards {string.Join(",", ids)} ready",
            timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the host gracefully (drain, resumable close, leases released).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
    }
}
