using System.Text.Json;
using Cortex.Ai.Guilds;
using Cortex.Discord.Models;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Cortex.Ai.Moderation.Config;

/// <summary>
/// Guild configuration from <c>moderation.guild_config</c>: the guild's row, else guild 0's seed
/// defaults. Every message needs it, so answers are kept for a few seconds, and a change through any
/// replica reaches every replica at once (<see cref="GuildConfigChanges"/>).
/// </summary>
public sealed class ModerationConfigStore(NpgsqlDataSource database, IOptions<ModerationOptions> options, GuildConfigChanges changes, TimeProvider time)
{
    /// <summary>The row holding the seed defaults.</summary>
    public const ulong DefaultsGuildId = 0;

    private readonly GuildConfigCache<ModerationConfig> _cache = new(changes, time, () => options.Value.ConfigCacheFor);

    public Task<ModerationConfig> GetAsync(Snowflake guildId, CancellationToken cancellationToken) =>
        _cache.GetOrLoadAsync(guildId, LoadAsync, cancellationToken);

    private async Task<ModerationConfig> LoadAsync(ulong guildId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT config::text FROM moderation.guild_config WHERE guild_id IN ($1, 0) ORDER BY guild_id DESC LIMIT 1
            """);
        command.Parameters.Add(new() { Value = (long)guildId });
        var json = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return json is null ? ModerationConfig.Default : Parse(json);
    }

    /// <summary>Stores a validated configuration as the guild's own and makes every replica forget the cached one.</summary>
    public async Task SaveAsync(Snowflake guildId, ModerationConfig config, CancellationToken cancellationToken)
    {
        var errors = ModerationConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid moderation configuration: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(v => e.Key + ": " + v))), nameof(config));
        }

        await using var command = database.CreateCommand("""
            INSERT INTO moderation.guild_config (guild_id, config) VALUES ($1, $2)
            ON CONFLICT (guild_id) DO UPDATE SET config = excluded.config, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(config, ModerationJson.Default.ModerationConfig), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
        await changes.AnnounceAsync(guildId);
    }

    public static ModerationConfig Parse(string json) =>
        JsonSerializer.Deserialize(json, ModerationJson.Default.ModerationConfig) ?? ModerationConfig.Default;
}
