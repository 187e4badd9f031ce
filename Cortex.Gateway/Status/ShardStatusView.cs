using System.Text.Json.Serialization;

namespace Cortex.Gateway.Status;

/// <summary>GET /shards: every shard of the bot, as this replica sees it.</summary>
internal sealed record ShardsView(string Replica, int ShardCount, int MaxConcurrency, IReadOnlyList<ShardStatusView> Shards);

/// <summary>One shard: its owner, and its live state when the owner is this replica.</summary>
internal sealed record ShardStatusView(
    int ShardId,
    string? Owner,
    bool OwnedHere,
    string? Status,
    double? LatencyMs,
    int? Guilds,
    double? SessionAgeMs,
    int? LastSeq,
    int? Identifies,
    int? Resumes,
    double? LastEventAgeMs,
    string? StopReason);

/// <summary>POST /shards/{id}/respawn and /shards/respawn.</summary>
internal sealed record RespawnAccepted(string Command, int? ShardId, string? Owner);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShardsView))]
[JsonSerializable(typeof(RespawnAccepted))]
internal sealed partial class StatusJson : JsonSerializerContext;
