using System.Globalization;
using Cortex.Discord.Models;
using StackExchange.Redis;

namespace Cortex.Ai.Budgets;

/// <summary>
/// Per-guild daily token quota. A request reserves its worst case (prompt plus the full reply
/// allowance) atomically before the model call, so concurrent requests cannot overshoot; after the
/// call the hold is reconciled to <c>usage.total_tokens</c>, or released when the call failed.
/// A hold also carries a deadline: a worker that dies mid-call cannot leak quota for the rest of the day.
/// </summary>
public sealed class GuildTokenQuota(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
{
    /// <summary>How long a hold may stay unsettled before the next reservation frees it.</summary>
    public static readonly TimeSpan HoldLease = TimeSpan.FromMinutes(5);

    // Frees lapsed holds first. KEYS: counter, holds (id -> tokens), hold deadlines (zset).
    private const string SweepLapsedHolds = """
        local lapsed = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
        for _, id in ipairs(lapsed) do
          local held = redis.call('HGET', KEYS[2], id)
          if held then
            redis.call('DECRBY', KEYS[1], held)
            redis.call('HDEL', KEYS[2], id)
          end
          redis.call('ZREM', KEYS[3], id)
        end
        """;

    // ARGV: now (ms), tokens, limit, hold id, hold deadline (ms), time to live (ms).
    private const string ReserveScript = SweepLapsedHolds + "\n" + """
        local used = tonumber(redis.call('GET', KEYS[1]) or '0')
        local amount = tonumber(ARGV[2])
        if used + amount > tonumber(ARGV[3]) then
          return {0, used}
        end
        used = redis.call('INCRBY', KEYS[1], amount)
        redis.call('HSET', KEYS[2], ARGV[4], amount)
        redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
        for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[6]) end
        return {1, used}
        """;

    // ARGV: hold id, actual tokens (0 to release), time to live (ms). A lapsed hold was already freed:
    // only the actual spend counts. A counter Redis lost (restart, eviction) is created again by INCRBY
    // with no expiry: it gets the day's, or it would outlive its day forever.
    private const string SettleScript = """
        local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        local delta = tonumber(ARGV[2]) - held
        if delta == 0 then
          return tonumber(redis.call('GET', KEYS[1]) or '0')
        end
        local used = redis.call('INCRBY', KEYS[1], delta)
        if redis.call('PTTL', KEYS[1]) == -1 then
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
        return used
        """;

    public async Task<QuotaReservation> ReserveAsync(Snowflake guildId, int tokens, long dailyLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var now = time.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var nextDay = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var holdId = Guid.NewGuid().ToString("N");
        var timeToLive = TimeToLive(day);

        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            ReserveScript,
            Keys(guildId, day),
            [now.ToUnixTimeMilliseconds(), tokens, dailyLimit, holdId, now.Add(HoldLease).ToUnixTimeMilliseconds(), timeToLive]))!;

        return new QuotaReservation(guildId, day, holdId, tokens, (long)result[0] == 1, (long)result[1], nextDay - now);
    }

    /// <summary>Replaces the hold with what the call really used. Returns the day's total.</summary>
    public Task<long> ReconcileAsync(QuotaReservation reservation, int actualTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualTokens);
        return SettleAsync(reservation, actualTokens);
    }

    /// <summary>Gives the hold back: the call failed and used nothing billable.</summary>
    public Task<long> ReleaseAsync(QuotaReservation reservation) => SettleAsync(reservation, 0);

    public async Task<long> UsedTodayAsync(Snowflake guildId)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var value = await redis.GetDatabase().StringGetAsync(keys.GuildTokens(guildId, Day(day)));
        return value.IsNull ? 0 : (long)value;
    }

    private async Task<long> SettleAsync(QuotaReservation reservation, int actualTokens)
    {
        if (!reservation.Granted)
        {
            throw new InvalidOperationException("A refused reservation holds nothing to settle.");
        }

        var total = await redis.GetDatabase().ScriptEvaluateAsync(
            SettleScript, Keys(reservation.GuildId, reservation.Day), [reservation.HoldId, actualTokens, TimeToLive(reservation.Day)]);
        return (long)total;
    }

    // Kept a day past midnight so a call straddling midnight still settles on the day it reserved.
    // Relative, so a skew between our clock and Redis's cannot expire the day early.
    private long TimeToLive(DateOnly day)
    {
        var end = new DateTimeOffset(day.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return Math.Max(1, (long)(end - time.GetUtcNow()).TotalMilliseconds);
    }

    private RedisKey[] Keys(Snowflake guildId, DateOnly day)
    {
        var counter = keys.GuildTokens(guildId, Day(day));
        return [counter, counter.Append(":holds"), counter.Append(":deadlines")];
    }

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}

/// <param name="Granted">Whether the tokens are held for this request.</param>
/// <param name="UsedToday">The day's total (spent plus held) after this reservation, or when refused, before it.</param>
/// <param name="ResetsIn">Time until the quota resets at the next UTC midnight.</param>
public sealed record QuotaReservation(ulong GuildId, DateOnly Day, string HoldId, int Tokens, bool Granted, long UsedToday, TimeSpan ResetsIn);
