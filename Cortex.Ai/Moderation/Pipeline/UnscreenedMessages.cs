using System.Globalization;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;

namespace Cortex.Ai.Moderation.Pipeline;

/// <summary>
/// Where a message goes when stages 2–3 could not judge it after every attempt: a case with no action
/// (so it is numbered and visible on the member) and an <c>unscreened</c> item in the review queue, so
/// a moderator looks at it. Never silently nowhere.
/// </summary>
public sealed class UnscreenedMessages(CaseStore cases, ModerationReviews reviews)
{
    public const string ReviewKind = "unscreened";

    public async Task<long> SendToReviewAsync(DeepStageJob job, int attempts, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var reason = string.Create(CultureInfo.InvariantCulture, $"stages 2-3 could not judge it after {attempts} attempts ({error ?? "no error"})");
        reason = reason.Length <= 500 ? reason : reason[..500];
        var opened = await cases.OpenAsync(new ModerationCase
        {
            GuildId = job.GuildId,
            UserId = job.UserId,
            ChannelId = job.ChannelId,
            MessageId = job.MessageId,
            Source = "queue",
            Category = ReviewKind,
            Severity = 0,
            Action = ModerationAction.None,
            Reason = reason,
        }, cancellationToken);
        await reviews.EnqueueAsync(job.GuildId, opened.Case.CaseNumber, ReviewKind, reason, cancellationToken);
        return opened.Case.CaseNumber;
    }
}
