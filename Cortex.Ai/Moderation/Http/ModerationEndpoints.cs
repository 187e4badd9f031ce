using System.Text.Json;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;
using Cortex.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Ai.Moderation.Http;

/// <summary>
/// The review queue, cases, audit log and configuration over HTTP, under <c>/api/moderation</c>, in snake_case like Discord's own JSON.
/// Internal port only; everything needs <c>moderation.review</c>, changing the configuration also <c>moderation.configure</c>.
/// </summary>
public static class ModerationEndpoints
{
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var guild = app.MapGroup("/api/moderation/guilds/{guildId}").WithTags("Moderation").RequireAuthorization(CortexScopes.ModerationReview);
        guild.MapGet("/review", ListPendingAsync);
        guild.MapPost("/review/{caseNumber:long}/approve", (ulong guildId, long caseNumber, HttpRequest request, ModerationReviews review, CancellationToken ct) =>
            DecideAsync(guildId, caseNumber, ReviewVerdict.Approve, request, review, ct));
        guild.MapPost("/review/{caseNumber:long}/overturn", (ulong guildId, long caseNumber, HttpRequest request, ModerationReviews review, CancellationToken ct) =>
            DecideAsync(guildId, caseNumber, ReviewVerdict.Overturn, request, review, ct));
        guild.MapGet("/cases/{caseNumber:long}", GetCaseAsync);
        guild.MapGet("/audit", GetAuditAsync);
        guild.MapGet("/config", GetConfigAsync);
        guild.MapPut("/config", PutConfigAsync).RequireAuthorization(CortexScopes.ModerationConfigure);
        return app;
    }

    public static async Task<JsonHttpResult<IReadOnlyList<ReviewItem>>> ListPendingAsync(ulong guildId, ModerationReviews review, CancellationToken cancellationToken, int limit = 50) =>
        TypedResults.Json(await review.PendingAsync(guildId, limit, cancellationToken), ModerationJson.Default.IReadOnlyListReviewItem);

    public static async Task<Results<JsonHttpResult<ModerationCase>, ProblemHttpResult>> DecideAsync(
        ulong guildId, long caseNumber, ReviewVerdict verdict, HttpRequest request, ModerationReviews review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReviewDecisionRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, ModerationJson.Default.ReviewDecisionRequest, cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem("Expected {\"moderator_id\": \"...\"}: " + e.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        if (body is null || body.ModeratorId == 0)
        {
            return TypedResults.Problem("moderator_id is required: the audit log records who decided.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await review.DecideAsync(guildId, caseNumber, verdict, body.ModeratorId, cancellationToken);
        return result.Error switch
        {
            ReviewError.UnknownCase => TypedResults.Problem($"Guild {guildId} has no case #{caseNumber}.", statusCode: StatusCodes.Status404NotFound),
            ReviewError.NothingPending => TypedResults.Problem($"Case #{caseNumber} has nothing pending review.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Json(result.Case!, ModerationJson.Default.ModerationCase),
        };
    }

    public static async Task<Results<JsonHttpResult<ModerationCase>, ProblemHttpResult>> GetCaseAsync(ulong guildId, long caseNumber, CaseStore cases, CancellationToken cancellationToken) =>
        await cases.GetAsync(guildId, caseNumber, cancellationToken) is { } found
            ? TypedResults.Json(found, ModerationJson.Default.ModerationCase)
            : TypedResults.Problem($"Guild {guildId} has no case #{caseNumber}.", statusCode: StatusCodes.Status404NotFound);

    public static async Task<JsonHttpResult<IReadOnlyList<AuditEntry>>> GetAuditAsync(ulong guildId, AuditLog audit, CancellationToken cancellationToken, ulong? messageId = null, int limit = 100) =>
        TypedResults.Json(await audit.RecentAsync(guildId, messageId, limit, cancellationToken), ModerationJson.Default.IReadOnlyListAuditEntry);

    public static async Task<JsonHttpResult<ModerationConfig>> GetConfigAsync(ulong guildId, ModerationConfigStore configs, CancellationToken cancellationToken) =>
        TypedResults.Json(await configs.GetAsync(guildId, cancellationToken), ModerationJson.Default.ModerationConfig);

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> PutConfigAsync(
        ulong guildId, HttpRequest request, ModerationConfigStore configs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ModerationConfig? config;
        try
        {
            config = await JsonSerializer.DeserializeAsync(request.Body, ModerationJson.Default.ModerationConfig, cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem("The body is not a moderation configuration: " + e.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        if (config is null || guildId == ModerationConfigStore.DefaultsGuildId)
        {
            return TypedResults.Problem("Send a configuration object for a real guild id.", statusCode: StatusCodes.Status400BadRequest);
        }

        var errors = ModerationConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await configs.SaveAsync(guildId, config, cancellationToken);
        return TypedResults.NoContent();
    }
}
