using System.Text.Json.Serialization;

namespace Cortex.Discord.Gateway.Payloads;

/// <summary>Source-generated (de)serialization of the payloads a shard itself reads and writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IdentifyPayload))]
[JsonSerializable(typeof(ResumePayload))]
[JsonSerializable(typeof(HelloPayload))]
[JsonSerializable(typeof(ReadyPayload))]
[JsonSerializable(typeof(PresenceUpdatePayload))]
[JsonSerializable(typeof(int?))]
public sealed partial class GatewayJsonContext : JsonSerializerContext;
