using Cortex.Ai.Budgets;
using Cortex.Ai.Context;
using Cortex.Ai.Guilds;
using Cortex.Ai.History;
using Cortex.Ai.Llm;
using Cortex.Ai.Memory;
using Cortex.Ai.Replies;
using Cortex.Ai.Tokens;
using Cortex.Discord.Models;
using Microsoft.Extensions.Options;

namespace Cortex.Ai.Chat;

/// <summary>
/// One AI request, in two steps so an interaction can be refused before it is deferred:
/// <see cref="PrepareAsync"/> checks the user's rate limit, assembles the context and reserves the
/// worst case from the guild's quota; <see cref="CompleteAsync"/> calls the model, reconciles the
/// quota to the real usage (or releases it on failure) and queues memory extraction.
/// </summary>
public sealed class ChatEngine(
    UserRateLimiter rateLimiter,
    GuildTokenQuota quota,
    GuildSettingsStore guildSettings,
    ChannelHistory history,
    MemoryStore memories,
    ContextAssembler assembler,
    Tokenizers tokenizers,
    IChatModel model,
    IDiscordDirectory directory,
    MemoryExtractionJobs extraction,
    IOptions<ContextOptions> contextOptions,
    AiMetrics metrics)
{
    /// <summary>History read per request: more than any 4,000-token context can hold.</summary>
    private const int HistoryWindow = 200;

    public async Task<PreparedChat> PrepareAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var settings = await guildSettings.GetAsync(request.GuildId, cancellationToken);
        var limit = await rateLimiter.TryAcquireAsync(request.UserId, settings.UserCalls);
        if (!limit.Allowed)
        {
            Reject(request, "rate_limit");
            return PreparedChat.Refused(ChatNotices.RateLimited(settings.UserCalls, limit.RetryAfter));
        }

        var tokenizer = tokenizers.ForModel(settings.Model);
        var guildName = await directory.GuildNameAsync(request.GuildId, cancellationToken);
        var facts = await memories.TopAsync(request.UserId, contextOptions.Value.MaxMemoryFacts, cancellationToken);
        var recent = await history.NewestFirstAsync(request.ChannelId, HistoryWindow);
        var context = assembler.Assemble(
            new ContextRequest(guildName, request.SpeakerName, facts, recent, request.MessageId, request.Question),
            tokenizer);

        var reservation = await quota.ReserveAsync(request.GuildId, context.PromptTokens + settings.MaxReplyTokens, settings.DailyTokens);
        if (!reservation.Granted)
        {
            Reject(request, "quota");
            return PreparedChat.Refused(ChatNotices.QuotaExhausted(settings.DailyTokens, reservation.ResetsIn));
        }

        return new PreparedChat(request, settings, context, reservation, null);
    }

    public async Task<ChatAnswer> CompleteAsync(PreparedChat prepared, CancellationToken cancellationToken)
    {
        if (prepared.RefusalNotice is not null)
        {
            throw new InvalidOperationException("A refused request has nothing to complete.");
        }

        var (request, settings, context, reservation) = (prepared.Request, prepared.Settings!, prepared.Context!, prepared.Reservation!);
        ModelReply reply;
        try
        {
            reply = await model.CompleteAsync(new ModelRequest(settings.Model, context.Messages, settings.MaxReplyTokens), cancellationToken);
        }
        catch (ModelUnavailableException e)
        {
            await quota.ReleaseAsync(reservation);
            metrics.Request(request.Trigger, "model_unavailable");
            return new ChatAnswer(ChatNotices.ModelUnavailable(e.RetryAfter), Answered: false);
        }
        catch
        {
            await quota.ReleaseAsync(reservation);
            metrics.Request(request.Trigger, "error");
            throw;
        }

        // An endpoint that reports no usage is billed our own count rather than nothing.
        var used = reply.TotalTokens > 0
            ? reply.TotalTokens
            : context.PromptTokens + tokenizers.ForModel(settings.Model).CountTokens(reply.Content);
        await quota.ReconcileAsync(reservation, used);
        metrics.TokensUsed(request.GuildId, "chat", used);
        metrics.Request(request.Trigger, "answered");

        await extraction.EnqueueAsync(new ExtractionJob(request.GuildId, settings.DailyTokens, request.UserId, request.SpeakerName, request.Question, settings.Model));
        var text = string.IsNullOrWhiteSpace(reply.Content) ? ChatNotices.EmptyAnswer : reply.Content;
        return new ChatAnswer(text, Answered: true);
    }

    private void Reject(ChatRequest request, string reason)
    {
        metrics.Rejected(reason);
        metrics.Request(request.Trigger, reason);
    }
}

/// <param name="Trigger"><c>mention</c>, <c>channel</c> or <c>ask</c>.</param>
/// <param name="MessageId">The triggering message (or interaction) id, so history does not repeat it.</param>
public sealed record ChatRequest(string Trigger, Snowflake GuildId, Snowflake ChannelId, Snowflake UserId, string SpeakerName, Snowflake MessageId, string Question);

public sealed record PreparedChat(ChatRequest Request, GuildAiSettings? Settings, AssembledContext? Context, QuotaReservation? Reservation, string? RefusalNotice)
{
    public static PreparedChat Refused(string notice) => new(null!, null, null, null, notice);
}

public sealed record ChatAnswer(string Text, bool Answered);
