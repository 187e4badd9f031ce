using Cortex.Ai.Budgets;
using Cortex.Discord.Models;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cortex.Ai.Guilds;

/// <summary>
/// Reads a guild's overrides from <c>ai.guild_settings</c> (null columns fall back to the defaults).
/// Every guild message asks whether its channel is a chat channel, so answers are kept briefly.
/// </summary>
public sealed class GuildSettingsStore(NpgsqlDataSource database, IOptions<AiDefaultsOptions> defaults, GuildConfigChanges changes, TimeProvider time)
{
    /// <summary>How long a replica keeps an answer when no change announcement reaches it.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly GuildConfigCache<GuildAiSettings> _cache = new(changes, time, () => CacheFor, CacheCapacity);

    /// <summary>Guilds whose answer is kept at most (a bot may sit in any number of guilds).</summary>
    public const int CacheCapacity = 10_000;

    public Task<GuildAiSettings> GetAsync(Snowflake guildId, CancellationToken cancellationToken) =>
        _cache.GetOrLoadAsync(guildId, LoadAsync, cancellationToken);

    /// <summary>Writes overrides (null keeps the default) and makes every replica forget its cached answer.</summary>
    public async Task SaveAsync(Snowflake guildId, GuildOverrides overrides, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO ai.guild_settings (guild_id, user_calls_per_window, user_window_seconds, daily_tokens, model, max_reply_tokens, chat_channel_ids)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (guild_id) DO UPDATE SET
                user_calls_per_window = excluded.user_calls_per_window,
                user_window_seconds = excluded.user_window_seconds,
                daily_tokens = excluded.daily_tokens,
                model = excluded.model,
                max_reply_tokens = excluded.max_reply_tokens,
                chat_channel_ids = excluded.chat_channel_ids,
                updated_at = now()
            """);
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = (object?)overrides.UserCallsPerWindow ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)(int?)overrides.UserWindow?.TotalSeconds ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)overrides.DailyTokens ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = (object?)overrides.Model ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)overrides.MaxReplyTokens ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = overrides.ChatChannels.Select(id => (long)id).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
        await changes.AnnounceAsync(guildId);
    }

    /// <summary>The guild's stored overrides alone (all null when it never changed anything).</summary>
    public async Task<GuildOverrides> GetOverridesAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT user_calls_per_window, user_window_seconds, daily_tokens, model, max_reply_tokens, chat_channel_ids
            FROM ai.guild_settings WHERE guild_id = $1
            """);
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new GuildOverrides();
        }

        return new GuildOverrides(
            reader.IsDBNull(0) ? null : reader.GetInt32(0),
            reader.IsDBNull(1) ? null : TimeSpan.FromSeconds(reader.GetInt32(1)),
            reader.IsDBNull(2) ? null : reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt32(4),
            [.. reader.GetFieldValue<long[]>(5).Select(id => (ulong)id)]);
    }

    /// <summary>Drops the guild's overrides: every setting is the default again.</summary>
    public async Task ResetAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("DELETE FROM ai.guild_settings WHERE guild_id = $1");
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
        await changes.AnnounceAsync(guildId);
    }

    private async Task<GuildAiSettings> LoadAsync(ulong guildId, CancellationToken cancellationToken)
    {
        var d = defaults.Value;
        await using var command = database.CreateCommand("""
            SELECT user_calls_per_window, user_window_seconds, daily_tokens, model, max_reply_tokens, chat_channel_ids
            FROM ai.guild_settings WHERE guild_id = $1
            """);
        command.Parameters.Add(new() { Value = (long)guildId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new GuildAiSettings(guildId, new RateLimitPolicy(d.UserCallsPerWindow, d.UserWindow), d.GuildDailyTokens, d.Model, d.MaxReplyTokens, new HashSet<ulong>());
        }

        return new GuildAiSettings(
            guildId,
            new RateLimitPolicy(
                reader.IsDBNull(0) ? d.UserCallsPerWindow : reader.GetInt32(0),
                reader.IsDBNull(1) ? d.UserWindow : TimeSpan.FromSeconds(reader.GetInt32(1))),
            reader.IsDBNull(2) ? d.GuildDailyTokens : reader.GetInt64(2),
            reader.IsDBNull(3) ? d.Model : reader.GetString(3),
            reader.IsDBNull(4) ? d.MaxReplyTokens : reader.GetInt32(4),
            reader.GetFieldValue<long[]>(5).Select(id => (ulong)id).ToHashSet());
    }
}

/// <summary>A guild's overrides; null means "the default".</summary>
public sealed record GuildOverrides(
    int? UserCallsPerWindow = null,
    TimeSpan? UserWindow = null,
    long? DailyTokens = null,
    string? Model = null,
    int? MaxReplyTokens = null,
    IReadOnlyCollection<ulong>? ChatChannelIds = null)
{
    public IReadOnlyCollection<ulong> ChatChannels => ChatChannelIds ?? [];
}
