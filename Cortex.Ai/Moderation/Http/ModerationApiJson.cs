using System.Text.Json.Serialization;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Review;

namespace Cortex.Ai.Moderation.Http;

/// <summary>
/// The bodies the moderation API reads, under the shared strict input contract (docs/input.md):
/// exact snake_case names, no unknown or duplicate member, no null where a value belongs, numbers
/// as numbers (ids a moderator sends may be snowflake strings, as Discord writes them).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 32)]
[JsonSerializable(typeof(ModerationConfig))]
[JsonSerializable(typeof(ReviewDecisionRequest))]
internal sealed partial class ModerationApiJson : JsonSerializerContext;
