using System.Net;
using System.Net.Http.Json;

namespace Cortex.Economy.Commands;

/// <summary>Answers interactions with <c>POST {Discord:RestBaseAddress}interactions/{id}/{token}/callback</c>.</summary>
public sealed class HttpInteractionResponder(HttpClient http) : IInteractionResponder
{
    /// <summary>Discord's JSON error code for "Interaction has already been acknowledged".</summary>
    private const string AlreadyAcknowledged = "40060";

    public async Task RespondAsync(string interactionId, string interactionToken, InteractionReply reply, CancellationToken cancellationToken)
    {
        var path = $"interactions/{Uri.EscapeDataString(interactionId)}/{Uri.EscapeDataString(interactionToken)}/callback";
        using var response = await http.PostAsJsonAsync(
            new Uri(path, UriKind.Relative), InteractionCallback.From(reply), InteractionJsonContext.Default.InteractionCallback, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest
            && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains(AlreadyAcknowledged, StringComparison.Ordinal))
        {
            // A redelivered interaction whose first answer did reach Discord: the user has it already.
            return;
        }

        response.EnsureSuccessStatusCode();
    }
}
