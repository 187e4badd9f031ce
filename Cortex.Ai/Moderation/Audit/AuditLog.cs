using System.Text.Json;
using Cortex.Ai.Moderation.Config;
using Npgsql;
using NpgsqlTypes;

namespace Cortex.Ai.Moderation.Audit;

/// <summary>
/// The append-only record of every moderation decision in <c>moderation.audit_log</c>. This class
/// only inserts and reads; the table's triggers refuse UPDATE, DELETE and TRUNCATE for everyone else.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource database)
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = database.CreateCommand("""
            INSERT INTO moderation.audit_log (guild_id, channel_id, message_id, user_id, stage, scores, category, severity, action, outcome, case_number, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """);
        var p = command.Parameters;
        p.Add(new() { Value = (long)entry.GuildId });
        p.Add(new() { Value = Db(entry.ChannelId), NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = Db(entry.MessageId), NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = Db(entry.UserId), NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = entry.Stage });
        p.Add(new()
        {
            Value = entry.Scores is null ? DBNull.Value : JsonSerializer.Serialize(entry.Scores, ModerationJson.Default.IReadOnlyDictionaryStringDouble),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        p.Add(new() { Value = (object?)entry.Category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)(short?)entry.Severity ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        p.Add(new() { Value = entry.Action });
        p.Add(new() { Value = (object?)entry.Outcome ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (object?)entry.CaseNumber ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = entry.Detail });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The guild's newest entries, optionally for one message only.</summary>
    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(ulong guildId, ulong? messageId, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT id, guild_id, channel_id, message_id, user_id, stage, scores::text, category, severity, action, outcome, case_number, detail, created_at
            FROM moderation.audit_log
            WHERE guild_id = $1 AND ($2::bigint IS NULL OR message_id = $2)
            ORDER BY id DESC
            LIMIT $3
            """);
        command.Parameters.Add(new() { Value = (long)guildId });
        command.Parameters.Add(new() { Value = Db(messageId), NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = Math.Clamp(limit, 1, 500) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry
            {
                Id = reader.GetInt64(0),
                GuildId = (ulong)reader.GetInt64(1),
                ChannelId = reader.IsDBNull(2) ? null : (ulong)reader.GetInt64(2),
                MessageId = reader.IsDBNull(3) ? null : (ulong)reader.GetInt64(3),
                UserId = reader.IsDBNull(4) ? null : (ulong)reader.GetInt64(4),
                Stage = reader.GetString(5),
                Scores = reader.IsDBNull(6) ? null : JsonSerializer.Deserialize(reader.GetString(6), ModerationJson.Default.IReadOnlyDictionaryStringDouble),
                Category = reader.IsDBNull(7) ? null : reader.GetString(7),
                Severity = reader.IsDBNull(8) ? null : reader.GetInt16(8),
                Action = reader.GetString(9),
                Outcome = reader.IsDBNull(10) ? null : reader.GetString(10),
                CaseNumber = reader.IsDBNull(11) ? null : reader.GetInt64(11),
                Detail = reader.GetString(12),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(13),
            });
        }

        return entries;
    }

    private static object Db(ulong? id) => id is { } value ? (long)value : DBNull.Value;
}
