using System.Text.Json;
using Cortex.Ai.Tokens;
using Cortex.Discord.Models;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cortex.Ai.History;

/// <summary>
/// A channel's recent messages in the sorted set <c>ctx:{channelId}</c>, scored by time. Appending
/// trims by age and by length and refreshes the expiry in one script, so the set stays bounded
/// and cannot outlive its contents.
/// </summary>
public sealed class ChannelHistory(IConnectionMultiplexer redis, RedisKeys keys, IOptions<HistoryOptions> options, TimeProvider time)
{
    // KEYS[1] the channel; ARGV: score (ms), member, oldest score kept (ms), max length, time to live (ms).
    private const string AppendScript = """
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return redis.call('ZCARD', KEYS[1])
        """;

    /// <summary>Counts and stores a message. Returns the entry as stored.</summary>
    public async Task<HistoryEntry> AppendAsync(Snowflake channelId, Snowflake messageId, string role, string content, DateTimeOffset at, ITokenizer tokenizer)
    {
        var o = options.Value;
        var text = tokenizer.Truncate(content, o.MaxTokensPerMessage);
        var entry = new HistoryEntry(messageId, role, text, ChatTokens.Message(tokenizer, role, text), tokenizer.EncodingName, at.ToUnixTimeMilliseconds());
        var now = time.GetUtcNow();
        await redis.GetDatabase().ScriptEvaluateAsync(
            AppendScript,
            [keys.ChannelHistory(channelId)],
            [
                entry.AtUnixMilliseconds,
                JsonSerializer.Serialize(entry, HistoryJsonContext.Default.HistoryEntry),
                (now - o.MaxAge).ToUnixTimeMilliseconds(),
                o.MaxMessages,
                (long)o.MaxAge.TotalMilliseconds,
            ]);
        return entry;
    }

    /// <summary>The channel's messages within the age limit, newest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> NewestFirstAsync(Snowflake channelId, int max)
    {
        var now = time.GetUtcNow();
        var members = await redis.GetDatabase().SortedSetRangeByScoreAsync(
            keys.ChannelHistory(channelId),
            start: (now - options.Value.MaxAge).ToUnixTimeMilliseconds(),
            stop: double.PositiveInfinity,
            order: Order.Descending,
            take: max);

        var entries = new List<HistoryEntry>(members.Length);
        foreach (var member in members)
        {
            var entry = JsonSerializer.Deserialize((string)member!, HistoryJsonContext.Default.HistoryEntry);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }
}
