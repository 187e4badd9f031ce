using System.Globalization;
using Cortex.Ai.Moderation.Agent;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Rules;
using Cortex.Ai.Moderation.Scoring;
using Cortex.Discord.Models;
using Microsoft.Extensions.Logging;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>What happened to a message in one pass.</summary>
public enum PipelineOutcome
{
    Skipped,
    ActedOnRules,
    QueuedForDeepStages,
    AlreadyQueued,
    Clean,
    ActedOnScores,
    ActedOnAgent,
    AlreadyDecided,
    RetryLater,

    /// <summary>Stage 1 ran; the deep-stage backlog (overall or the guild's) was full, so stages 2–3 did not.</summary>
    BacklogFull,
}

/// <summary>
/// The seed's three stages. <see cref="ScreenAsync"/> is stage 1, inline on the event stream: rules
/// match and act at once, anything else is queued. <see cref="RunDeepStagesAsync"/> is stages 2–3,
/// run by <see cref="DeepStageWorker"/>: the moderation endpoint, then the context agent for the
/// ambiguous band, then the policy.
/// </summary>
public sealed partial class ModerationPipeline(
    ModerationConfigStore configs,
    RuleEngine rules,
    ModerationClassifier classifier,
    ContextAgent agent,
    PolicyEngine policy,
    CaseStore cases,
    DeepStageBacklog queue,
    ModerationMetrics metrics,
    TimeProvider time,
    ILogger<ModerationPipeline> logger)
{
    public async Task<PipelineOutcome> ScreenAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var outcome = await ScreenCoreAsync(message, cancellationToken);
        metrics.Checked("rules", outcome switch
        {
            PipelineOutcome.Skipped => "skipped",
            PipelineOutcome.ActedOnRules => "acted",
            PipelineOutcome.QueuedForDeepStages => "queued",
            PipelineOutcome.AlreadyQueued or PipelineOutcome.AlreadyDecided => "duplicate",
            PipelineOutcome.BacklogFull => "backlog_full",
            _ => "other",
        });
        return outcome;
    }

    private async Task<PipelineOutcome> ScreenCoreAsync(Message message, CancellationToken cancellationToken)
    {
        if (!ModerationSubject.IsModeratable(message))
        {
            return PipelineOutcome.Skipped;
        }

        var subject = ModerationSubject.From(message);
        var config = await configs.GetAsync(subject.GuildId, cancellationToken);
        if (!config.Enabled || IsExempt(message, subject, config))
        {
            return PipelineOutcome.Skipped;
        }

        var match = rules.Evaluate(subject.GuildId, config.Rules, subject.Content);
        if (match is not null)
        {
            var decision = new ModerationDecision("rules", match.Severity, RuleCategory(match.Kind), $"{RuleCategory(match.Kind)}: {match.Detail}");
            var result = await policy.ApplyAsync(subject, decision, config, cancellationToken);
            return result.Duplicate ? PipelineOutcome.AlreadyDecided : PipelineOutcome.ActedOnRules;
        }

        // Backpressure: a full backlog skips stages 2-3 for this message (stage 1 already ran) and counts it.
        var queued = await queue.EnqueueAsync(DeepStageJob.For(subject));
        if (queued is EnqueueResult.BacklogFull or EnqueueResult.GuildBacklogFull)
        {
            metrics.BacklogSkipped(queued == EnqueueResult.BacklogFull ? "total" : "guild");
            return PipelineOutcome.BacklogFull;
        }

        return queued == EnqueueResult.Queued ? PipelineOutcome.QueuedForDeepStages : PipelineOutcome.AlreadyQueued;
    }

    /// <summary>Stages 2–3 for one queued message; <see cref="PipelineOutcome.RetryLater"/> when a model could not be asked.</summary>
    public async Task<(PipelineOutcome Outcome, string? Error)> RunDeepStagesAsync(DeepStageJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var subject = job.Subject;
        if (await cases.ForMessageAsync(subject.GuildId, subject.MessageId, cancellationToken) is not null)
        {
            return (PipelineOutcome.AlreadyDecided, null);
        }

        var config = await configs.GetAsync(subject.GuildId, cancellationToken);
        IReadOnlyDictionary<string, double> scores;
        var started = time.GetTimestamp();
        try
        {
            scores = await classifier.ScoreAsync(subject.Content, cancellationToken);
            metrics.StageDuration("api", "ok", time.GetElapsedTime(started));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.StageDuration("api", "error", time.GetElapsedTime(started));
            metrics.Checked("api", "error");
            LogStageFailed(logger, 2, subject.MessageId, job.Attempt + 1, e);
            return (PipelineOutcome.RetryLater, "moderation endpoint: " + Describe(e));
        }

        var verdict = ScoreVerdict.Evaluate(scores, config);
        metrics.Checked("api", verdict.Outcome switch
        {
            ScoreOutcome.Clean => "clean",
            ScoreOutcome.Flagged => "flagged",
            _ => "ambiguous",
        });
        switch (verdict.Outcome)
        {
            case ScoreOutcome.Clean:
                return (PipelineOutcome.Clean, null);
            case ScoreOutcome.Flagged:
                var reason = string.Create(CultureInfo.InvariantCulture, $"{verdict.Category} scored {verdict.Score:0.00}, above its threshold {config.ThresholdFor(verdict.Category):0.00}");
                var flagged = await policy.ApplyAsync(subject, new ModerationDecision("api", verdict.Severity, verdict.Category, reason, scores), config, cancellationToken);
                return (flagged.Duplicate ? PipelineOutcome.AlreadyDecided : PipelineOutcome.ActedOnScores, null);
        }

        AgentOutcome judged;
        started = time.GetTimestamp();
        try
        {
            judged = await agent.JudgeAsync(subject.ChannelId, subject.MessageId, subject.Content, verdict.Category, verdict.Score, cancellationToken);
            metrics.StageDuration("agent", "ok", time.GetElapsedTime(started));
            metrics.Checked("agent", "judged");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.StageDuration("agent", "error", time.GetElapsedTime(started));
            metrics.Checked("agent", "error");
            LogStageFailed(logger, 3, subject.MessageId, job.Attempt + 1, e);
            return (PipelineOutcome.RetryLater, "context agent: " + Describe(e));
        }

        // A malformed answer is no verdict, least of all "clean": asked again later, then sent to review.
        if (judged.Malformed)
        {
            metrics.Checked("agent", "malformed");
            return (PipelineOutcome.RetryLater, "context agent: " + judged.Verdict.Reason);
        }

        var decision = new ModerationDecision("agent", judged.Verdict.Severity, judged.Verdict.Category, judged.Verdict.Reason, scores);
        var result = await policy.ApplyAsync(subject, decision, config, cancellationToken);
        return (result.Duplicate ? PipelineOutcome.AlreadyDecided : PipelineOutcome.ActedOnAgent, null);
    }

    private static string Describe(Exception e) => e.InnerException is { } inner ? $"{e.Message} ({inner.GetType().Name}: {inner.Message})" : e.Message;

    private static bool IsExempt(Message message, ModerationSubject subject, ModerationConfig config)
    {
        if (config.ExemptChannelIds.Contains(subject.ChannelId))
        {
            return true;
        }

        var roles = message.Member?.Roles ?? [];
        return roles.Any(role => config.ExemptRoleIds.Contains(role.Value));
    }

    private static string RuleCategory(RuleKind kind) => kind switch
    {
        RuleKind.BlockedTerm => "blocked-term",
        RuleKind.Invite => "invite",
        RuleKind.MassMention => "mass-mention",
        RuleKind.CustomPattern => "pattern",
        _ => kind.ToString(),
    };

    [LoggerMessage(1, LogLevel.Warning, "Moderation stage {Stage} failed for message {MessageId} (attempt {Attempt}); it is queued for a retry.")]
    private static partial void LogStageFailed(ILogger logger, int stage, ulong messageId, int attempt, Exception exception);
}
