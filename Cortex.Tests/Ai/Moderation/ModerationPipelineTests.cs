using System.Globalization;
using System.Text.Json;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Commands;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;
using Cortex.Ai.Moderation.Rules;
using Cortex.Ai.Moderation.Scoring;
using Cortex.Discord.Models;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Ai.Moderation;

/// <summary>
/// The pipeline as it runs: stage 1 inline on the stream, stages 2–3 from the durable backlog,
/// redeliveries, escalation, appeals and the review command, the seed configuration and the
/// append-only audit log, all on real Redis and PostgreSQL and the emulator.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class ModerationPipelineTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private ModerationHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ModerationHarness.StartAsync(fixture, "modpipeline");
        await _h.SaveConfigAsync(Guild, ModerationConfig.Default with
        {
            Rules = new RuleSet { BlockedTerms = ["badword"] },
            WarnEscalation = [new WarnEscalation(2, ModerationAction.Timeout)],
            TimeoutSeconds = 60,
        });
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ulong Guild => _h.World.GuildId.Value;

    private ulong Channel => _h.World.GeneralChannelId.Value;

    private static ulong Id(Cortex.Discord.Models.Snowflake snowflake) => snowflake.Value;

    [Fact]
    public async Task Seed_defaults_come_from_PostgreSQL_for_a_guild_without_its_own_row()
    {
        var config = await _h.Get<ModerationConfigStore>().GetAsync(424242, CancellationToken.None);

        Assert.Equal(ModerationCategories.SeedThresholds.OrderBy(p => p.Key), config.Thresholds.OrderBy(p => p.Key));
        Assert.Equal(0.30, config.CleanBelow);
        Assert.Equal(600, config.TimeoutSeconds);
        Assert.Equal(ModerationAction.Ban, config.ActionFor(4));
        Assert.Equal(ModerationConfig.Default.CategorySeverity.OrderBy(p => p.Key), config.CategorySeverity.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Stage_1_acts_inline_and_a_redelivered_message_is_not_punished_twice()
    {
        var user = _h.NewMember(Guild, "rules");
        var message = _h.Post(Channel, user, "you are a b a d w o r d");
        var pipeline = _h.Get<ModerationPipeline>();

        var first = await pipeline.ScreenAsync(message, CancellationToken.None);
        var second = await pipeline.ScreenAsync(message, CancellationToken.None);

        Assert.Equal(PipelineOutcome.ActedOnRules, first);
        Assert.Equal(PipelineOutcome.AlreadyDecided, second);
        var @case = Assert.Single(await _h.Get<CaseStore>().ForMemberAsync(Guild, user, CancellationToken.None));
        Assert.Equal(("rules", "blocked-term", ModerationAction.Delete, "delete: done"), (@case.Source, @case.Category, @case.Action, @case.Outcome));
        Assert.Single(await _h.Get<AuditLog>().RecentAsync(Guild, Id(message.Id), 10, CancellationToken.None));
        Assert.False(_h.MessageExists(Channel, Id(message.Id)));
    }

    [Fact]
    public async Task From_the_stream_stage_1_is_inline_stages_2_and_3_run_in_the_background_and_redelivery_changes_nothing()
    {
        using var consumer = Cortex.Events.Consuming.EventReader.Create(_h.Services, ModerationMessageHandler.Group, Cortex.Events.Contract.EventStream.Messages);
        var worker = _h.Get<DeepStageWorker>();
        await consumer.StartAsync(CancellationToken.None);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var user = _h.NewMember(Guild, "stream");
            var ruleBreaker = _h.Post(Channel, user, "badword");
            var agentCase = _h.Post(Channel, user, "idiot [[severity=2]]");
            var clean = _h.Post(Channel, user, "good morning everyone");
            foreach (var message in new[] { ruleBreaker, agentCase, clean, ruleBreaker, agentCase })
            {
                await _h.PublishAsync(message);
            }

            var cases = await EventuallyAsync(async () => await _h.Get<CaseStore>().ForMemberAsync(Guild, user, CancellationToken.None), c => c.Count >= 2);
            await Task.Delay(1000); // the redeliveries have had their chance
            cases = await _h.Get<CaseStore>().ForMemberAsync(Guild, user, CancellationToken.None);

            Assert.Equal(2, cases.Count);
            Assert.Contains(cases, c => c.Source == "rules" && c.MessageId == Id(ruleBreaker.Id));
            Assert.Contains(cases, c => c.Source == "agent" && c.MessageId == Id(agentCase.Id));
            Assert.True(_h.MessageExists(Channel, Id(clean.Id)));
            Assert.False(_h.MessageExists(Channel, Id(agentCase.Id)));
            Assert.Equal(0, await _h.Get<DeepStageBacklog>().CountAsync());
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
            await consumer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task When_the_moderation_endpoint_fails_stage_1_still_acts_and_the_message_is_retried_with_backoff_then_given_up()
    {
        // Nothing listens on port 9: every call to the moderation endpoint fails to connect.
        await using var dead = await ModerationHarness.StartAsync(fixture, "moddead", new Uri("http://127.0.0.1:9/v1"));
        var guild = dead.World.GuildId.Value;
        var channel = dead.World.GeneralChannelId.Value;
        await dead.SaveConfigAsync(guild, ModerationConfig.Default with { Rules = new RuleSet { BlockedTerms = ["badword"] } });
        var user = dead.NewMember(guild, "dead");
        var pipeline = dead.Get<ModerationPipeline>();
        var backlog = dead.Get<DeepStageBacklog>();
        var worker = dead.Get<DeepStageWorker>();

        var ruled = await pipeline.ScreenAsync(dead.Post(channel, user, "badword here"), CancellationToken.None);
        var message = dead.Post(channel, user, "i will kill you");
        var queued = await pipeline.ScreenAsync(message, CancellationToken.None);

        Assert.Equal(PipelineOutcome.ActedOnRules, ruled);
        Assert.Equal(PipelineOutcome.QueuedForDeepStages, queued);
        Assert.Equal(PipelineOutcome.AlreadyQueued, await pipeline.ScreenAsync(message, CancellationToken.None));

        var attempts = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var job = await EventuallyAsync(async () => await backlog.ClaimAsync(1, TimeSpan.FromMinutes(1)), jobs => jobs.Count == 1, TimeSpan.FromSeconds(10));
            attempts.Add(job[0].Attempt);
            var claimedAt = DateTimeOffset.UtcNow;
            await worker.ProcessAsync(job[0], CancellationToken.None);
            if (i < 2)
            {
                var retried = await backlog.FindAsync(Id(message.Id));
                Assert.Equal(i + 1, retried!.Attempt);
                Assert.Contains("moderation endpoint", retried.LastError, StringComparison.Ordinal);
                Assert.Empty(await backlog.ClaimAsync(1, TimeSpan.FromMinutes(1))); // not due yet: backoff
            }
        }

        Assert.Equal([0, 1, 2], attempts);
        Assert.Null(await backlog.FindAsync(Id(message.Id)));
        var gaveUp = Assert.Single(await dead.Get<AuditLog>().RecentAsync(guild, Id(message.Id), 10, CancellationToken.None));
        Assert.Equal(("queue", "gave up"), (gaveUp.Stage, gaveUp.Outcome));
        Assert.True(dead.MessageExists(channel, Id(message.Id)));
        // Given up is not nowhere: the message waits for a moderator in the review queue.
        var unscreened = await dead.Get<CaseStore>().ForMessageAsync(guild, Id(message.Id), CancellationToken.None);
        Assert.Equal((ModerationAction.None, "unscreened"), (unscreened!.Action, unscreened.Category));
        Assert.Contains(await dead.Get<ModerationReviews>().PendingAsync(guild, 10, CancellationToken.None),
            item => item.CaseNumber == unscreened.CaseNumber && item.Kind == "unscreened");
    }

    [Fact]
    public void Backoff_grows_exponentially_up_to_its_cap()
    {
        var options = new Cortex.Ai.Moderation.ModerationOptions { RetryBaseDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromSeconds(60) };

        Assert.InRange(DeepStageWorker.Backoff(1, options), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6));
        Assert.InRange(DeepStageWorker.Backoff(2, options), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));
        Assert.InRange(DeepStageWorker.Backoff(30, options), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(72));
    }

    [Fact]
    public async Task Warnings_add_up_and_escalate_to_a_timeout_at_the_configured_count()
    {
        var user = _h.NewMember(Guild, "escalate");
        var pipeline = _h.Get<ModerationPipeline>();

        var first = _h.Post(Channel, user, "idiot [[severity=1]]");
        await pipeline.RunDeepStagesAsync(DeepStageJob.For(ModerationSubject.From(first)), CancellationToken.None);
        Assert.Null(_h.Discord.GetMember(Guild, user).CommunicationDisabledUntil);
        var second = _h.Post(Channel, user, "idiot again [[severity=1]]");
        await pipeline.RunDeepStagesAsync(DeepStageJob.For(ModerationSubject.From(second)), CancellationToken.None);

        var cases = await _h.Get<CaseStore>().ForMemberAsync(Guild, user, CancellationToken.None);
        Assert.Equal([ModerationAction.Warn, ModerationAction.Warn, ModerationAction.Timeout], cases.Select(c => c.Action));
        var escalation = cases[2];
        Assert.Equal(("escalation", "2 warnings", "timeout: done"), (escalation.Source, escalation.Reason, escalation.Outcome));
        Assert.NotNull(_h.Discord.GetMember(Guild, user).CommunicationDisabledUntil);
        Assert.True(cases[1].CaseNumber > cases[0].CaseNumber && escalation.CaseNumber > cases[1].CaseNumber);

        // Lift the timeout so the member can post again: an appeal of the escalation, overturned.
        var appeal = await _h.Get<ModerationCommands>().AnswerAsync(Command(user, "0", "appeal", Option("case", escalation.CaseNumber)), CancellationToken.None);
        Assert.Equal($"Your appeal of case #{escalation.CaseNumber} is with the moderators.", appeal);
        var overturn = await _h.Get<ModerationCommands>().AnswerAsync(
            Command(_h.World.GraceId.Value, Moderator, "review", SubCommand("overturn", Option("case", escalation.CaseNumber))), CancellationToken.None);
        Assert.Equal($"Case #{escalation.CaseNumber} overturned. Discord: remove timeout: done", overturn);
        Assert.Null(_h.Discord.GetMember(Guild, user).CommunicationDisabledUntil);
    }

    private const string Moderator = "8192"; // MANAGE_MESSAGES

    [Fact]
    public async Task Review_is_for_moderators_and_an_appeal_only_for_the_cases_member()
    {
        var user = _h.NewMember(Guild, "appealer");
        var other = _h.NewMember(Guild, "bystander");
        var message = _h.Post(Channel, user, "idiot [[severity=2]]");
        await _h.Get<ModerationPipeline>().RunDeepStagesAsync(DeepStageJob.For(ModerationSubject.From(message)), CancellationToken.None);
        var @case = (await _h.Get<CaseStore>().ForMessageAsync(Guild, Id(message.Id), CancellationToken.None))!;
        var commands = _h.Get<ModerationCommands>();

        Assert.Equal("/review is for moderators (Manage Messages or Moderate Members).",
            await commands.AnswerAsync(Command(other, "2048", "review", SubCommand("list")), CancellationToken.None));
        Assert.Equal($"You have no case #{@case.CaseNumber} here.",
            await commands.AnswerAsync(Command(other, "0", "appeal", Option("case", @case.CaseNumber)), CancellationToken.None));
        Assert.Equal($"Your appeal of case #{@case.CaseNumber} is with the moderators.",
            await commands.AnswerAsync(Command(user, "0", "appeal", Option("case", @case.CaseNumber), Option("reason", "it was a quote")), CancellationToken.None));
        Assert.Equal($"Case #{@case.CaseNumber} is already waiting for a moderator.",
            await commands.AnswerAsync(Command(user, "0", "appeal", Option("case", @case.CaseNumber)), CancellationToken.None));

        var list = await commands.AnswerAsync(Command(_h.World.GraceId.Value, (1UL << 40).ToString(CultureInfo.InvariantCulture), "review", SubCommand("list")), CancellationToken.None);
        Assert.Contains($"case #{@case.CaseNumber} (appeal): delete <@{user}>", list, StringComparison.Ordinal);

        Assert.Equal($"Case #{@case.CaseNumber} upheld.",
            await commands.AnswerAsync(Command(_h.World.GraceId.Value, Moderator, "review", SubCommand("approve", Option("case", @case.CaseNumber))), CancellationToken.None));
        Assert.Equal("upheld", (await _h.Get<CaseStore>().GetAsync(Guild, @case.CaseNumber, CancellationToken.None))!.Status);
        Assert.Equal("There is no case #999999.",
            await commands.AnswerAsync(Command(_h.World.GraceId.Value, Moderator, "review", SubCommand("approve", Option("case", 999999))), CancellationToken.None));
        Assert.Null(await commands.AnswerAsync(Command(user, "0", "ask", Option("question", "hi")), CancellationToken.None));
    }

    [Fact]
    public async Task The_audit_log_refuses_updates_and_deletes()
    {
        await _h.Get<AuditLog>().AppendAsync(new AuditEntry { GuildId = Guild, Stage = "rules", Action = "none", Detail = "probe" }, CancellationToken.None);

        foreach (var sql in new[] { "UPDATE moderation.audit_log SET detail = 'changed'", "DELETE FROM moderation.audit_log", "TRUNCATE moderation.audit_log" })
        {
            await using var command = _h.Database.CreateCommand(sql);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        Assert.Contains(await _h.Get<AuditLog>().RecentAsync(Guild, null, 500, CancellationToken.None), e => e.Detail == "probe");
    }

    private Interaction Command(ulong userId, string permissions, string name, params InteractionDataOption[] options) => new()
    {
        Id = new Snowflake((ulong)Random.Shared.NextInt64(1L << 40, 1L << 50)),
        ApplicationId = _h.Discord.ApplicationId,
        Type = InteractionType.ApplicationCommand,
        Token = "token",
        GuildId = Guild,
        ChannelId = Channel,
        Member = new GuildMember { User = new User { Id = userId, Username = "someone" }, Permissions = permissions },
        Data = new InteractionData { Name = name, Options = options },
    };

    private static InteractionDataOption SubCommand(string name, params InteractionDataOption[] options) =>
        new() { Name = name, Type = ApplicationCommandOptionType.SubCommand, Options = options };

    private static InteractionDataOption Option(string name, long value) =>
        new() { Name = name, Type = ApplicationCommandOptionType.Integer, Value = JsonSerializer.SerializeToElement(value) };

    private static InteractionDataOption Option(string name, string value) =>
        new() { Name = name, Type = ApplicationCommandOptionType.String, Value = JsonSerializer.SerializeToElement(value) };

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}
