using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Rules;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Ai.Moderation;

/// <summary>
/// What the consumer's concurrency and the stream's redeliveries do to cases (a batch handled at once,
/// a message delivered twice while its first delivery is still acting), and a full backlog.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ModerationReliabilityTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private ModerationHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ModerationHarness.StartAsync(fixture, "modreliable");
        await _h.SaveConfigAsync(Guild, ModerationConfig.Default with
        {
            Rules = new RuleSet(),
            WarnEscalation = [new WarnEscalation(2, ModerationAction.Timeout)],
            TimeoutSeconds = 60,
        });
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ulong Guild => _h.World.GuildId.Value;

    private ulong Channel => _h.World.GeneralChannelId.Value;

    [Fact]
    public async Task Two_warnings_at_once_reach_the_escalation_step_exactly_once()
    {
        var pipeline = _h.Get<ModerationPipeline>();
        for (var round = 0; round < 3; round++)
        {
            var user = _h.NewMember(Guild, "pair" + round);
            var first = _h.Post(Channel, user, "idiot [[severity=1]]");
            var second = _h.Post(Channel, user, "idiot too [[severity=1]]");

            await Task.WhenAll(
                pipeline.RunDeepStagesAsync(DeepStageJob.For(ModerationSubject.From(first)), CancellationToken.None),
                pipeline.RunDeepStagesAsync(DeepStageJob.For(ModerationSubject.From(second)), CancellationToken.None));

            var cases = await _h.Get<CaseStore>().ForMemberAsync(Guild, user, CancellationToken.None);
            Assert.Equal(2, cases.Count(c => c.Action == ModerationAction.Warn));
            var escalation = Assert.Single(cases, c => c.Source == "escalation");
            Assert.Equal(("2 warnings", "timeout: done"), (escalation.Reason, escalation.Outcome));
        }
    }

    [Fact]
    public async Task A_message_redelivered_while_its_first_delivery_acts_is_warned_once()
    {
        var pipeline = _h.Get<ModerationPipeline>();
        for (var round = 0; round < 3; round++)
        {
            var user = _h.NewMember(Guild, "redelivered" + round);
            var message = _h.Post(Channel, user, "idiot [[severity=1]]");
            var job = DeepStageJob.For(ModerationSubject.From(message));

            await Task.WhenAll(
                pipeline.RunDeepStagesAsync(job, CancellationToken.None),
                pipeline.RunDeepStagesAsync(job, CancellationToken.None));

            Assert.Single(_h.BotMessages(Channel), m => m.Content.StartsWith($"<@{user}> warning", StringComparison.Ordinal));
            var @case = Assert.Single(await _h.Get<CaseStore>().ForMemberAsync(Guild, user, CancellationToken.None));
            Assert.Equal("warn: done", @case.Outcome);
        }
    }

    [Fact]
    public async Task A_case_whose_enforcement_was_claimed_by_a_dead_worker_is_not_enforced_again()
    {
        var user = _h.NewMember(Guild, "claimed");
        var message = _h.Post(Channel, user, "idiot [[severity=1]]");
        var cases = _h.Get<CaseStore>();
        // The first delivery opened the case, claimed it, and died while posting the warning.
        var opened = await cases.OpenAsync(new ModerationCase
        {
            GuildId = Guild,
            UserId = user,
            ChannelId = Channel,
            MessageId = message.Id.Value,
            Source = "model",
            Category = "harassment",
            Severity = 1,
            Action = ModerationAction.Warn,
            Reason = "insult",
        }, CancellationToken.None);
        Assert.True(await cases.ClaimEnforcementAsync(Guild, opened.Case.CaseNumber, CancellationToken.None));

        await _h.Get<ModerationPipeline>().RunDeepStagesAsync(DeepStageJob.For(ModerationSubject.From(message)), CancellationToken.None);

        Assert.DoesNotContain(_h.BotMessages(Channel), m => m.Content.StartsWith($"<@{user}> warning", StringComparison.Ordinal));
        Assert.Equal(CaseStore.Enforcing, (await cases.GetAsync(Guild, opened.Case.CaseNumber, CancellationToken.None))!.Outcome);
    }

    [Fact]
    public async Task A_full_guild_backlog_skips_stages_2_and_3_while_stage_1_still_acts()
    {
        await using var capped = await ModerationHarness.StartAsync(fixture, "modcapped", settings: new Dictionary<string, string?>
        {
            ["Ai:Moderation:MaxBacklogPerGuild"] = "2",
            ["Ai:Moderation:MaxBacklog"] = "100",
        });
        var guild = capped.World.GuildId.Value;
        var channel = capped.World.GeneralChannelId.Value;
        await capped.SaveConfigAsync(guild, ModerationConfig.Default with { Rules = new RuleSet { BlockedTerms = ["badword"] } });
        var user = capped.NewMember(guild, "flood");
        var pipeline = capped.Get<ModerationPipeline>();
        var backlog = capped.Get<DeepStageBacklog>();

        var outcomes = new List<PipelineOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(await pipeline.ScreenAsync(capped.Post(channel, user, $"hello {i}"), CancellationToken.None));
        }

        Assert.Equal([PipelineOutcome.QueuedForDeepStages, PipelineOutcome.QueuedForDeepStages, PipelineOutcome.BacklogFull], outcomes);
        Assert.Equal(PipelineOutcome.ActedOnRules, await pipeline.ScreenAsync(capped.Post(channel, user, "badword"), CancellationToken.None));
        Assert.Equal(2, await backlog.CountAsync());

        // A finished job frees its guild's slot.
        await backlog.CompleteAsync((await backlog.ClaimAsync(1, TimeSpan.FromMinutes(1)))[0]);
        Assert.Equal(PipelineOutcome.QueuedForDeepStages, await pipeline.ScreenAsync(capped.Post(channel, user, "hello again"), CancellationToken.None));
    }
}
