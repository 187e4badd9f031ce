using Cortex.Discord.Models;

namespace Cortex.Emulator.Rest;

/// <summary>Test and chat-page control of the REST side, under <c>/_emulator</c>.</summary>
public static class RestControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_emulator").WithTags("Emulator REST control");
        control.MapGet("/world", (DiscordState state) => TypedResults.Json(state.Seed, EmulatorRestJsonContext.Default.SeedWorld));
        control.MapPost("/rest/limits", async (HttpContext http, RestRateLimits limits) =>
        {
            var limit = await RestEndpoints.ReadAsync(http, EmulatorRestJsonContext.Default.RestLimitOverride);
            if (limit.Scope is not ("user" or "global" or "shared") || limit.RetryAfter is < 0 or > 3600 || limit.Count is < 1 or > 1000)
            {
                return Results.Problem("Expected {\"scope\": \"user|global|shared\", \"retry_after\": seconds, \"count\": n}.", statusCode: 400);
            }

            limits.Queue(limit);
            return Results.NoContent();
        }).AddEndpointFilter<RestErrorFilter>();
        control.MapPost("/interactions", RunCommandAsync).AddEndpointFilter<RestErrorFilter>();
        control.MapPost("/interactions/deliver", async (HttpContext http, DiscordState state, InteractionDelivery delivery) =>
        {
            var request = await RestEndpoints.ReadAsync(http, EmulatorRestJsonContext.Default.InteractionDeliveryRequest);
            var interaction = request.InteractionId is { } id
                ? state.FindInteraction(id) ?? throw RestException.UnknownInteraction()
                : state.CreatePing();
            var result = await delivery.DeliverAsync(interaction, request.Tampering, request.Endpoint, http.RequestAborted);
            return TypedResults.Json(result, EmulatorRestJsonContext.Default.InteractionDeliveryResult);
        }).AddEndpointFilter<RestErrorFilter>();
    }

    /// <summary>A user runs a slash command: INTERACTION_CREATE is dispatched, and delivered over HTTP when an endpoint is configured.</summary>
    public static async Task<IResult> RunCommandAsync(HttpContext http, DiscordState state, InteractionDelivery delivery,
        Microsoft.Extensions.Options.IOptions<RestEmulatorOptions> options)
    {
        var request = await RestEndpoints.ReadAsync(http, EmulatorRestJsonContext.Default.ChatCommandRequest);
        var channel = request.ChannelId;
        var definition = state.CommandsFor(request.GuildId).FirstOrDefault(c => c.Name == request.Name)
            ?? throw new RestException(404, 10063, $"Unknown application command \"{request.Name}\"");
        var parsed = ChatCommandOptions.Parse(definition, request.Options ?? new Dictionary<string, string>());
        var interaction = state.CreateCommandInteraction(channel, request.UserId, request.Name, parsed);
        if (options.Value.InteractionsEndpoint is not null)
        {
            await delivery.DeliverAsync(interaction, DeliveryTampering.None, null, http.RequestAborted);
        }

        return TypedResults.Json(interaction, DiscordJsonContext.Default.Interaction);
    }
}

/// <summary>Turns <see cref="RestException"/> into Discord's error body outside the <c>/api</c> group.</summary>
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
            return error.ToResult();
        }
    }
}
