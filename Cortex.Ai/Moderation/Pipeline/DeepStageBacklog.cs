using System.Globalization;
using System.Text.Json;
using Cortex.Ai.Moderation.Config;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>
/// The durable queue between stage 1 and stages 2–3, in <see cref="ModerationOptions.BacklogPartitions"/>
/// partitions (<see cref="BacklogPartition"/>): a guild's jobs all go to one, so every script stays in one Redis
/// Cluster slot while the whole backlog spreads over the nodes. Per partition, a hash of jobs by message id and a
/// sorted set of when each is due. A claimed job's due time moves a lease ahead, so a job whose worker died is
/// handed out again; a failed one is put back with a later due time (backoff). A message id is queued once:
/// redelivered events add nothing. The backlog is capped per partition (<see cref="ModerationOptions.MaxBacklog"/>
/// split evenly) and per guild (a third hash counts each guild's jobs): a message that finds it full is not queued,
/// and says so. Workers find work by walking the partitions from a rotating start.
/// </summary>
public sealed class DeepStageBacklog(IConnectionMultiplexer redis, RedisKeys keys, IOptions<ModerationOptions> options, TimeProvider time)
{
    private int _nextPartition;

    private int Partitions => options.Value.BacklogPartitions;

    /// <summary>Queues a message for stages 2–3, unless it is queued already or the backlog is full.</summary>
    public async Task<EnqueueResult> EnqueueAsync(DeepStageJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var o = options.Value;
        var p = PartitionOf(job);
        var partitionCap = (o.MaxBacklog + Partitions - 1) / Partitions;
        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(DeepStageScripts.Enqueue, [p.Due, p.Jobs, p.Guilds],
            [Id(job), Serialize(job), time.GetUtcNow().ToUnixTimeMilliseconds(), Guild(job), partitionCap, o.MaxBacklogPerGuild]);
        return result switch
        {
            1 => EnqueueResult.Queued,
            0 => EnqueueResult.AlreadyQueued,
            -1 => EnqueueResult.BacklogFull,
            _ => EnqueueResult.GuildBacklogFull,
        };
    }

    /// <summary>Up to <paramref name="count"/> due jobs, each leased for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<DeepStageJob>> ClaimAsync(int count, TimeSpan lease)
    {
        var database = redis.GetDatabase();
        var start = (int)((uint)Interlocked.Increment(ref _nextPartition) % (uint)Partitions);
        List<DeepStageJob> jobs = [];
        for (var i = 0; i < Partitions && jobs.Count < count; i++)
        {
            var p = Partition((start + i) % Partitions);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var result = (RedisResult[])(await database.ScriptEvaluateAsync(DeepStageScripts.Claim, [p.Due, p.Jobs],
                [now, count - jobs.Count, now + (long)lease.TotalMilliseconds]))!;
            jobs.AddRange(result.Select(r => JsonSerializer.Deserialize((string)r!, ModerationJson.Default.DeepStageJob)!));
        }

        return jobs;
    }

    public async Task RetryLaterAsync(DeepStageJob job, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(job);
        var p = PartitionOf(job);
        await redis.GetDatabase().ScriptEvaluateAsync(DeepStageScripts.Reschedule, [p.Due, p.Jobs],
            [Id(job), Serialize(job), (time.GetUtcNow() + delay).ToUnixTimeMilliseconds()]);
    }

    public async Task CompleteAsync(DeepStageJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var p = PartitionOf(job);
        await redis.GetDatabase().ScriptEvaluateAsync(DeepStageScripts.Complete, [p.Due, p.Jobs, p.Guilds], [Id(job), Guild(job)]);
    }

    /// <summary>Jobs queued or in flight, over every partition.</summary>
    public async Task<long> CountAsync()
    {
        var database = redis.GetDatabase();
        var counts = await Task.WhenAll(Enumerable.Range(0, Partitions).Select(i => database.HashLengthAsync(Partition(i).Jobs)));
        return counts.Sum();
    }

    /// <summary>The job queued for a message, if any (for diagnostics and tests): looked up in every partition.</summary>
    public async Task<DeepStageJob?> FindAsync(ulong messageId)
    {
        var database = redis.GetDatabase();
        var id = messageId.ToString(CultureInfo.InvariantCulture);
        var found = await Task.WhenAll(Enumerable.Range(0, Partitions).Select(i => database.HashGetAsync(Partition(i).Jobs, id)));
        var json = found.FirstOrDefault(value => !value.IsNullOrEmpty);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)json!, ModerationJson.Default.DeepStageJob);
    }

    private BacklogPartition PartitionOf(DeepStageJob job) => Partition(BacklogPartition.Index(job.GuildId, Partitions));

    private BacklogPartition Partition(int index) => BacklogPartition.Of(keys.Prefix, index);

    private static RedisValue Id(DeepStageJob job) => job.MessageId.ToString(CultureInfo.InvariantCulture);

    private static RedisValue Guild(DeepStageJob job) => job.GuildId.ToString(CultureInfo.InvariantCulture);

    private static RedisValue Serialize(DeepStageJob job) => JsonSerializer.Serialize(job, ModerationJson.Default.DeepStageJob);
}

/// <summary>What <see cref="DeepStageBacklog.EnqueueAsync"/> did with a message.</summary>
public enum EnqueueResult
{
    Queued,
    AlreadyQueued,
    BacklogFull,
    GuildBacklogFull,
}
