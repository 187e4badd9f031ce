using System.Globalization;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;
using Cortex.Ai.Moderation.Scoring;
using Cortex.Discord.Models;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Ai.Moderation;

/// <summary>
/// Stages 2 and 3 and every severity path through the emulator: its moderation word list and
/// markers drive the OpenAI endpoint, its chat model the context agent, its REST the actions.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ModerationStagesTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private ModerationHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ModerationHarness.StartAsync(fixture, "modstages");
        await _h.SaveConfigAsync(Guild, ModerationConfig.Default with { TimeoutSeconds = 120 });
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ulong Guild => _h.World.GuildId.Value;

    private ulong Channel => _h.World.GeneralChannelId.Value;

    private Task<(PipelineOutcome Outcome, string? Error)> DeepStagesAsync(Message message) =>
        _h.Get<ModerationPipeline>().RunDeepStagesAsync(DeepStageJob.For(ModerationSubject.From(message)), CancellationToken.None);

    private Task<ModerationCase?> CaseForAsync(Message message) =>
        _h.Get<CaseStore>().ForMessageAsync(message.GuildId!.Value.Value, message.Id.Value, CancellationToken.None);

    private async Task<IReadOnlyList<AuditEntry>> AuditForAsync(Message message) =>
        await _h.Get<AuditLog>().RecentAsync(message.GuildId!.Value.Value, message.Id.Value, 50, CancellationToken.None);

    [Theory]
    [MemberData(nameof(ModerationCategoryTests.Categories), MemberType = typeof(ModerationCategoryTests))]
    public async Task Every_category_score_from_the_emulator_arrives_under_its_API_name(string category)
    {
        var scores = await _h.Get<ModerationClassifier>().ScoreAsync($"hello [[mod:{category}=0.77]]", CancellationToken.None);

        Assert.Equal(0.77, scores[category], 4);
        Assert.All(scores.Where(s => s.Key != category), other => Assert.True(other.Value < 0.01, $"{other.Key} scored {other.Value}"));
    }

    [Fact]
    public async Task The_emulators_word_list_reaches_stage_2_and_its_action_runs()
    {
        var user = _h.NewMember(Guild, "stage2");
        var message = _h.Post(Channel, user, "i will kill you");

        var (outcome, _) = await DeepStagesAsync(message);

        Assert.Equal(PipelineOutcome.ActedOnScores, outcome);
        var @case = await CaseForAsync(message);
        Assert.Equal("api", @case!.Source);
        Assert.Equal("violence", @case.Category);
        Assert.Equal(ModerationAction.Delete, @case.Action);
        Assert.Equal("delete: done", @case.Outcome);
        Assert.False(_h.MessageExists(Channel, ModerationSubject.From(message).MessageId));
        var audit = Assert.Single(await AuditForAsync(message));
        Assert.Equal("api", audit.Stage);
        Assert.Equal(0.96, audit.Scores!["violence"], 4);
    }

    [Fact]
    public async Task A_clean_message_stops_at_stage_2()
    {
        var user = _h.NewMember(Guild, "clean");
        var message = _h.Post(Channel, user, "what a lovely day for a picnic");

        var (outcome, _) = await DeepStagesAsync(message);

        Assert.Equal(PipelineOutcome.Clean, outcome);
        Assert.Null(await CaseForAsync(message));
        Assert.True(_h.MessageExists(Channel, ModerationSubject.From(message).MessageId));
    }

    [Fact]
    public async Task An_ambiguous_word_from_the_list_reaches_the_context_agent()
    {
        var user = _h.NewMember(Guild, "ambiguous");
        var message = _h.Post(Channel, user, "you idiot");

        var (outcome, _) = await DeepStagesAsync(message);

        // The emulator's agent scores "idiot" 0.45 in context: severity 1, a warning.
        Assert.Equal(PipelineOutcome.ActedOnAgent, outcome);
        var @case = await CaseForAsync(message);
        Assert.Equal("agent", @case!.Source);
        Assert.Equal(ModerationAction.Warn, @case.Action);
        var audit = Assert.Single(await AuditForAsync(message));
        Assert.Equal(0.45, audit.Scores!["harassment"], 4);
    }

    [Fact]
    public async Task Severity_0_from_the_agent_does_nothing_but_is_audited()
    {
        var user = _h.NewMember(Guild, "sev0");
        var message = _h.Post(Channel, user, "idiot [[severity=0]]");

        var (outcome, _) = await DeepStagesAsync(message);

        Assert.Equal(PipelineOutcome.ActedOnAgent, outcome);
        Assert.Null(await CaseForAsync(message));
        Assert.True(_h.MessageExists(Channel, ModerationSubject.From(message).MessageId));
        var audit = Assert.Single(await AuditForAsync(message));
        Assert.Equal(("agent", 0, "none"), (audit.Stage, audit.Severity!.Value, audit.Action));
    }

    [Fact]
    public async Task Severity_1_warns_the_member_with_a_reply_naming_the_case()
    {
        var user = _h.NewMember(Guild, "sev1");
        var message = _h.Post(Channel, user, "idiot [[severity=1]]");

        await DeepStagesAsync(message);

        var @case = await CaseForAsync(message);
        Assert.Equal(ModerationAction.Warn, @case!.Action);
        var reply = Assert.Single(_h.BotMessages(Channel), m => m.Content.Contains($"case #{@case.CaseNumber}", StringComparison.Ordinal));
        Assert.Contains($"<@{user}>", reply.Content, StringComparison.Ordinal);
        Assert.Equal(ModerationSubject.From(message).MessageId, reply.MessageReference!.MessageId!.Value.Value);
        Assert.True(_h.MessageExists(Channel, ModerationSubject.From(message).MessageId));
    }

    [Fact]
    public async Task Severity_2_deletes_the_message()
    {
        var user = _h.NewMember(Guild, "sev2");
        var message = _h.Post(Channel, user, "idiot [[severity=2]]");

        await DeepStagesAsync(message);

        Assert.Equal(ModerationAction.Delete, (await CaseForAsync(message))!.Action);
        Assert.False(_h.MessageExists(Channel, ModerationSubject.From(message).MessageId));
        Assert.Null(_h.Discord.GetMember(Guild, user).CommunicationDisabledUntil);
    }

    [Fact]
    public async Task Severity_3_deletes_and_times_the_member_out_for_the_configured_duration()
    {
        var (guild, channel) = (Guild, Channel);
        var user = _h.NewMember(guild, "sev3");
        var message = _h.Post(channel, user, "idiot [[severity=3]]");

        await DeepStagesAsync(message);

        var @case = await CaseForAsync(message);
        Assert.Equal(ModerationAction.DeleteAndTimeout, @case!.Action);
        Assert.Equal("delete: done; timeout: done", @case.Outcome);
        Assert.False(_h.MessageExists(channel, ModerationSubject.From(message).MessageId));
        var until = _h.Discord.GetMember(guild, user).CommunicationDisabledUntil;
        Assert.NotNull(until);
        Assert.InRange(until!.Value - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(121));
    }

    [Fact]
    public async Task Severity_4_bans_and_queues_the_case_for_review_and_overturning_it_unbans()
    {
        var user = _h.NewMember(Guild, "sev4");
        var message = _h.Post(Channel, user, "idiot [[severity=4]]");

        await DeepStagesAsync(message);

        var @case = await CaseForAsync(message);
        Assert.Equal(ModerationAction.Ban, @case!.Action);
        Assert.True(_h.Discord.IsBanned(Guild, user));
        var reviews = _h.Get<ModerationReviews>();
        var pending = Assert.Single(await reviews.PendingAsync(Guild, 100, CancellationToken.None), p => p.CaseNumber == @case.CaseNumber);
        Assert.Equal("ban", pending.Kind);

        var result = await reviews.DecideAsync(Guild, @case.CaseNumber, ReviewVerdict.Overturn, _h.World.GraceId.Value, CancellationToken.None);

        Assert.Equal(ReviewError.None, result.Error);
        Assert.Equal("unban: done", result.Undo!.Outcome);
        Assert.Equal("overturned", result.Case!.Status);
        Assert.False(_h.Discord.IsBanned(Guild, user));
        Assert.DoesNotContain(await reviews.PendingAsync(Guild, 100, CancellationToken.None), p => p.CaseNumber == @case.CaseNumber);
        Assert.Equal(ReviewError.NothingPending, (await reviews.DecideAsync(Guild, @case.CaseNumber, ReviewVerdict.Approve, 1, CancellationToken.None)).Error);
    }

    [Fact]
    public async Task A_malformed_agent_answer_is_no_verdict_and_the_message_is_asked_about_again_later()
    {
        var user = _h.NewMember(Guild, "malformed");
        var message = _h.Post(Channel, user, "idiot [[reply:this is not json at all]]");

        var (outcome, error) = await DeepStagesAsync(message);

        // Not "clean" (severity 0): the worker retries with backoff, then sends it to review.
        Assert.Equal(PipelineOutcome.RetryLater, outcome);
        Assert.Contains("malformed", error, StringComparison.Ordinal);
        Assert.Null(await CaseForAsync(message));
        Assert.Empty(await AuditForAsync(message));
    }

    [Fact]
    public async Task A_permission_refusal_is_surfaced_in_the_case_and_the_audit_and_not_retried()
    {
        // The seeded Locked Guild: the bot holds no moderation permission there.
        var guild = _h.World.LockedGuildId.Value;
        var channel = _h.World.LockedChannelId.Value;
        var user = _h.NewMember(guild, "locked");
        var message = _h.Post(channel, user, "idiot [[severity=3]]");

        var (outcome, _) = await DeepStagesAsync(message);

        Assert.Equal(PipelineOutcome.ActedOnAgent, outcome);
        var @case = await CaseForAsync(message);
        Assert.True(@case!.ActionFailed);
        Assert.Equal("delete: forbidden (403, code 50013: Missing Permissions); timeout: forbidden (403, code 50013: Missing Permissions)", @case.Outcome);
        Assert.Contains("50013", Assert.Single(await AuditForAsync(message)).Outcome, StringComparison.Ordinal);
        Assert.True(_h.MessageExists(channel, ModerationSubject.From(message).MessageId));
        Assert.Null(_h.Discord.GetMember(guild, user).CommunicationDisabledUntil);

        // Redelivered, the case is found and Discord is not asked again.
        var (again, _) = await DeepStagesAsync(message);
        Assert.Equal(PipelineOutcome.AlreadyDecided, again);
        Assert.Single(await AuditForAsync(message));
    }

    [Fact]
    public async Task The_agent_sees_the_last_five_channel_messages_before_the_flagged_one()
    {
        var history = _h.Get<Cortex.Ai.History.ChannelHistory>();
        var tokenizer = new Cortex.Ai.Tokens.Tokenizers().ForModel("gpt-4o-mini");
        var channel = (ulong)Random.Shared.NextInt64(1L << 40, 1L << 50);
        for (var i = 1; i <= 7; i++)
        {
            await history.AppendAsync(channel, (ulong)(5000 + i), "user", $"member: line {i}", DateTimeOffset.UtcNow.AddSeconds(i - 10), tokenizer);
        }

        var judged = await _h.Get<Cortex.Ai.Moderation.Agent.ContextAgent>().JudgeAsync(channel, 5007, "idiot [[severity=2]]", "harassment", 0.45, CancellationToken.None);

        Assert.Equal(5, judged.ContextMessages); // lines 2..6: the flagged message itself (5007) is not context
        Assert.Equal(2, judged.Verdict.Severity);
        Assert.False(judged.Malformed);
    }
}
