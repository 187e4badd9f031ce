using System.Text.Json.Serialization;

namespace Cortex.Gateway.Status;

/// <summary>
/// The value of <c>shard:report:{shardId}</c>: what the owning replica last saw of one of its shards. Times are
/// unix milliseconds, so a reader on another replica can say how old the report is.
/// </summary>
internal sealed record ShardReport(
    string Replica,
    string? Status,
    double? LatencyMs,
    int? Guilds,
    int Identifies,
    int Resumes,
    long? LastEventAt,
    string? StopReason,
    long ReportedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShardReport))]
[JsonSerializable(typeof(string))]
internal sealed partial class ShardReportJson : JsonSerializerContext;
