using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Discord.Models;
using Cortex.Emulator.World;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Rest;

/// <summary>A user picks values in a select menu.</summary>
public sealed record SelectRequest(Snowflake ChannelId, Snowflake MessageId, Snowflake UserId, string CustomId, IReadOnlyList<string> Values);

/// <summary>A user types into an autocomplete option of a command.</summary>
public sealed record AutocompleteRequest(Snowflake ChannelId, Snowflake UserId, string Name, string Option, string Value);

/// <summary>A user submits the modal the app opened for an interaction: text input custom id → value.</summary>
public sealed record ModalSubmitRequest(Snowflake InteractionId, IReadOnlyDictionary<string, string> Values);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SelectRequest))]
[JsonSerializable(typeof(AutocompleteRequest))]
[JsonSerializable(typeof(ModalSubmitRequest))]
internal sealed partial class InteractionControlJsonContext : JsonSerializerContext;

/// <summary>
/// Control routes for the interaction kinds beyond commands and buttons: select menus, autocomplete and
/// modals (open one by answering type 9, submit it here), and what the app answered (choices, the modal).
/// Delivered like commands: over HTTP when an interactions endpoint is set, else over the gateway.
/// </summary>
internal static class InteractionControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control/interactions").WithTags("Emulator control").AddEndpointFilter<RestErrorFilter>();
        control.MapPost("/select", async (HttpContext http, DiscordState state, InteractionDelivery delivery, IOptions<RestEmulatorOptions> options) =>
        {
            var request = await RestEndpoints.ReadAsync(http, InteractionControlJsonContext.Default.SelectRequest);
            return await DeliverAsync(http, delivery, options, toGateway => state.CreateSelectInteraction(request.ChannelId, request.MessageId, request.UserId, request.CustomId, request.Values ?? [], toGateway));
        });
        control.MapPost("/autocomplete", async (HttpContext http, DiscordState state, InteractionDelivery delivery, IOptions<RestEmulatorOptions> options) =>
        {
            var request = await RestEndpoints.ReadAsync(http, InteractionControlJsonContext.Default.AutocompleteRequest);
            return await DeliverAsync(http, delivery, options, toGateway => state.CreateAutocompleteInteraction(request.ChannelId, request.UserId, request.Name, request.Option, request.Value ?? "", toGateway));
        });
        control.MapPost("/modal-submit", SubmitModalAsync);
        control.MapGet("/{interactionId}/choices", (ulong interactionId, DiscordState state) => state.FindChoices(interactionId) is { } choices
            ? Results.Json(new InteractionCallbackData { Choices = choices }, DiscordJsonContext.Default.InteractionCallbackData)
            : Results.Problem("The app has not answered this interaction with choices.", statusCode: 404));
        control.MapGet("/{interactionId}/modal", (ulong interactionId, DiscordState state) => state.FindModal(interactionId) is { } modal
            ? Results.Json(modal, DiscordJsonContext.Default.InteractionCallbackData)
            : Results.Problem("No open modal for this interaction.", statusCode: 404));
    }

    /// <summary>A user submits a modal's text inputs: a MODAL_SUBMIT interaction (type 5), delivered like commands.</summary>
    public static async Task<IResult> SubmitModalAsync(HttpContext http, DiscordState state, InteractionDelivery delivery, IOptions<RestEmulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(state);
        var request = await RestEndpoints.ReadAsync(http, InteractionControlJsonContext.Default.ModalSubmitRequest);
        return await DeliverAsync(http, delivery, options, toGateway => state.SubmitModal(request.InteractionId, request.Values ?? new Dictionary<string, string>(), toGateway));
    }

    private static async Task<IResult> DeliverAsync(HttpContext http, InteractionDelivery delivery, IOptions<RestEmulatorOptions> options, Func<bool, Interaction> create)
    {
        var overHttp = options.Value.InteractionsEndpoint is not null;
        var interaction = create(!overHttp);
        await RestControlEndpoints.DeliverIfConfiguredAsync(interaction, delivery, overHttp, http.RequestAborted);
        return TypedResults.Json(interaction, DiscordJsonContext.Default.Interaction);
    }
}
