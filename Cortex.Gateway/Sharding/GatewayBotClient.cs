using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Cortex.Discord;
using Microsoft.Extensions.Options;

namespace Cortex.Gateway.Sharding;

/// <summary>GET /gateway/bot: the gateway URL, the recommended shard count and the session start limit.</summary>
internal sealed class GatewayBotClient(HttpClient http, IOptions<DiscordOptions> discord)
{
    public async Task<GatewayBotInfo> GetAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(discord.Value.RestBaseAddress, "gateway/bot"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", discord.Value.Token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"GET {request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}",
                null,
                response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync(GatewayJson.Default.GatewayBotInfo, cancellationToken)
            ?? throw new HttpRequestException($"GET {request.RequestUri} answered an empty body.");
    }
}

internal sealed record GatewayBotInfo(Uri Url, int Shards, SessionStartLimit SessionStartLimit);

internal sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GatewayBotInfo))]
internal sealed partial class GatewayJson : JsonSerializerContext;
