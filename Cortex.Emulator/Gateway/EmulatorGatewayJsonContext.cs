using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Emulator.Gateway;

/// <summary>Source-generated JSON for the gateway's REST routes and control API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GatewayInfo))]
[JsonSerializable(typeof(GatewayBotInfo))]
[JsonSerializable(typeof(DiscordError))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(CreateGuildRequest))]
[JsonSerializable(typeof(CreateChannelRequest))]
[JsonSerializable(typeof(AddMemberRequest))]
[JsonSerializable(typeof(CreateRoleRequest))]
[JsonSerializable(typeof(CreateMessageRequest))]
[JsonSerializable(typeof(DispatchRequest))]
[JsonSerializable(typeof(DispatchResult))]
[JsonSerializable(typeof(CloseRequest))]
[JsonSerializable(typeof(ToggleRequest))]
[JsonSerializable(typeof(LatencyRequest))]
[JsonSerializable(typeof(InvalidSessionRequest))]
[JsonSerializable(typeof(FirehoseRequest))]
[JsonSerializable(typeof(FirehoseResult))]
[JsonSerializable(typeof(ConnectionView[]))]
[JsonSerializable(typeof(SessionView[]))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class EmulatorGatewayJsonContext : JsonSerializerContext;
