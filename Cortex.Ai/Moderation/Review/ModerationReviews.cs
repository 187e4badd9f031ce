using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Policy;
using Cortex.Discord.Models;
using Npgsql;

namespace Cortex.Ai.Moderation.Review;

public enum ReviewVerdict
{
    Approve,
    Overturn,
}

/// <summary>Why a review decision or an appeal did not happen.</summary>
public enum ReviewError
{
    None,
    UnknownCase,
    NothingPending,
    NotYourCase,
    AlreadyPending,
    CaseClosed,
}

/// <param name="Undo">For an overturn: what Discord answered to the undo (unban, timeout removed).</param>
public sealed record ReviewResult(ReviewError Error, ModerationCase? Case = null, EnforcementResult? Undo = null);

/// <summary>
/// The human review queue in <c>moderation.review_queue</c>: bans the policy made and members'
/// appeals wait here until a moderator approves or overturns the case.
/// </summary>
public sealed class ModerationReviews(NpgsqlDataSource database, CaseStore cases, DiscordEnforcer enforcer, AuditLog audit, ModerationMetrics metrics)
{
    public async Task<bool> EnqueueAsync(Snowflake guildId, long caseNumber, string kind, string note, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO moderation.review_queue (guild_id, case_number, kind, note) VALUES ($1, $2, $3, $4)
            ON CONFLICT (guild_id, case_number, kind) WHERE status = 'pending' DO NOTHING
            """);
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = caseNumber });
        command.Parameters.Add(new() { Value = kind });
        command.Parameters.Add(new() { Value = note });
        var queued = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (queued)
        {
            metrics.Review("queued", kind);
        }

        return queued;
    }

    public async Task<IReadOnlyList<ReviewItem>> PendingAsync(Snowflake guildId, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT q.id, q.guild_id, q.case_number, q.kind, q.note, q.status, q.decided_by, q.created_at, c.user_id, c.action, c.reason, c.outcome
            FROM moderation.review_queue q
            JOIN moderation.cases c ON c.guild_id = q.guild_id AND c.case_number = q.case_number
            WHERE q.guild_id = $1 AND q.status = 'pending'
            ORDER BY q.created_at, q.id
            LIMIT $2
            """);
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = Math.Clamp(limit, 1, 100) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<ReviewItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new ReviewItem
            {
                Id = reader.GetInt64(0),
                GuildId = (ulong)reader.GetInt64(1),
                CaseNumber = reader.GetInt64(2),
                Kind = reader.GetString(3),
                Note = reader.GetString(4),
                Status = reader.GetString(5),
                DecidedBy = reader.IsDBNull(6) ? null : (ulong)reader.GetInt64(6),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(7),
                UserId = (ulong)reader.GetInt64(8),
                Action = reader.GetString(9),
                Reason = reader.GetString(10),
                Outcome = reader.IsDBNull(11) ? null : reader.GetString(11),
            });
        }

        return items;
    }

    /// <summary>
    /// A moderator's decision on a case with pending review items: approve upholds it; overturn lifts
    /// a ban or timeout and stops a warning from counting. Every pending item of the case is closed.
    /// </summary>
    public async Task<ReviewResult> DecideAsync(Snowflake guildId, long caseNumber, ReviewVerdict verdict, Snowflake moderatorId, CancellationToken cancellationToken)
    {
        var @case = await cases.GetAsync(guildId, caseNumber, cancellationToken);
        if (@case is null)
        {
            return new ReviewResult(ReviewError.UnknownCase);
        }

        var status = verdict == ReviewVerdict.Approve ? "approved" : "overturned";
        await using var command = database.CreateCommand("""
            UPDATE moderation.review_queue SET status = $3, decided_by = $4, decided_at = now()
            WHERE guild_id = $1 AND case_number = $2 AND status = 'pending'
            """);
        command.Parameters.Add(new() { Value = (long)guildId.Value });
        command.Parameters.Add(new() { Value = caseNumber });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = (long)moderatorId.Value });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return new ReviewResult(ReviewError.NothingPending, @case);
        }

        metrics.Review(status, "any");
        EnforcementResult? undo = null;
        if (verdict == ReviewVerdict.Overturn)
        {
            undo = await enforcer.UndoAsync(@case, $"moderator {moderatorId}", cancellationToken);
            await cases.CloseAsync(guildId, caseNumber, "overturned", cancellationToken);
        }
        else
        {
            await cases.CloseAsync(guildId, caseNumber, "upheld", cancellationToken);
        }

        await audit.AppendAsync(new AuditEntry
        {
            GuildId = guildId,
            ChannelId = @case.ChannelId,
            MessageId = @case.MessageId,
            UserId = @case.UserId,
            Stage = "review",
            Category = @case.Category,
            Severity = @case.Severity,
            Action = verdict == ReviewVerdict.Approve ? "approve" : "overturn",
            Outcome = undo?.Outcome,
            CaseNumber = caseNumber,
            Detail = $"by moderator {moderatorId}",
        }, cancellationToken);
        return new ReviewResult(ReviewError.None, await cases.GetAsync(guildId, caseNumber, cancellationToken), undo);
    }

    /// <summary>A member appeals one of their own open cases; it joins the review queue.</summary>
    public async Task<ReviewResult> AppealAsync(Snowflake guildId, long caseNumber, Snowflake userId, string note, CancellationToken cancellationToken)
    {
        var @case = await cases.GetAsync(guildId, caseNumber, cancellationToken);
        if (@case is null)
        {
            return new ReviewResult(ReviewError.UnknownCase);
        }

        if (@case.UserId != userId)
        {
            return new ReviewResult(ReviewError.NotYourCase, @case);
        }

        if (@case.Status != "open")
        {
            return new ReviewResult(ReviewError.CaseClosed, @case);
        }

        if (!await EnqueueAsync(guildId, caseNumber, "appeal", note, cancellationToken))
        {
            return new ReviewResult(ReviewError.AlreadyPending, @case);
        }

        await audit.AppendAsync(new AuditEntry
        {
            GuildId = guildId,
            ChannelId = @case.ChannelId,
            MessageId = @case.MessageId,
            UserId = userId,
            Stage = "appeal",
            Category = @case.Category,
            Severity = @case.Severity,
            Action = "appeal",
            CaseNumber = caseNumber,
            Detail = note,
        }, cancellationToken);
        return new ReviewResult(ReviewError.None, @case);
    }
}
