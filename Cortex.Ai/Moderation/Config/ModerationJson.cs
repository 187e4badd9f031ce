using System.Text.Json.Serialization;
using Cortex.Ai.Moderation.Agent;
using Cortex.Ai.Moderation.Audit;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Ai.Moderation.Policy;
using Cortex.Ai.Moderation.Review;

namespace Cortex.Ai.Moderation.Config;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ModerationConfig))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[JsonSerializable(typeof(DeepStageJob))]
[JsonSerializable(typeof(AgentVerdict))]
[JsonSerializable(typeof(ModerationCase))]
[JsonSerializable(typeof(ReviewItem))]
[JsonSerializable(typeof(IReadOnlyList<ReviewItem>))]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(ReviewDecisionRequest))]
internal sealed partial class ModerationJson : JsonSerializerContext;
