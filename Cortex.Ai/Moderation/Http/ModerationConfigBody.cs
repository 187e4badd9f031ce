using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cortex.Ai.Moderation.Config;
using Cortex.Ai.Moderation.Rules;

namespace Cortex.Ai.Moderation.Http;

/// <summary>
/// How <c>PUT .../config</c> reads its body. A PUT replaces the whole configuration, so every member
/// is required (an absent one would silently become the seed default, and <c>{}</c> would store the
/// seed policy): a left-out member is a 400 naming it, before any validator sees the value. Only
/// <c>log_channel_id</c> may be absent (no log channel). Stored configurations are read by
/// <see cref="ModerationJson"/>, which keeps the defaults for rows written before a member existed.
/// </summary>
internal static class ModerationConfigBody
{
    public const string OptionalMember = "log_channel_id";

    public static IJsonTypeInfoResolver Resolver { get; } = ModerationApiJson.Default.WithAddedModifier(RequireEveryMember);

    public static JsonTypeInfo<ModerationConfig> TypeInfo { get; } =
        (JsonTypeInfo<ModerationConfig>)new JsonSerializerOptions(ModerationApiJson.Default.Options) { TypeInfoResolver = Resolver }.GetTypeInfo(typeof(ModerationConfig));

    private static void RequireEveryMember(JsonTypeInfo type)
    {
        if (type.Type != typeof(ModerationConfig) && type.Type != typeof(RuleSet))
        {
            return;
        }

        foreach (var member in type.Properties.Where(member => member.Set is not null && member.Name != OptionalMember))
        {
            member.IsRequired = true;
        }
    }
}
