using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using Cortex.Ai.Moderation;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;
using Cortex.Ai.Moderation.Rules;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Ai.Moderation;

/// <summary>
/// The <c>Cortex.Ai.Moderation</c> meter, read with a <see cref="MeterListener"/> while messages go
/// through every stage: checks per stage, verdicts, Discord actions (done and refused with 50013),
/// stage latency, retries, the backlog gauge and the review queue.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ModerationMetricsTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private readonly ConcurrentBag<Measured> _recorded = [];
    private ModerationHarness _h = null!;
    private MeterListener _listener = null!;

    public async Task InitializeAsync()
    {
        _h = await ModerationHarness.StartAsync(fixture, "modmetrics");
        var config = ModerationConfig.Default with { Rules = new RuleSet { BlockedTerms = ["badword"] } };
        await _h.SaveConfigAsync(_h.World.GuildId.Value, config);
        await _h.SaveConfigAsync(_h.World.LockedGuildId.Value, config);

        // Only this harness's meter: other test classes build moderation services of their own.
        var factory = _h.Get<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ModerationMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => _recorded.Add(new(i.Name, v, Tags(tags))));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => _recorded.Add(new(i.Name, v, Tags(tags))));
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Checks_verdicts_actions_latency_retries_backlog_and_reviews_are_measured_without_ids()
    {
        var guild = _h.World.GuildId.Value;
        var channel = _h.World.GeneralChannelId.Value;
        var pipeline = _h.Get<ModerationPipeline>();
        var worker = _h.Get<DeepStageWorker>();
        var user = _h.NewMember(guild, "metered");

        // Stage 1 acts; in the locked guild Discord refuses the same delete with 50013.
        Assert.Equal(PipelineOutcome.ActedOnRules, await pipeline.ScreenAsync(_h.Post(channel, user, "badword"), CancellationToken.None));
        var locked = _h.NewMember(_h.World.LockedGuildId.Value, "lockedmetered");
        Assert.Equal(PipelineOutcome.ActedOnRules, await pipeline.ScreenAsync(_h.Post(_h.World.LockedChannelId.Value, locked, "badword"), CancellationToken.None));

        // Stage 2 flags and acts.
        var violent = _h.Post(channel, user, "i will kill you");
        Assert.Equal(PipelineOutcome.QueuedForDeepStages, await pipeline.ScreenAsync(violent, CancellationToken.None));
        await worker.ProcessAsync(await ClaimAsync(), CancellationToken.None);

        // Stage 2 fails once: the job goes back for a retry.
        using (var control = _h.Emulator.CreateSocketClient())
        using (var fault = await control.PutAsJsonAsync("/control/openai/faults", new { latency_milliseconds = 0, fail_next = new[] { 500 } }))
        {
            fault.EnsureSuccessStatusCode();
        }

        Assert.Equal(PipelineOutcome.QueuedForDeepStages, await pipeline.ScreenAsync(_h.Post(channel, user, "a calm remark"), CancellationToken.None));
        await worker.ProcessAsync(await ClaimAsync(), CancellationToken.None);

        // The violent message's case is appealed, then upheld.
        var @case = (await _h.Get<CaseStore>().ForMessageAsync(guild, ModerationSubject.From(violent).MessageId, CancellationToken.None))!;
        var reviews = _h.Get<ModerationReviews>();
        Assert.Equal(ReviewError.None, (await reviews.AppealAsync(guild, @case.CaseNumber, user, "it was a joke", CancellationToken.None)).Error);
        Assert.Equal(ReviewError.None, (await reviews.DecideAsync(guild, @case.CaseNumber, ReviewVerdict.Approve, _h.World.GraceId.Value, CancellationToken.None)).Error);

        // The worker counts the backlog (the retried job) as it polls.
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!_recorded.Any(m => m.Instrument == "cortex.moderation.queue.depth") && DateTime.UtcNow < deadline)
            {
                _listener.RecordObservableInstruments();
                await Task.Delay(100);
            }
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(4, Count("cortex.moderation.messages", ("stage", "rules")));
        Assert.Equal(2, Count("cortex.moderation.messages", ("stage", "rules"), ("outcome", "acted")));
        Assert.Equal(2, Count("cortex.moderation.messages", ("stage", "rules"), ("outcome", "queued")));
        Assert.Equal(1, Count("cortex.moderation.messages", ("stage", "api"), ("outcome", "flagged")));
        Assert.True(Count("cortex.moderation.messages", ("stage", "api"), ("outcome", "error")) >= 1);
        Assert.Equal(2, Count("cortex.moderation.verdicts", ("stage", "rules"), ("category", "blocked-term")));
        Assert.Equal(1, Count("cortex.moderation.verdicts", ("stage", "api"), ("category", "violence")));
        Assert.Equal(2, Count("cortex.moderation.actions", ("action", "delete"), ("outcome", "done")));
        Assert.Equal(1, Count("cortex.moderation.actions", ("action", "delete"), ("outcome", "forbidden"), ("code", "50013")));
        Assert.Contains(_recorded, m => m.Instrument == "cortex.moderation.stage.duration" && Is(m, ("stage", "api"), ("outcome", "ok")) && m.Value > 0);
        Assert.Contains(_recorded, m => m.Instrument == "cortex.moderation.stage.duration" && Is(m, ("stage", "api"), ("outcome", "error")));
        Assert.True(Count("cortex.moderation.queue.retries", ("outcome", "retry")) >= 1);
        Assert.Contains(_recorded, m => m.Instrument == "cortex.moderation.queue.depth" && m.Value >= 0);
        Assert.Equal(1, Count("cortex.moderation.reviews", ("event", "queued"), ("kind", "appeal")));
        Assert.Equal(1, Count("cortex.moderation.reviews", ("event", "approved")));

        // Low cardinality: no id of any kind in a tag value.
        var ids = new[] { guild, _h.World.LockedGuildId.Value, channel, user, locked }.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToHashSet();
        Assert.DoesNotContain(_recorded, m => m.Tags.Values.Any(v => ids.Contains(v ?? "")));
        Assert.All(_recorded.SelectMany(m => m.Tags.Keys), key => Assert.DoesNotContain("id", key, StringComparison.Ordinal));
    }

    private async Task<DeepStageJob> ClaimAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var jobs = await _h.Get<DeepStageBacklog>().ClaimAsync(1, TimeSpan.FromMinutes(1));
            if (jobs.Count == 1)
            {
                return jobs[0];
            }

            Assert.True(DateTime.UtcNow < deadline, "no job came due");
            await Task.Delay(50);
        }
    }

    private long Count(string instrument, params (string Key, string Value)[] tags) =>
        (long)_recorded.Where(m => m.Instrument == instrument && Is(m, tags)).Sum(m => m.Value);

    private static bool Is(Measured measured, params (string Key, string Value)[] tags) =>
        tags.All(t => measured.Tags.TryGetValue(t.Key, out var value) && value == t.Value);

    private static Dictionary<string, string?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value?.ToString();
        }

        return result;
    }

    private sealed record Measured(string Instrument, double Value, Dictionary<string, string?> Tags);
}
