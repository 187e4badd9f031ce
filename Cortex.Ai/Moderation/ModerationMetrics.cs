using System.Diagnostics.Metrics;
using System.Globalization;
using Cortex.Ai.Moderation.Scoring;

namespace Cortex.Ai.Moderation;

/// <summary>
/// Moderation's instruments (meter <c>Cortex.Ai.Moderation</c>, exported with every other
/// <c>Cortex.*</c> meter to Prometheus and OTLP by the service defaults). Tags stay low-cardinality:
/// stage, outcome, category, severity, action, never a guild, user or message id.
/// </summary>
public sealed class ModerationMetrics
{
    public const string MeterName = "Cortex.Ai.Moderation";

    private static readonly HashSet<string> RuleCategories = ["blocked-term", "invite", "mass-mention", "pattern", "warnings", "none"];

    private readonly Counter<long> _checked;
    private readonly Counter<long> _verdicts;
    private readonly Counter<long> _actions;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _reviews;
    private long _queueDepth = -1;

    public ModerationMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _checked = meter.CreateCounter<long>("cortex.moderation.messages", "{message}", "Messages checked, by stage (rules, api, agent) and outcome.");
        _verdicts = meter.CreateCounter<long>("cortex.moderation.verdicts", "{verdict}", "Decisions handed to the policy, by stage, category and severity.");
        _actions = meter.CreateCounter<long>("cortex.moderation.actions", "{action}", "Discord steps of enforcement (warn, delete, timeout, ban, unban), by outcome and Discord error code.");
        _stageDuration = meter.CreateHistogram<double>("cortex.moderation.stage.duration", "s", "Stage 2 (moderation endpoint) and stage 3 (context agent) latency.");
        _skipped = meter.CreateCounter<long>("cortex.moderation.queue.skipped", "{message}", "Messages that got stage 1 only because the deep-stage backlog was full, by cap (total, guild).");
        _retries = meter.CreateCounter<long>("cortex.moderation.queue.retries", "{job}", "Stage 2-3 jobs put back for a retry or given up.");
        _reviews = meter.CreateCounter<long>("cortex.moderation.reviews", "{item}", "Review queue items queued (ban, appeal) and decided (approved, overturned).");
        meter.CreateObservableGauge("cortex.moderation.queue.depth", ObserveQueueDepth, "{job}", "Stage 2-3 jobs queued or in flight, as the worker last counted them.");
    }

    public void Checked(string stage, string outcome) => _checked.Add(1, new("stage", stage), new("outcome", outcome));

    public void Verdict(string stage, string category, int severity) => _verdicts.Add(1,
        new("stage", stage), new("category", KnownCategory(category)), new("severity", severity.ToString(CultureInfo.InvariantCulture)));

    /// <param name="outcome">done, already_done, forbidden or failed.</param>
    /// <param name="code">Discord's JSON error code (50013 Missing Permissions...), 0 when there was none.</param>
    public void Action(string action, string outcome, int code = 0) => _actions.Add(1,
        new("action", action), new("outcome", outcome), new("code", code.ToString(CultureInfo.InvariantCulture)));

    public void StageDuration(string stage, string outcome, TimeSpan elapsed) =>
        _stageDuration.Record(elapsed.TotalSeconds, new("stage", stage), new("outcome", outcome));

    /// <param name="outcome">retry or gave_up.</param>
    public void BacklogSkipped(string cap) => _skipped.Add(1, new KeyValuePair<string, object?>("cap", cap));

    public void Retried(string outcome) => _retries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="event">queued, approved or overturned.</param>
    /// <param name="kind">ban or appeal for queued items; "any" for decisions, which close every pending item of a case.</param>
    public void Review(string @event, string kind) => _reviews.Add(1, new("event", @event), new("kind", kind));

    public void QueueDepth(long jobs) => Interlocked.Exchange(ref _queueDepth, jobs);

    private IEnumerable<Measurement<long>> ObserveQueueDepth()
    {
        var depth = Interlocked.Read(ref _queueDepth);
        return depth < 0 ? [] : [new Measurement<long>(depth)];
    }

    /// <summary>The context agent names its own category; anything outside the known names is "other", so a model cannot mint tag values.</summary>
    private static string KnownCategory(string category) =>
        ModerationCategories.All.Contains(category) || RuleCategories.Contains(category) ? category : "other";
}
