using System.Text.Json;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Gateway.Interactions;

/// <summary>
/// <c>POST /interactions</c>, Discord's "Interactions Endpoint URL": verify the signature (401 on any
/// failure), answer PING with PONG, and route everything else like a gateway INTERACTION_CREATE
/// through the interactions stream. Consumers answer through the callback route, so the delivery
/// itself gets 202 with no body, as Discord documents for that case.
/// </summary>
public static partial class InteractionsEndpoint
{
    public const string Path = "/interactions";

    /// <summary>Interactions are a few KB; anything much larger is not from Discord.</summary>
    private const int MaxBodyBytes = 256 * 1024;

    internal static async Task<Results<JsonHttpResult<InteractionResponse>, Accepted, UnauthorizedHttpResult, ProblemHttpResult>> HandleAsync(
        HttpContext http, InteractionVerifier verifier, InteractionIntake intake, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(InteractionsEndpoint));
        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem("An interaction body must be at most 256 KB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var check = await verifier.VerifyAsync(
            http.Request.Headers["X-Signature-Ed25519"].ToString(),
            http.Request.Headers["X-Signature-Timestamp"].ToString(),
            body.Value,
            http.RequestAborted);
        if (check != SignatureCheck.Valid)
        {
            LogRefused(logger, check);
            return TypedResults.Unauthorized();
        }

        string? id;
        ulong guildId;
        InteractionType type;
        try
        {
            using var document = JsonDocument.Parse(body.Value);
            var root = document.RootElement;
            type = (InteractionType)root.GetProperty("type").GetInt32();
            id = root.GetProperty("id").GetString();
            // The partition key; absent in a DM (partition 0).
            guildId = root.TryGetProperty("guild_id", out var guild) && ulong.TryParse(guild.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var g) ? g : 0;
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return TypedResults.Problem("The interaction is not valid JSON with an id and a type.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (type == InteractionType.Ping)
        {
            return TypedResults.Json(InteractionResponse.Pong, DiscordJsonContext.Default.InteractionResponse);
        }

        if (string.IsNullOrEmpty(id))
        {
            return TypedResults.Problem("The interaction has no id.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!await intake.AcceptAsync(id, guildId, body.Value))
        {
            LogReplay(logger, id);
        }

        return TypedResults.Accepted((string?)null);
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an interaction delivery: {Check}")]
    private static partial void LogRefused(ILogger logger, SignatureCheck check);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped a replayed interaction {InteractionId}")]
    private static partial void LogReplay(ILogger logger, string interactionId);
}
