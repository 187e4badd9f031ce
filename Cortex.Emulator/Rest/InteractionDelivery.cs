using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.World;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Rest;

/// <summary>How a delivery should be spoiled, to test an endpoint's verification.</summary>
public enum DeliveryTampering
{
    None,
    BadSignature,
    TamperedBody,
    StaleTimestamp,
    MissingSignature,
}

public sealed record InteractionDeliveryRequest
{
    /// <summary>Deliver this interaction id (created earlier); a PING when absent.</summary>
    public Snowflake? InteractionId { get; init; }

    public DeliveryTampering Tampering { get; init; }

    /// <summary>Overrides the configured endpoint.</summary>
    public Uri? Endpoint { get; init; }
}

public sealed record InteractionDeliveryResult(int Status, string? Body);

/// <summary>
/// Delivers interactions to an "Interactions Endpoint URL" over HTTP, signed like Discord does
/// (<c>X-Signature-Ed25519</c>, <c>X-Signature-Timestamp</c>). A 200 body is taken as the interaction
/// response; a 202 means the app answered (or will answer) through the callback route.
/// </summary>
public sealed class InteractionDelivery(HttpClient http, InteractionSigner signer, DiscordState state, IOptions<RestEmulatorOptions> options, TimeProvider time)
{
    public async Task<InteractionDeliveryResult> DeliverAsync(Interaction interaction, DeliveryTampering tampering, Uri? endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var target = endpoint ?? options.Value.InteractionsEndpoint
            ?? throw new RestException(StatusCodes.Status400BadRequest, 0, "No interactions endpoint: set Emulator:Rest:InteractionsEndpoint or pass endpoint.");
        var body = JsonSerializer.SerializeToUtf8Bytes(interaction, DiscordJsonContext.Default.Interaction);
        var now = time.GetUtcNow();
        var timestamp = (tampering == DeliveryTampering.StaleTimestamp ? now.AddMinutes(-10) : now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = signer.Sign(timestamp, body);
        if (tampering == DeliveryTampering.BadSignature)
        {
            signature = string.Concat(signature[..^2], signature[^2..] == "00" ? "01" : "00");
        }

        if (tampering == DeliveryTampering.TamperedBody)
        {
            body = JsonSerializer.SerializeToUtf8Bytes(interaction with { Locale = "xx-XX" }, DiscordJsonContext.Default.Interaction);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.UserAgent.ParseAdd("Discord-Interactions/1.0 (+https://discord.com)");
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        if (tampering != DeliveryTampering.MissingSignature)
        {
            request.Headers.Add("X-Signature-Ed25519", signature);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if ((int)response.StatusCode == StatusCodes.Status200OK && interaction.Type != InteractionType.Ping && text.Length > 0)
        {
            // The inline answer: exactly as if the app had called the callback route.
            var answer = JsonSerializer.Deserialize(text, DiscordJsonContext.Default.InteractionResponse);
            if (answer is not null)
            {
                state.Respond(interaction.Id, interaction.Token, answer);
            }
        }

        return new InteractionDeliveryResult((int)response.StatusCode, text);
    }
}
