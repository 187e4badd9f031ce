using Cortex.Ai.Moderation.Config;
using Cortex.Discord.Models;
using Npgsql;
using NpgsqlTypes;

namespace Cortex.Ai.Moderation.Policy;

/// <summary>Cases in <c>moderation.cases</c>, numbered per guild; at most one per message.</summary>
public sealed class CaseStore(NpgsqlDataSource database)
{
    /// <summary>The outcome of a case being carried out: claimed before anything is sent to Discord.</summary>
    public const string Enforcing = "enforcing";

    private const string Columns = "guild_id, case_number, user_id, channel_id, message_id, source, category, severity, action, reason, timeout_until, outcome, action_failed, status, created_at";

    /// <summary>
    /// Opens a case, or finds the one a message already has (<c>Created</c> false): a redelivered
    /// message is never punished twice. A member's cases open one at a time (a transaction lock per
    /// guild and member), so the warnings each new case counts are exactly those before it and itself:
    /// two warnings at once cannot both count the same total and skip an escalation step.
    /// </summary>
    public async Task<OpenedCase> OpenAsync(ModerationCase draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var member = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('moderation.member:' || $1::text || ':' || $2::text, 0))", connection, transaction))
        {
            member.Parameters.Add(new() { Value = (long)draft.GuildId });
            member.Parameters.Add(new() { Value = (long)draft.UserId });
            await member.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var insert = new NpgsqlCommand($"""
            WITH number AS (
                INSERT INTO moderation.case_counters (guild_id, last) VALUES ($1, 1)
                ON CONFLICT (guild_id) DO UPDATE SET last = moderation.case_counters.last + 1
                RETURNING last)
            INSERT INTO moderation.cases (guild_id, case_number, user_id, channel_id, message_id, source, category, severity, action, reason, timeout_until)
            SELECT $1, number.last, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM number
            ON CONFLICT (guild_id, message_id) WHERE message_id IS NOT NULL DO NOTHING
            RETURNING {Columns}
            """, connection, transaction))
        {
            var p = insert.Parameters;
            p.Add(new() { Value = (long)draft.GuildId });
            p.Add(new() { Value = (long)draft.UserId });
            p.Add(new() { Value = Db(draft.ChannelId), NpgsqlDbType = NpgsqlDbType.Bigint });
            p.Add(new() { Value = Db(draft.MessageId), NpgsqlDbType = NpgsqlDbType.Bigint });
            p.Add(new() { Value = draft.Source });
            p.Add(new() { Value = draft.Category });
            p.Add(new() { Value = (short)draft.Severity });
            p.Add(new() { Value = draft.Action.Name() });
            p.Add(new() { Value = draft.Reason });
            p.Add(new() { Value = (object?)draft.TimeoutUntil ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var created = Read(reader);
                await reader.DisposeAsync();
                var warnings = await CountWarningsAsync(connection, transaction, draft.GuildId, draft.UserId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new OpenedCase(created, true, warnings);
            }
        }

        // The message has its case already; the counter's increment is rolled back with the rest.
        await transaction.RollbackAsync(cancellationToken);
        var existing = await ForMessageAsync(draft.GuildId, draft.MessageId!.Value, cancellationToken)
            ?? throw new InvalidOperationException($"Message {draft.MessageId} conflicted with a case that cannot be found.");
        return new OpenedCase(existing, false, 0);
    }

    /// <summary>
    /// Takes the right to carry a case out, recorded before anything is sent: true for exactly one
    /// caller. A redelivery finds the claim and sends nothing again; a worker that died after claiming
    /// leaves the case at <see cref="Enforcing"/>, for a moderator to see (at most once, never twice).
    /// </summary>
    public async Task<bool> ClaimEnforcementAsync(Snowflake guildId, long caseNumber, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE moderation.cases SET outcome = $3, updated_at = now() WHERE guild_id = $1 AND case_number = $2 AND outcome IS NULL");
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = caseNumber });
        command.Parameters.Add(new() { Value = Enforcing });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task RecordOutcomeAsync(Snowflake guildId, long caseNumber, string outcome, bool failed, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE moderation.cases SET outcome = $3, action_failed = $4, updated_at = now() WHERE guild_id = $1 AND case_number = $2");
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = caseNumber });
        command.Parameters.Add(new() { Value = outcome });
        command.Parameters.Add(new() { Value = failed });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Moves an open case to upheld or overturned; false when it was not open.</summary>
    public async Task<bool> CloseAsync(Snowflake guildId, long caseNumber, string status, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE moderation.cases SET status = $3, updated_at = now() WHERE guild_id = $1 AND case_number = $2 AND status = 'open'");
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = caseNumber });
        command.Parameters.Add(new() { Value = status });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<ModerationCase?> GetAsync(Snowflake guildId, long caseNumber, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM moderation.cases WHERE guild_id = $1 AND case_number = $2");
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = caseNumber });
        return await SingleAsync(command, cancellationToken);
    }

    public async Task<ModerationCase?> ForMessageAsync(Snowflake guildId, Snowflake messageId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM moderation.cases WHERE guild_id = $1 AND message_id = $2");
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = (long)messageId.Value });
        return await SingleAsync(command, cancellationToken);
    }

    /// <summary>The member's warnings that still count (not overturned).</summary>
    public async Task<int> ActiveWarningsAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await CountWarningsAsync(connection, null, guildId, userId, cancellationToken);
    }

    private static async Task<int> CountWarningsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Snowflake guildId, Snowflake userId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM moderation.cases WHERE guild_id = $1 AND user_id = $2 AND action = 'warn' AND status <> 'overturned'", connection, transaction);
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = (long)userId.Value });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<ModerationCase>> ForMemberAsync(Snowflake guildId, Snowflake userId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM moderation.cases WHERE guild_id = $1 AND user_id = $2 ORDER BY case_number");
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = (long)userId.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var cases = new List<ModerationCase>();
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(Read(reader));
        }

        return cases;
    }

    private static async Task<ModerationCase?> SingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static ModerationCase Read(NpgsqlDataReader reader) => new()
    {
        GuildId = (ulong)reader.GetInt64(0),
        CaseNumber = reader.GetInt64(1),
        UserId = (ulong)reader.GetInt64(2),
        ChannelId = reader.IsDBNull(3) ? null : (ulong)reader.GetInt64(3),
        MessageId = reader.IsDBNull(4) ? null : (ulong)reader.GetInt64(4),
        Source = reader.GetString(5),
        Category = reader.GetString(6),
        Severity = reader.GetInt16(7),
        Action = ModerationActions.Parse(reader.GetString(8)),
        Reason = reader.GetString(9),
        TimeoutUntil = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        Outcome = reader.IsDBNull(11) ? null : reader.GetString(11),
        ActionFailed = reader.GetBoolean(12),
        Status = reader.GetString(13),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(14),
    };

    private static object Db(ulong? id) => id is { } value ? (long)value : DBNull.Value;
}

/// <param name="Created">False when the message already had this case (a redelivery).</param>
/// <param name="ActiveWarnings">The member's active warnings right after a new case opened, itself included.</param>
public sealed record OpenedCase(ModerationCase Case, bool Created, int ActiveWarnings);
