using System.Text.Json.Serialization;

namespace Cortex.Gateway.Status;

/// <summary>GET /shards: every shard of the bot, whichever replica answers (<see cref="Replica"/>).</summary>
internal sealed record ShardsView(string Replica, int ShardCount, int MaxConcurrency, IReadOnlyList<ShardStatusView> Shards);

/// <summary>
/// One shard: its owner, and its live state — this replica's own when it runs the shard, else the owner's last
/// report from Redis, <see cref="ReportAgeMs"/> old (0 for a shard running here).
/// </summary>
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
    string? StopReason,
    string? ReportedBy,
    double? ReportAgeMs);

/// <summary>POST /shards/{id}/respawn and /shards/respawn.</summary>
internal sealed record RespawnAccepted(string Command, int? ShardId, string? Owner);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShardsView))]
[JsonSerializable(typeof(RespawnAccepted))]
internal sealed partial class StatusJson : JsonSerializerContext;
