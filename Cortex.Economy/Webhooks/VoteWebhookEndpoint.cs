using System.Globalization;
using Cortex.Economy.Api;
using Cortex.ServiceDefaults.Hardening;
using Cortex.ServiceDefaults.Input;
using Cortex.ServiceDefaults.Surfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Webhooks;

/// <summary>
/// <c>POST /webhook/votes</c>: a bot list tells us a member voted, and the member gets coins. The
/// list authenticates with the shared secret in <c>Authorization</c>; the delivery id makes a
/// redelivery harmless. Everything is checked before anything is written, and every refusal is a
/// ProblemDetails. The secret is never logged, and neither is the header that carries it.
/// </summary>
public static partial class VoteWebhookEndpoint
{
    public const string Path = "/webhook/votes";

    /// <summary>A vote is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    public static RouteHandlerBuilder MapVoteWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync)
            .WithRequestBodyLimit(MaxBodyBytes)
            .ServePublicly()
            .WithTags("Webhooks")
            .WithName("VoteWebhook")
            .WithSummary("A bot-list vote: credits the voter once per delivery id (shared secret in Authorization).");

    private static async Task<Results<Ok<VoteReceipt>, NoContent, ProblemHttpResult>> HandleAsync(
        HttpRequest request, VoteRewardService votes, IOptions<WebhookOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(VoteWebhookEndpoint));
        if (string.IsNullOrEmpty(options.Value.VoteSecret))
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Webhook not configured", "This deployment has no vote webhook secret.", "webhook-not-configured");
        }

        if (!SharedSecret.Matches(request.Headers.Authorization.ToString(), options.Value.VoteSecret))
        {
            LogRefused(logger, request.HttpContext.Connection.RemoteIpAddress?.ToString());
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The Authorization header does not carry the webhook secret.", "webhook-unauthorized");
        }

        var (vote, malformed) = await JsonBody.ReadAsync(request, WebhookJsonContext.Default.VoteNotification, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }

        if (vote is null || string.IsNullOrWhiteSpace(vote.Id) || vote.Id.Length > 100 || vote.Id.Any(char.IsControl))
        {
            return Invalid("A vote needs an \"id\" (the delivery id, 1 to 100 printable characters).");
        }

        if (!TryParseSnowflake(vote.Guild, out var guildId) || !TryParseSnowflake(vote.User, out var userId))
        {
            return Invalid("\"guild\" and \"user\" must be Discord snowflakes.");
        }

        if (vote.Type == "test")
        {
            return TypedResults.NoContent();
        }

        if (vote.Type != "upvote")
        {
            return Invalid("\"type\" must be \"upvote\" or \"test\".");
        }

        var result = await votes.CreditAsync(guildId, userId, vote.Id, cancellationToken);
        if (!result.Succeeded)
        {
            return Problems.From(result.Error);
        }

        LogCredited(logger, userId, guildId, result.Value.Replayed);
        return TypedResults.Ok(result.Value);
    }

    private static bool TryParseSnowflake(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    private static ProblemHttpResult Invalid(string detail) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid vote", detail, "invalid-vote");

    private static ProblemHttpResult Problem(int status, string title, string detail, string type) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: Problems.TypeBase + type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a vote webhook delivery from {Peer}: wrong or missing secret")]
    private static partial void LogRefused(ILogger logger, string? peer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vote credited to {UserId} in {GuildId} (replayed: {Replayed})")]
    private static partial void LogCredited(ILogger logger, long userId, long guildId, bool replayed);
}
