using Cortex.Ai.Budgets;
using Cortex.Ai.Llm;
using Cortex.Ai.Tokens;
using Microsoft.Extensions.Options;

namespace Cortex.Ai.Memory;

/// <summary>
/// Turns one message into remembered facts: refuse messages that read like injection outright,
/// ask the model in JSON mode with the message as data, then keep only facts that pass the schema,
/// the injection guard and moderation. Extraction spends the guild's quota like any call.
/// </summary>
public sealed class MemoryExtractor(
    IChatModel model,
    IModerationModel moderation,
    MemoryStore store,
    GuildTokenQuota quota,
    Tokenizers tokenizers,
    IOptions<MemoryOptions> options,
    AiMetrics metrics)
{
    public async Task<ExtractionResult> ExtractAsync(ExtractionJob job, CancellationToken cancellationToken)
    {
        if (InjectionGuard.Inspect(job.Message) is { } suspicious)
        {
            metrics.MemoryFact("skipped_message");
            return ExtractionResult.Skipped("message reads like " + suspicious);
        }

        var o = options.Value;
        var messages = ExtractionPrompt.Messages(job.SpeakerName, job.Message);
        var tokenizer = tokenizers.ForModel(job.Model);
        var prompt = ChatTokens.ReplyPrimer + messages.Sum(m => ChatTokens.Message(tokenizer, m.Role, m.Content));
        var reservation = await quota.ReserveAsync(job.GuildId, prompt + o.ExtractionMaxTokens, job.DailyTokens);
        if (!reservation.Granted)
        {
            metrics.MemoryFact("skipped_quota");
            return ExtractionResult.Skipped("quota");
        }

        ModelReply reply;
        try
        {
            reply = await model.CompleteAsync(new ModelRequest(job.Model, messages, o.ExtractionMaxTokens, JsonMode: true), cancellationToken);
        }
        catch
        {
            await quota.ReleaseAsync(reservation);
            throw;
        }

        // As for chat: an endpoint that reports no usage is billed our own count rather than nothing.
        var used = reply.TotalTokens > 0 ? reply.TotalTokens : prompt + tokenizer.CountTokens(reply.Content);
        await quota.ReconcileAsync(reservation, used);
        metrics.TokensUsed(job.GuildId, "memory", used);

        var stored = new List<string>();
        var refused = new List<RefusedFact>();
        foreach (var candidate in ExtractionPrompt.ParseFacts(reply.Content).Take(o.MaxFactsPerMessage))
        {
            var verdict = FactValidator.Validate(candidate);
            if (!verdict.IsAccepted)
            {
                refused.Add(new RefusedFact(candidate ?? "", verdict.Reason!));
                metrics.MemoryFact("refused");
                continue;
            }

            if (await IsFlaggedAsync(verdict.Fact!, cancellationToken))
            {
                refused.Add(new RefusedFact(verdict.Fact!, "moderation"));
                metrics.MemoryFact("refused");
                continue;
            }

            await store.RememberAsync(job.UserId, verdict.Fact!, verdict.Key!, cancellationToken);
            stored.Add(verdict.Fact!);
            metrics.MemoryFact("stored");
        }

        return new ExtractionResult(stored, refused, null);
    }

    // Unknown is not clean: a fact moderation could not see is not remembered.
    private async Task<bool> IsFlaggedAsync(string fact, CancellationToken cancellationToken)
    {
        try
        {
            return await moderation.IsFlaggedAsync(fact, cancellationToken);
        }
        catch (ModelUnavailableException)
        {
            return true;
        }
    }
}

/// <param name="DailyTokens">The guild's quota, which extraction spends too.</param>
public sealed record ExtractionJob(ulong GuildId, long DailyTokens, ulong UserId, string SpeakerName, string Message, string Model);

public sealed record RefusedFact(string Fact, string Reason);

public sealed record ExtractionResult(IReadOnlyList<string> Stored, IReadOnlyList<RefusedFact> Refused, string? SkippedReason)
{
    public static ExtractionResult Skipped(string reason) => new([], [], reason);
}
