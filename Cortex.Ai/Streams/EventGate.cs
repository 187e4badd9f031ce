using StackExchange.Redis;

namespace Cortex.Ai.Streams;

/// <summary>
/// Makes at-least-once delivery act once: an event id is claimed with a lease while it is handled
/// and marked done after. A redelivered event that is done is skipped; one whose handler died is
/// handled again once the lease has run out.
/// </summary>
public sealed class EventGate(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>Longer than the slowest handler (the model's total timeout plus Discord calls).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>How long a handled id is remembered; far longer than any redelivery.</summary>
    public static readonly TimeSpan Remember = TimeSpan.FromDays(1);

    // KEYS[1] the event's state; ARGV: lease (ms).
    private const string BeginScript = """
        local state = redis.call('GET', KEYS[1])
        if state == 'done' then return 'done' end
        if state then return 'busy' end
        redis.call('SET', KEYS[1], 'busy', 'PX', ARGV[1])
        return 'begin'
        """;

    public async Task<EventGateState> TryBeginAsync(string kind, ulong id)
    {
        var state = (string?)await redis.GetDatabase().ScriptEvaluateAsync(BeginScript, [keys.EventState(kind, id)], [(long)Lease.TotalMilliseconds]);
        return state switch
        {
            "begin" => EventGateState.Begun,
            "done" => EventGateState.AlreadyDone,
            _ => EventGateState.InProgressElsewhere,
        };
    }

    public Task CompleteAsync(string kind, ulong id) =>
        redis.GetDatabase().StringSetAsync(keys.EventState(kind, id), "done", Remember);

    /// <summary>The handler failed: let a redelivery try again at once.</summary>
    public Task AbandonAsync(string kind, ulong id) => redis.GetDatabase().KeyDeleteAsync(keys.EventState(kind, id));
}

public enum EventGateState
{
    Begun,
    AlreadyDone,
    InProgressElsewhere,
}
