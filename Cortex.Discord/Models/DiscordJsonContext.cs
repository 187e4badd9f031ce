using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Discord.Models;

/// <summary>Source-generated JSON for Discord payloads: snake_case, nulls omitted unless a model says otherwise.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(IReadOnlyList<User>))]
[JsonSerializable(typeof(Role))]
[JsonSerializable(typeof(GuildMember))]
[JsonSerializable(typeof(Guild))]
[JsonSerializable(typeof(IReadOnlyList<Guild>))]
[JsonSerializable(typeof(UnavailableGuild))]
[JsonSerializable(typeof(Channel))]
[JsonSerializable(typeof(IReadOnlyList<Channel>))]
[JsonSerializable(typeof(IReadOnlyList<Role>))]
[JsonSerializable(typeof(Emoji))]
[JsonSerializable(typeof(Sticker))]
[JsonSerializable(typeof(GuildAuditLog))]
[JsonSerializable(typeof(PermissionOverwrite))]
[JsonSerializable(typeof(ThreadMember))]
[JsonSerializable(typeof(Reaction))]
[JsonSerializable(typeof(Poll))]
[JsonSerializable(typeof(Attachment))]
[JsonSerializable(typeof(Ban))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(IReadOnlyList<Message>))]
[JsonSerializable(typeof(CreateMessageRequest))]
[JsonSerializable(typeof(EditMessageRequest))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(ApplicationCommand))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationCommand>))]
[JsonSerializable(typeof(Application))]
[JsonSerializable(typeof(ModifyMemberTimeoutRequest))]
[JsonSerializable(typeof(CreateBanRequest))]
[JsonSerializable(typeof(BulkDeleteMessagesRequest))]
[JsonSerializable(typeof(CreateDmRequest))]
[JsonSerializable(typeof(CreateGuildChannelRequest))]
[JsonSerializable(typeof(ModifyChannelRequest))]
[JsonSerializable(typeof(GatewayBot))]
[JsonSerializable(typeof(DiscordErrorBody))]
[JsonSerializable(typeof(RateLimitBody))]
[JsonSerializable(typeof(string))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;
