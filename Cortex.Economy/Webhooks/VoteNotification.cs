using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Economy.Webhooks;

/// <summary>
/// A bot list's vote delivery: the list's id for the delivery (the idempotency key, so a redelivery
/// credits once), the guild the vote was for, the voter, and the kind ("upvote", or "test" from the
/// list's dashboard, which is acknowledged and credits nothing). Ids are snowflake strings.
/// </summary>
public sealed record VoteNotification(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("guild")] string? Guild,
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("type")] string? Type);

/// <summary>What the webhook answers for a credited (or replayed) vote.</summary>
public sealed record VoteReceipt(long TransactionId, long GuildId, long UserId, long Amount, long Balance, bool Replayed);

// The shared strict input contract (docs/input.md): exact names, no duplicate or unknown member.
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = 32)]
[JsonSerializable(typeof(VoteNotification))]
[JsonSerializable(typeof(VoteReceipt))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
