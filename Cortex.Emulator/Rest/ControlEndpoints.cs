using Cortex.Discord.Models;
using Cortex.Emulator.World;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Rest;

/// <summary>
/// The REST side's part of the one control surface under <c>/control</c> (the gateway's part, which
/// builds the world and steers connections, is in Gateway/ControlEndpoints): the seeded ids, queued
/// 429s, and fake users acting — running a slash command, clicking a button — plus signed HTTP delivery.
/// </summary>
public static class RestControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control").WithTags("Emulator control").AddEndpointFilter<RestErrorFilter>();
        control.MapGet("/world", (DiscordState state) => state.Seed is { } seed
            ? Results.Json(seed, EmulatorRestJsonContext.Default.SeedWorld)
            : Results.Problem("The world was not seeded (Emulator:World:SeedDevelopmentGuilds is false).", statusCode: 404));
        control.MapGet("/snapshot", (DiscordState state) => TypedResults.Json(state.ChatSnapshot(), EmulatorRestJsonContext.Default.ChatSnapshot));
        control.MapPost("/rest/limits", async (HttpContext http, RestRateLimits limits) =>
        {
            var limit = await RestEndpoints.ReadAsync(http, EmulatorRestJsonContext.Default.RestLimitOverride);
            if (limit.Scope is not ("user" or "global" or "shared") || limit.RetryAfter is < 0 or > 3600 || limit.Count is < 1 or > 1000)
            {
                return Results.Problem("Expected {\"scope\": \"user|global|shared\", \"retry_after\": seconds, \"count\": n}.", statusCode: 400);
            }

            limits.Queue(limit);
            return Results.NoContent();
        });
        control.MapPost("/interactions", RunCommandAsync);
        control.MapPost("/interactions/components", ClickAsync);
        control.MapPost("/interactions/deliver", async (HttpContext http, DiscordState state, InteractionDelivery delivery) =>
        {
            var request = await RestEndpoints.ReadAsync(http, EmulatorRestJsonContext.Default.InteractionDeliveryRequest);
            if (request.Endpoint is { } endpoint && !(endpoint.IsAbsoluteUri && endpoint.Scheme is "http" or "https"))
            {
                throw RestException.InvalidFormBody("endpoint: Must be an absolute http or https URL.");
            }

            var interaction = request.InteractionId is { } id
                ? state.FindInteraction(id) ?? throw RestException.UnknownInteraction()
                : state.CreatePing();
            try
            {
                var result = await delivery.DeliverAsync(interaction, request.Tampering, request.Endpoint, http.RequestAborted);
                return TypedResults.Json(result, EmulatorRestJsonContext.Default.InteractionDeliveryResult);
            }
            catch (Exception error) when (error is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
            {
                // A caller-chosen endpoint that does not answer is the caller's mistake; the configured one is ours.
                throw request.Endpoint is null
                    ? new RestException(StatusCodes.Status502BadGateway, 0, "The configured interactions endpoint could not be reached.")
                    : RestException.InvalidFormBody("endpoint: Could not be reached.");
            }
        });
    }

    /// <summary>
    /// A user runs a slash command. Like Discord: with an interactions endpoint configured the
    /// interaction is delivered there over HTTP (signed) and not over the gateway; without one it is
    /// dispatched as INTERACTION_CREATE to the shard that owns the guild.
    /// </summary>
    public static async Task<IResult> RunCommandAsync(HttpContext http, DiscordState state, InteractionDelivery delivery, IOptions<RestEmulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = await RestEndpoints.ReadAsync(http, EmulatorRestJsonContext.Default.ChatCommandRequest);
        var guildId = state.FindChannel(request.ChannelId)?.GuildId?.Value ?? request.GuildId?.Value;
        var definition = state.CommandsFor(guildId).FirstOrDefault(c => c.Name == request.Name)
            ?? throw new RestException(404, 10063, $"Unknown application command \"{request.Name}\"");
        var parsed = ChatCommandOptions.Parse(definition, request.Options ?? new Dictionary<string, string>());
        var overHttp = options.Value.InteractionsEndpoint is not null;
        var interaction = state.CreateCommandInteraction(request.ChannelId, request.UserId, request.Name, parsed, toGateway: !overHttp);
        await DeliverIfConfiguredAsync(interaction, delivery, overHttp, http.RequestAborted);
        return TypedResults.Json(interaction, DiscordJsonContext.Default.Interaction);
    }

    /// <summary>
    /// A user clicks a button, or submits a select menu's values: a MESSAGE_COMPONENT interaction (with
    /// <c>values</c> for a select), delivered the same way as commands.
    /// </summary>
    public static async Task<IResult> ClickAsync(HttpContext http, DiscordState state, InteractionDelivery delivery, IOptions<RestEmulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = await RestEndpoints.ReadAsync(http, EmulatorRestJsonContext.Default.ChatComponentRequest);
        var overHttp = options.Value.InteractionsEndpoint is not null;
        var interaction = request.Values is { } values
            ? state.CreateSelectInteraction(request.ChannelId, request.MessageId, request.UserId, request.CustomId, values, toGateway: !overHttp)
            : state.CreateComponentInteraction(request.ChannelId, request.MessageId, request.UserId, request.CustomId, toGateway: !overHttp);
        await DeliverIfConfiguredAsync(interaction, delivery, overHttp, http.RequestAborted);
        return TypedResults.Json(interaction, DiscordJsonContext.Default.Interaction);
    }

    internal static async Task DeliverIfConfiguredAsync(Interaction interaction, InteractionDelivery delivery, bool overHttp, CancellationToken cancellationToken)
    {
        if (overHttp)
        {
            var result = await delivery.DeliverAsync(interaction, DeliveryTampering.None, null, cancellationToken);
            if (result.Status is < 200 or > 299)
            {
                // Discord shows "This interaction failed"; the page and tests see why.
                throw new RestException(StatusCodes.Status502BadGateway, 0, $"The interactions endpoint answered {result.Status}: {result.Body}");
            }
        }
    }
}

/// <summary>
/// Outside the <c>/api</c> group (control API, chat page) a <see cref="RestException"/> or
/// <see cref="World.WorldException"/> is an RFC 9457 ProblemDetails that also carries Discord's
/// <c>code</c> and nested <c>errors</c>, so a test sees both what Discord would say and why.
/// </summary>
public sealed class RestErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (RestException error)
        {
            return error.ToProblem();
        }
        catch (World.WorldException error)
        {
            return RestException.InvalidFormBody(error.Message).ToProblem();
        }
    }
}
