using System.Globalization;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Ai.Moderation.Review;

namespace Cortex.Ai.Moderation.Policy;

/// <summary>What the policy did with a decision.</summary>
/// <param name="Duplicate">The message already had its case (a redelivery): nothing was done again.</param>
public sealed record PolicyResult(ModerationAction Action, ModerationCase? Case, bool Duplicate, ModerationCase? Escalation = null);

/// <summary>
/// Severity → action by the guild's table (0 none, 1 warn, 2 delete, 3 delete + timeout, 4 ban +
/// review), each action a numbered case, warnings escalating at the configured counts, and every
/// decision in the audit log.
/// </summary>
public sealed class PolicyEngine(CaseStore cases, DiscordEnforcer enforcer, ModerationReviews review, AuditLog audit, ModerationMetrics metrics, TimeProvider time)
{
    public async Task<PolicyResult> ApplyAsync(ModerationSubject message, ModerationDecision decision, ModerationConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(config);
        var action = config.ActionFor(decision.Severity);
        if (action == ModerationAction.None)
        {
            metrics.Verdict(decision.Stage, decision.Category, decision.Severity);
            await AuditAsync(message, decision, "none", null, null, cancellationToken);
            return new PolicyResult(action, null, Duplicate: false);
        }

        var (@case, created, warnings) = await cases.OpenAsync(new ModerationCase
        {
            GuildId = message.GuildId,
            UserId = message.UserId,
            ChannelId = message.ChannelId,
            MessageId = message.MessageId,
            Source = decision.Stage,
            Category = decision.Category,
            Severity = decision.Severity,
            Action = action,
            Reason = decision.Reason,
            TimeoutUntil = action.TimesOut() ? time.GetUtcNow() + config.Timeout : null,
        }, cancellationToken);

        if (created)
        {
            metrics.Verdict(decision.Stage, decision.Category, decision.Severity);
        }

        // Claimed before anything is sent: a redelivery (even one racing the first delivery) finds the
        // claim and does nothing again. One whose worker died before claiming gets its action now.
        if (!await cases.ClaimEnforcementAsync(@case.GuildId, @case.CaseNumber, cancellationToken))
        {
            return new PolicyResult(@case.Action, @case, Duplicate: true);
        }

        @case = await EnforceAsync(@case, config, cancellationToken);
        await AuditAsync(message, decision, @case.Action.Name(), @case.Outcome, @case.CaseNumber, cancellationToken);

        ModerationCase? escalation = null;
        if (created && @case.Action == ModerationAction.Warn)
        {
            escalation = await EscalateAsync(message, config, warnings, cancellationToken);
        }

        return new PolicyResult(@case.Action, @case, Duplicate: !created, escalation);
    }

    // Warnings are counted when the case opened, under the member's lock: exactly one warning sees each count.
    private async Task<ModerationCase?> EscalateAsync(ModerationSubject message, ModerationConfig config, int warnings, CancellationToken cancellationToken)
    {
        var step = config.WarnEscalation.LastOrDefault(s => s.Warnings == warnings);
        if (step is null)
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"{warnings} warnings");
        var (@case, _, _) = await cases.OpenAsync(new ModerationCase
        {
            GuildId = message.GuildId,
            UserId = message.UserId,
            ChannelId = message.ChannelId,
            Source = "escalation",
            Category = "warnings",
            Severity = step.Action == ModerationAction.Ban ? 4 : 3,
            Action = step.Action,
            Reason = reason,
            TimeoutUntil = step.Action.TimesOut() ? time.GetUtcNow() + config.Timeout : null,
        }, cancellationToken);
        await cases.ClaimEnforcementAsync(@case.GuildId, @case.CaseNumber, cancellationToken); // new, so always ours
        @case = await EnforceAsync(@case, config, cancellationToken);
        await AuditAsync(message, new ModerationDecision("escalation", @case.Severity, "warnings", reason), @case.Action.Name(), @case.Outcome, @case.CaseNumber, cancellationToken);
        return @case;
    }

    private async Task<ModerationCase> EnforceAsync(ModerationCase @case, ModerationConfig config, CancellationToken cancellationToken)
    {
        var result = await enforcer.EnforceAsync(@case, cancellationToken);
        await cases.RecordOutcomeAsync(@case.GuildId, @case.CaseNumber, result.Outcome, result.Failed, cancellationToken);
        @case = @case with { Outcome = result.Outcome, ActionFailed = result.Failed };
        if (@case.Action == ModerationAction.Ban)
        {
            await review.EnqueueAsync(@case.GuildId, @case.CaseNumber, "ban", @case.Reason, cancellationToken);
        }

        await enforcer.AnnounceAsync(config.LogChannelId, string.Create(CultureInfo.InvariantCulture,
            $"Case #{@case.CaseNumber}: {@case.Action.Name()} <@{@case.UserId}> ({@case.Source}, {@case.Category}, severity {@case.Severity}): {@case.Reason}. Discord: {@case.Outcome}"),
            cancellationToken);
        return @case;
    }

    private Task AuditAsync(ModerationSubject message, ModerationDecision decision, string action, string? outcome, long? caseNumber, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry
        {
            GuildId = message.GuildId,
            ChannelId = message.ChannelId,
            MessageId = decision.Stage == "escalation" ? null : message.MessageId,
            UserId = message.UserId,
            Stage = decision.Stage,
            Scores = decision.Scores,
            Category = decision.Category,
            Severity = decision.Severity,
            Action = action,
            Outcome = outcome,
            CaseNumber = caseNumber,
            Detail = decision.Reason,
        }, cancellationToken);
}
