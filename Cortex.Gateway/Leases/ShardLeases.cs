using Cortex.Gateway.Configuration;
using Cortex.Gateway.Keys;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Gateway.Leases;

/// <summary>
/// Shard ownership across replicas: <c>lease:{shardId}</c> (the id is the hash tag) holds the owning replica's id for
/// <see cref="GatewayOptions.LeaseTime"/>, renewed by its owner only (compare-and-expire). Replicas register
/// in a sorted set scored by when their registration lapses, so each knows how many are alive and takes
/// its share; a dead replica's leases lapse and the survivors take them.
/// </summary>
internal sealed class ShardLeases(IConnectionMultiplexer redis, GatewayKeys keys, IOptions<GatewayOptions> options, TimeProvider time)
{
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    // Free → ours; already ours (this replica restarted under the same id) → renewed; someone else's → no.
    private const string AcquireScript = """
        local owner = redis.call('GET', KEYS[1])
        if not owner then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        if owner == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly GatewayOptions _options = options.Value;

    private string Me => _options.ResolvedReplicaId;

    private long LeaseMilliseconds => (long)_options.LeaseTime.TotalMilliseconds;

    /// <summary>Refreshes this replica's registration and returns how many replicas are alive (at least 1).</summary>
    public async Task<int> RegisterAsync()
    {
        var database = redis.GetDatabase();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.SortedSetAddAsync(keys.Replicas, Me, now + LeaseMilliseconds);
        await database.SortedSetRemoveRangeByScoreAsync(keys.Replicas, double.NegativeInfinity, now, Exclude.Stop);
        return (int)Math.Max(1, await database.SortedSetLengthAsync(keys.Replicas));
    }

    public async Task UnregisterAsync() => await redis.GetDatabase().SortedSetRemoveAsync(keys.Replicas, Me);

    public async Task<bool> TryAcquireAsync(int shardId) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, [keys.Lease(shardId)], [Me, LeaseMilliseconds]) == 1;

    /// <summary>Renews the given leases at once; returns the shards whose lease is no longer ours.</summary>
    public async Task<IReadOnlyList<int>> RenewAsync(IReadOnlyCollection<int> shardIds)
    {
        var database = redis.GetDatabase();
        var renewals = shardIds.Select(id => (Id: id, Task: database.ScriptEvaluateAsync(RenewScript, [keys.Lease(id)], [Me, LeaseMilliseconds]))).ToList();
        List<int> lost = [];
        foreach (var (id, task) in renewals)
        {
            if ((long)await task == 0)
            {
                lost.Add(id);
            }
        }

        return lost;
    }

    public async Task ReleaseAsync(int shardId) =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [keys.Lease(shardId)], [Me]);

    /// <summary>The owner of each shard (null when unowned).</summary>
    /// <remarks>One GET per shard, pipelined: each lease is in its own cluster slot, so no single MGET can read them all.</remarks>
    public async Task<string?[]> OwnersAsync(int shardCount)
    {
        var database = redis.GetDatabase();
        var values = await Task.WhenAll(Enumerable.Range(0, shardCount).Select(id => database.StringGetAsync(keys.Lease(id))));
        return [.. values.Select(v => v.IsNull ? null : (string?)v)];
    }
}
