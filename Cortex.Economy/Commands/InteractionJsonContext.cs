using System.Text.Json.Serialization;

namespace Cortex.Economy.Commands;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(Cortex.Economy.Xp.ChatMessage))]
public sealed partial class InteractionJsonContext : JsonSerializerContext;
