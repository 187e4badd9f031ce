using System.Text.Json;
using Cortex.Gateway.Cache;
using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Cortex.Gateway.Sharding;
using Cortex.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Status;

/// <summary>
/// Publishes this replica's shards to Redis (<c>shard:report:{id}</c>, TTL = lease time) so GET /shards on any
/// replica shows every shard's live state. One pipelined write per lease-renew interval, and one more as soon
/// as a shard's status, identify or resume count changes (checked every <see cref="CheckInterval"/> in
/// process, without Redis): never a write per event. A dead replica's reports lapse with its leases.
/// </summary>
internal sealed partial class ShardReporter(
    ShardManager manager,
    GuildCache cache,
    IConnectionMultiplexer redis,
    GatewayKeys keys,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<ShardReporter> logger) : BackgroundService
{
    // Deletes a report only while it is still this replica's: the new owner's report must survive.
    private const string DeleteOwnScript = """
        local value = redis.call('GET', KEYS[1])
        if value and string.find(value, ARGV[1], 1, true) then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);
    private readonly GatewayOptions _options = options.Value;
    private Dictionary<int, (string Status, int Identifies, int Resumes)> _published = [];

    /// <summary>How many report writes (pipelined batches) this replica made; for tests and the docs' cost figure.</summary>
    public long Batches { get; private set; }

    /// <summary>The report of a shard this replica runs, as of now.</summary>
    public static ShardReport Of(ShardWorker worker, GuildCache cache, string replica, DateTimeOffset now)
    {
        var state = worker.State;
        return new ShardReport(
            replica,
            worker.Stopped is not null ? "Stopped" : state.Status.ToString(),
            state.Latency?.TotalMilliseconds,
            cache.GuildCount(worker.ShardId),
            state.Identifies,
            state.Resumes,
            worker.LastEventAt?.ToUnixTimeMilliseconds(),
            worker.Stopped?.Reason,
            now.ToUnixTimeMilliseconds());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var check = _options.LeaseRenewInterval < CheckInterval ? _options.LeaseRenewInterval : CheckInterval;
        using var timer = new PeriodicTimer(check, time);
        var lastBatch = long.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var workers = manager.Workers.Where(w => manager.Owns(w.ShardId)).ToList();
                var signatures = workers.ToDictionary(
                    w => w.ShardId,
                    w => (Status: w.Stopped is not null ? "Stopped" : w.State.Status.ToString(), w.State.Identifies, w.State.Resumes));
                var due = lastBatch == long.MinValue || time.GetElapsedTime(lastBatch) >= _options.LeaseRenewInterval;
                if (!due && SameAs(signatures))
                {
                    continue;
                }

                try
                {
                    await PublishAsync(workers);
                    _published = signatures;
                    lastBatch = time.GetTimestamp();
                }
                catch (Exception ex) when (ex.IsRedisFailure())
                {
                    LogPublishFailed(ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Shutting down: the shards are about to move, so this replica's reports are no longer true.
        try
        {
            await DeleteOwnAsync(_published.Keys);
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            LogPublishFailed(ex.Message);
        }
    }

    private bool SameAs(Dictionary<int, (string Status, int Identifies, int Resumes)> signatures) =>
        signatures.Count == _published.Count
        && signatures.All(s => _published.TryGetValue(s.Key, out var last) && last == s.Value);

    private async Task PublishAsync(List<ShardWorker> workers)
    {
        var database = redis.GetDatabase();
        var batch = database.CreateBatch();
        var now = time.GetUtcNow();
        var ttl = _options.LeaseTime;
        List<Task> writes = [];
        foreach (var worker in workers)
        {
            var report = Of(worker, cache, manager.ReplicaId, now);
            writes.Add(batch.StringSetAsync(keys.Report(worker.ShardId), JsonSerializer.SerializeToUtf8Bytes(report, ShardReportJson.Default.ShardReport), ttl));
        }

        // Shards reported last time but no longer here (handed back, lease lost): withdraw their reports.
        var gone = _published.Keys.Where(id => !manager.Owns(id)).ToList();
        writes.AddRange(gone.Select(id => batch.ScriptEvaluateAsync(DeleteOwnScript, [keys.Report(id)], [ReplicaMarker])));
        batch.Execute();
        await Task.WhenAll(writes);
        Batches++;
    }

    private async Task DeleteOwnAsync(IEnumerable<int> shardIds)
    {
        var database = redis.GetDatabase();
        await Task.WhenAll(shardIds.Select(id => database.ScriptEvaluateAsync(DeleteOwnScript, [keys.Report(id)], [ReplicaMarker])));
    }

    // The report's JSON starts with the replica field; matching it (quoted) identifies this replica's reports.
    private string ReplicaMarker => "{\"replica\":" + JsonSerializer.Serialize(manager.ReplicaId, ShardReportJson.Default.String);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish shard reports: {Error}")]
    private partial void LogPublishFailed(string error);
}
