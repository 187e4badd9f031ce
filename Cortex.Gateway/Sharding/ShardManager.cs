using System.Collections.Concurrent;
using System.Threading.Channels;
using Cortex.Discord;
using Cortex.Discord.Gateway;
using Cortex.Gateway.Cache;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Identify;
using Cortex.Gateway.Leases;
using Cortex.Gateway.Metrics;
using Cortex.Gateway.Routing;
using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Sharding;

/// <summary>
/// The shard manager of one replica: resolves the plan (shard count, buckets, gateway URL), takes its share
/// of shard leases, and starts owned shards through the spawn queue in shard order. Identify pacing is the
/// identify gate's job, so start-up time is set by Discord's limit, not by this queue. A shard that ends on
/// its own is re-enqueued; one stopped by a fatal close code stays stopped and is reported.
/// </summary>
internal sealed partial class ShardManager(
    IOptions<GatewayOptions> options,
    IOptions<DiscordOptions> discord,
    GatewayBotClient gatewayBot,
    RedisIdentifyGate identifyGate,
    IShardSessionStore sessions,
    StreamRouter router,
    ShardLeases leases,
    GuildCache cache,
    GatewayMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<ShardManager> logger) : BackgroundService
{
    private readonly GatewayOptions _options = options.Value;
    private readonly ConcurrentDictionary<int, ShardWorker> _workers = new();
    private readonly ConcurrentDictionary<int, byte> _owned = new();
    private readonly ConcurrentDictionary<int, byte> _stoppingOnPurpose = new();
    private readonly Channel<int> _spawnQueue = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<ShardPlan> _plan = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ShardWorkerContext? _context;
    private volatile string? _planError;

    public string ReplicaId => _options.ResolvedReplicaId;

    /// <summary>The plan, once resolved.</summary>
    public ShardPlan? Plan => _plan.Task.IsCompletedSuccessfully ? _plan.Task.Result : null;

    public Task<ShardPlan> PlanAsync => _plan.Task;

    /// <summary>Why the plan could not be resolved, if it could not.</summary>
    public string? PlanError => _planError;

    public IReadOnlyCollection<int> OwnedShards => [.. _owned.Keys.Order()];

    public ShardWorker? Worker(int shardId) => _workers.GetValueOrDefault(shardId);

    public IReadOnlyList<ShardWorker> Workers => [.. _workers.Values.OrderBy(w => w.ShardId)];

    public bool Owns(int shardId) => _owned.ContainsKey(shardId);

    /// <summary>Puts a shard in the spawn queue (it resumes when its session in Redis is fresh).</summary>
    public void Enqueue(int shardId) => _spawnQueue.Writer.TryWrite(shardId);

    /// <summary>Takes a running shard out of the manager's hands so the caller can stop it on purpose.</summary>
    public ShardWorker? TakeForStop(int shardId)
    {
        if (!_workers.TryGetValue(shardId, out var worker))
        {
            return null;
        }

        _stoppingOnPurpose[shardId] = 0;
        return worker;
    }

    /// <summary>The stopped shard may be started again.</summary>
    public void Stopped(ShardWorker worker)
    {
        _workers.TryRemove(new KeyValuePair<int, ShardWorker>(worker.ShardId, worker));
        _stoppingOnPurpose.TryRemove(worker.ShardId, out _);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var plan = await ResolvePlanAsync(stoppingToken);
        _context = new ShardWorkerContext(
            _options, plan, discord.Value.Token, identifyGate, sessions, router, cache, new IntentFilter(_options.Intents), metrics, time, loggerFactory);
        var spawning = SpawnLoopAsync(stoppingToken);
        using var ticks = new PeriodicTimer(_options.LeaseRenewInterval, time);
        try
        {
            // Register, then wait one tick before claiming: replicas started together see each other and
            // split the shards at once, instead of one taking all and handing half back.
            await RegisterAsync();
            await ticks.WaitForNextTickAsync(stoppingToken);
            do
            {
                try
                {
                    await LeaseTickAsync(plan, stoppingToken);
                }
                catch (Exception ex) when (ex.IsRedisFailure())
                {
                    LogLeaseTickFailed(ex.Message);
                }
            }
            while (await ticks.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _spawnQueue.Writer.TryComplete();
        await spawning;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Graceful shutdown: drain every shard, close resumably (sessions stay in Redis), hand the leases back.
        await Task.WhenAll(_workers.Keys.Select(async id =>
        {
            if (TakeForStop(id) is { } worker)
            {
                await worker.DrainAsync(_options.DrainTimeout);
                await worker.StopAsync();
                Stopped(worker);
            }

            await leases.ReleaseAsync(id);
        }));
        await leases.UnregisterAsync();
    }

    private async Task<ShardPlan> ResolvePlanAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var bot = await gatewayBot.GetAsync(stoppingToken);
                var plan = new ShardPlan(
                    bot.Url,
                    _options.ShardCount ?? bot.Shards,
                    _options.MaxConcurrency ?? bot.SessionStartLimit.MaxConcurrency);
                identifyGate.MaxConcurrency = plan.MaxConcurrency;
                await identifyGate.SetSessionStartsAsync(bot.SessionStartLimit);
                LogPlan(plan.ShardCount, plan.MaxConcurrency, plan.GatewayUrl, bot.SessionStartLimit.Remaining, ReplicaId);
                _planError = null;
                _plan.TrySetResult(plan);
                return plan;
            }
            catch (Exception ex) when ((ex.IsRedisFailure() || ex is HttpRequestException or TaskCanceledException) && !stoppingToken.IsCancellationRequested)
            {
                _planError = "GET /gateway/bot failed: " + ex.Message;
                LogPlanFailed(attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000 * (1 << Math.Min(attempt, 5)), 30_000)), time, stoppingToken);
            }
        }
    }

    private async Task RegisterAsync()
    {
        try
        {
            await leases.RegisterAsync();
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            LogLeaseTickFailed(ex.Message);
        }
    }

    private async Task LeaseTickAsync(ShardPlan plan, CancellationToken stoppingToken)
    {
        var live = await leases.RegisterAsync();
        foreach (var lost in await leases.RenewAsync(_owned.Keys.ToList()))
        {
            _owned.TryRemove(lost, out _);
            LogLeaseLost(lost);
            if (TakeForStop(lost) is { } worker)
            {
                await worker.AbandonAsync();
                Stopped(worker);
            }
        }

        var target = (plan.ShardCount + live - 1) / live;
        if (_owned.Count > target)
        {
            // A replica joined: hand back one shard per tick, drained and resumable. Only a Ready shard has a
            // session to resume; handing back one still identifying would cost the new owner another IDENTIFY.
            var ready = _owned.Keys.Where(id => Worker(id)?.State.Status == ShardStatus.Ready).ToList();
            if (ready.Count == 0)
            {
                return;
            }

            var extra = ready.Max();
            LogHandingBack(extra, live);
            if (TakeForStop(extra) is { } worker)
            {
                await worker.DrainAsync(_options.DrainTimeout);
                await worker.StopAsync();
                Stopped(worker);
            }

            _owned.TryRemove(extra, out _);
            await leases.ReleaseAsync(extra);
            return;
        }

        for (var shardId = 0; shardId < plan.ShardCount && _owned.Count < target && !stoppingToken.IsCancellationRequested; shardId++)
        {
            if (!_owned.ContainsKey(shardId) && await leases.TryAcquireAsync(shardId))
            {
                _owned[shardId] = 0;
                LogAcquired(shardId);
                Enqueue(shardId);
            }
        }
    }

    private async Task SpawnLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var shardId in _spawnQueue.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (stoppingToken.IsCancellationRequested || !_owned.ContainsKey(shardId) || _workers.ContainsKey(shardId))
            {
                continue;
            }

            try
            {
                var worker = await ShardWorker.StartAsync(_context!, shardId, stoppingToken);
                _workers[shardId] = worker;
                _ = WatchAsync(worker, stoppingToken);
            }
            catch (Exception ex) when (ex.IsRedisFailure() || ex is OperationCanceledException)
            {
                LogSpawnFailed(shardId, ex.Message);
                if (!stoppingToken.IsCancellationRequested)
                {
                    _ = RequeueLaterAsync(shardId, stoppingToken);
                }
            }
        }
    }

    private async Task WatchAsync(ShardWorker worker, CancellationToken stoppingToken)
    {
        await worker.Completion;
        if (_stoppingOnPurpose.ContainsKey(worker.ShardId) || stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var stop = worker.Stopped!;
        if (stop.Fatal)
        {
            // Stays in the registry, stopped: /shards and the health check report why. The lease is kept so no replica retries it.
            return;
        }

        _workers.TryRemove(new KeyValuePair<int, ShardWorker>(worker.ShardId, worker));
        if (stop.LeaseLost)
        {
            _owned.TryRemove(worker.ShardId, out _);
            return;
        }

        LogEndedUnexpectedly(worker.ShardId, stop.Reason);
        await RequeueLaterAsync(worker.ShardId, stoppingToken);
    }

    private async Task RequeueLaterAsync(int shardId, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(_options.RespawnDelay, time, stoppingToken);
            Enqueue(shardId);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plan: {ShardCount} shards, max_concurrency {MaxConcurrency}, gateway {GatewayUrl}, {Remaining} session starts left today; replica {Replica}")]
    private partial void LogPlan(int shardCount, int maxConcurrency, Uri gatewayUrl, int remaining, string replica);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not resolve the shard plan (attempt {Attempt}): {Error}")]
    private partial void LogPlanFailed(int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease tick failed: {Error}")]
    private partial void LogLeaseTickFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquired the lease of shard {ShardId}")]
    private partial void LogAcquired(int shardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease of shard {ShardId}; stopping it here")]
    private partial void LogLeaseLost(int shardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handing shard {ShardId} back: {Live} replicas share the shards now")]
    private partial void LogHandingBack(int shardId, int live);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start shard {ShardId}: {Error}")]
    private partial void LogSpawnFailed(int shardId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId} ended ({Reason}); re-enqueued")]
    private partial void LogEndedUnexpectedly(int shardId, string reason);
}
