using Cortex.Discord.Models;
using StackExchange.Redis;

namespace Cortex.Events.Consuming;

/// <summary>
/// Makes at-least-once delivery act once per consumer group, atomically: an event id is taken with a lease while it
/// is handled (one script: no check-then-set race between two consumers given the same id), and marked done after.
/// A redelivery of a done id is skipped; one whose handler died is handled again once the lease runs out.
/// One key per id (<c>{prefix}:{group}:{id}</c>), so it works on Redis Cluster.
/// </summary>
public sealed class HandledEvents(IConnectionMultiplexer redis, string keyPrefix)
{
    // KEYS[1] the id's state; ARGV: lease (ms).
    private const string BeginScript = """
        local state = redis.call('GET', KEYS[1])
        if state == 'done' then return 'done' end
        if state then return 'busy' end
        redis.call('SET', KEYS[1], 'busy', 'PX', ARGV[1])
        return 'begin'
        """;

    public Task<HandleState> TryBeginAsync(string group, Snowflake id, TimeSpan lease) => TryBeginAsync(group, id.ToString(), lease);

    /// <summary>Takes <paramref name="id"/> (any unique text: a Discord id, a queue's entry id) unless it is done or busy.</summary>
    public async Task<HandleState> TryBeginAsync(string group, string id, TimeSpan lease)
    {
        var state = (string?)await redis.GetDatabase().ScriptEvaluateAsync(BeginScript, [Key(group, id)], [(long)lease.TotalMilliseconds]);
        return state switch
        {
            "begin" => HandleState.Begun,
            "done" => HandleState.AlreadyDone,
            _ => HandleState.InProgressElsewhere,
        };
    }

    public Task CompleteAsync(string group, Snowflake id, TimeSpan remember) => CompleteAsync(group, id.ToString(), remember);

    public Task CompleteAsync(string group, string id, TimeSpan remember) =>
        redis.GetDatabase().StringSetAsync(Key(group, id), "done", remember);

    /// <summary>The handler failed: let a redelivery try again at once.</summary>
    public Task AbandonAsync(string group, Snowflake id) => AbandonAsync(group, id.ToString());

    public Task AbandonAsync(string group, string id) => redis.GetDatabase().KeyDeleteAsync(Key(group, id));

    private RedisKey Key(string group, string id) => $"{keyPrefix}:{group}:{id}";
}

public enum HandleState
{
    Begun,
    AlreadyDone,
    InProgressElsewhere,
}
