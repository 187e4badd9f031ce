using System.Net.Http.Json;

namespace Cortex.Economy.Commands;

/// <summary>Answers interactions with <c>POST {Discord:RestBaseAddress}interactions/{id}/{token}/callback</c>.</summary>
public sealed class HttpInteractionResponder(HttpClient http) : IInteractionResponder
{
    public async Task RespondAsync(string interactionId, string interactionToken, InteractionReply reply, CancellationToken cancellationToken)
    {
        var path = $"interactions/{Uri.EscapeDataString(interactionId)}/{Uri.EscapeDataString(interactionToken)}/callback";
        using var response = await http.PostAsJsonAsync(
            new Uri(path, UriKind.Relative), InteractionCallback.From(reply), InteractionJsonContext.Default.InteractionCallback, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
