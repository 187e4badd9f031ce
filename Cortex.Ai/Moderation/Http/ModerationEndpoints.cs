using System.Text.Json;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Ai.Moderation.Http;

/// <summary>The review queue, cases, audit log and configuration over HTTP, under <c>/api/moderation</c>.</summary>
public static class ModerationEndpoints
{
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var guild = app.MapGroup("/api/moderation/guilds/{guildId}").WithTags("Moderation");
        guild.MapGet("/review", ListPendingAsync);
        guild.MapPost("/review/{caseNumber:long}/approve", (ulong guildId, long caseNumber, ReviewDecisionRequest body, ModerationReviews review, CancellationToken ct) =>
            DecideAsync(guildId, caseNumber, ReviewVerdict.Approve, body, review, ct));
        guild.MapPost("/review/{caseNumber:long}/overturn", (ulong guildId, long caseNumber, ReviewDecisionRequest body, ModerationReviews review, CancellationToken ct) =>
            DecideAsync(guildId, caseNumber, ReviewVerdict.Overturn, body, review, ct));
        guild.MapGet("/cases/{caseNumber:long}", GetCaseAsync);
        guild.MapGet("/audit", GetAuditAsync);
        guild.MapGet("/config", GetConfigAsync);
        guild.MapPut("/config", PutConfigAsync);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ReviewItem>>> ListPendingAsync(ulong guildId, ModerationReviews review, CancellationToken cancellationToken, int limit = 50) =>
        TypedResults.Ok(await review.PendingAsync(guildId, limit, cancellationToken));

    public static async Task<Results<Ok<ModerationCase>, ProblemHttpResult>> DecideAsync(
        ulong guildId, long caseNumber, ReviewVerdict verdict, ReviewDecisionRequest body, ModerationReviews review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.ModeratorId == 0)
        {
            return TypedResults.Problem("moderator_id is required: the audit log records who decided.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await review.DecideAsync(guildId, caseNumber, verdict, body.ModeratorId, cancellationToken);
        return result.Error switch
        {
            ReviewError.UnknownCase => TypedResults.Problem($"Guild {guildId} has no case #{caseNumber}.", statusCode: StatusCodes.Status404NotFound),
            ReviewError.NothingPending => TypedResults.Problem($"Case #{caseNumber} has nothing pending review.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Ok(result.Case!),
        };
    }

    public static async Task<Results<Ok<ModerationCase>, ProblemHttpResult>> GetCaseAsync(ulong guildId, long caseNumber, CaseStore cases, CancellationToken cancellationToken) =>
        await cases.GetAsync(guildId, caseNumber, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem($"Guild {guildId} has no case #{caseNumber}.", statusCode: StatusCodes.Status404NotFound);

    public static async Task<Ok<IReadOnlyList<AuditEntry>>> GetAuditAsync(ulong guildId, AuditLog audit, CancellationToken cancellationToken, ulong? messageId = null, int limit = 100) =>
        TypedResults.Ok(await audit.RecentAsync(guildId, messageId, limit, cancellationToken));

    public static async Task<Ok<ModerationConfig>> GetConfigAsync(ulong guildId, ModerationConfigStore configs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await configs.GetAsync(guildId, cancellationToken));

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
