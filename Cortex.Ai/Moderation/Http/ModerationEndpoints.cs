using System.ComponentModel.DataAnnotations;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;
using Cortex.ServiceDefaults.Authentication;
using Cortex.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Ai.Moderation.Http;

/// <summary>
/// The review queue, cases, audit log and configuration over HTTP, under <c>/api/moderation</c>, in
/// snake_case like Discord's own JSON. Internal port only; everything needs <c>moderation.review</c>,
/// changing the configuration also <c>moderation.configure</c>. Route and query integers follow the
/// shared input contract (canonical decimal, guild ids 1 to 2^63-1, the <see cref="RangeAttribute"/>s below).
/// </summary>
public static class ModerationEndpoints
{
    public const int MaxReviewPage = 100;
    public const int MaxAuditPage = 500;

    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var guild = app.MapGroup("/api/moderation/guilds/{guildId}").WithTags("Moderation").RequireAuthorization(CortexScopes.ModerationReview);
        guild.MapGet("/review", ListPendingAsync);
        guild.MapPost("/review/{caseNumber:long}/approve", ApproveAsync).Accepts<ReviewDecisionRequest>("application/json");
        guild.MapPost("/review/{caseNumber:long}/overturn", OverturnAsync).Accepts<ReviewDecisionRequest>("application/json");
        guild.MapGet("/cases/{caseNumber:long}", GetCaseAsync);
        guild.MapGet("/audit", GetAuditAsync);
        guild.MapGet("/config", GetConfigAsync);
        guild.MapPut("/config", PutConfigAsync).Accepts<ModerationConfig>("application/json").RequireAuthorization(CortexScopes.ModerationConfigure);
        return app;
    }

    public static async Task<JsonHttpResult<IReadOnlyList<ReviewItem>>> ListPendingAsync(
        ulong guildId, ModerationReviews review, CancellationToken cancellationToken, [Range(1, MaxReviewPage)] int limit = 50) =>
        TypedResults.Json(await review.PendingAsync(guildId, limit, cancellationToken), ModerationJson.Default.IReadOnlyListReviewItem);

    public static Task<Results<JsonHttpResult<ModerationCase>, ProblemHttpResult>> ApproveAsync(
        ulong guildId, [Range(1, long.MaxValue)] long caseNumber, HttpRequest request, ModerationReviews review, CancellationToken cancellationToken) =>
        DecideAsync(guildId, caseNumber, ReviewVerdict.Approve, request, review, cancellationToken);

    public static Task<Results<JsonHttpResult<ModerationCase>, ProblemHttpResult>> OverturnAsync(
        ulong guildId, [Range(1, long.MaxValue)] long caseNumber, HttpRequest request, ModerationReviews review, CancellationToken cancellationToken) =>
        DecideAsync(guildId, caseNumber, ReviewVerdict.Overturn, request, review, cancellationToken);

    public static async Task<Results<JsonHttpResult<ModerationCase>, ProblemHttpResult>> DecideAsync(
        ulong guildId, long caseNumber, ReviewVerdict verdict, HttpRequest request, ModerationReviews review, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ModerationApiJson.Default.ReviewDecisionRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!Snowflakes.IsValid(body!.ModeratorId))
        {
            return JsonBody.Refuse(StatusCodes.Status400BadRequest, "Invalid decision", "moderator_id", Snowflakes.Rule + " (the audit log records who decided)");
        }

        if (body.Note is { Length: > 1000 })
        {
            return JsonBody.Refuse(StatusCodes.Status400BadRequest, "Invalid decision", "note", "must be at most 1000 characters");
        }

        var result = await review.DecideAsync(guildId, caseNumber, verdict, body.ModeratorId, cancellationToken);
        return result.Error switch
        {
            ReviewError.UnknownCase => TypedResults.Problem($"Guild {guildId} has no case #{caseNumber}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown case"),
            ReviewError.NothingPending => TypedResults.Problem($"Case #{caseNumber} has nothing pending review.", statusCode: StatusCodes.Status409Conflict, title: "Nothing pending"),
            _ => TypedResults.Json(result.Case!, ModerationJson.Default.ModerationCase),
        };
    }

    public static async Task<Results<JsonHttpResult<ModerationCase>, ProblemHttpResult>> GetCaseAsync(
        ulong guildId, [Range(1, long.MaxValue)] long caseNumber, CaseStore cases, CancellationToken cancellationToken) =>
        await cases.GetAsync(guildId, caseNumber, cancellationToken) is { } found
            ? TypedResults.Json(found, ModerationJson.Default.ModerationCase)
            : TypedResults.Problem($"Guild {guildId} has no case #{caseNumber}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown case");

    public static async Task<JsonHttpResult<IReadOnlyList<AuditEntry>>> GetAuditAsync(
        ulong guildId, AuditLog audit, CancellationToken cancellationToken, ulong? messageId = null, [Range(1, MaxAuditPage)] int limit = 100) =>
        TypedResults.Json(await audit.RecentAsync(guildId, messageId, limit, cancellationToken), ModerationJson.Default.IReadOnlyListAuditEntry);

    public static async Task<JsonHttpResult<ModerationConfig>> GetConfigAsync(ulong guildId, ModerationConfigStore configs, CancellationToken cancellationToken) =>
        TypedResults.Json(await configs.GetAsync(guildId, cancellationToken), ModerationJson.Default.ModerationConfig);

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> PutConfigAsync(
        ulong guildId, HttpRequest request, ModerationConfigStore configs, CancellationToken cancellationToken)
    {
        if (guildId == ModerationConfigStore.DefaultsGuildId)
        {
            return JsonBody.Refuse(StatusCodes.Status400BadRequest, "Invalid guild", "guildId", "guild 0 holds the seed defaults; send a real guild id");
        }

        var (config, problem) = await JsonBody.ReadAsync(request, ModerationConfigBody.TypeInfo, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = ModerationConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid moderation configuration");
        }

        await configs.SaveAsync(guildId, config!, cancellationToken);
        return TypedResults.NoContent();
    }
}
