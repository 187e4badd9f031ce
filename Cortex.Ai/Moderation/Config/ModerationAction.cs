using System.Text.Json.Serialization;

namespace Cortex.Ai.Moderation.Config;

/// <summary>What the policy engine does to a member; stored and configured by these snake_case names only (a number is refused).</summary>
[JsonConverter(typeof(ModerationActionConverter))]
public enum ModerationAction
{
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>A reply to the member naming the rule; counts towards escalation.</summary>
    [JsonStringEnumMemberName("warn")]
    Warn,

    [JsonStringEnumMemberName("delete")]
    Delete,

    [JsonStringEnumMemberName("delete_timeout")]
    DeleteAndTimeout,

    /// <summary>A timeout without a message to delete (escalations).</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout,

    /// <summary>A ban, always pushed to the human review queue as well.</summary>
    [JsonStringEnumMemberName("ban")]
    Ban,
}

/// <summary>Action names only: the default string-enum converter would also take 3 for "delete_timeout".</summary>
public sealed class ModerationActionConverter() : JsonStringEnumConverter<ModerationAction>(namingPolicy: null, allowIntegerValues: false);

public static class ModerationActions
{
    public static string Name(this ModerationAction action) => action switch
    {
        ModerationAction.None => "none",
        ModerationAction.Warn => "warn",
        ModerationAction.Delete => "delete",
        ModerationAction.DeleteAndTimeout => "delete_timeout",
        ModerationAction.Timeout => "timeout",
        ModerationAction.Ban => "ban",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static ModerationAction Parse(string name) => name switch
    {
        "none" => ModerationAction.None,
        "warn" => ModerationAction.Warn,
        "delete" => ModerationAction.Delete,
        "delete_timeout" => ModerationAction.DeleteAndTimeout,
        "timeout" => ModerationAction.Timeout,
        "ban" => ModerationAction.Ban,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a moderation action"),
    };

    public static bool TimesOut(this ModerationAction action) => action is ModerationAction.DeleteAndTimeout or ModerationAction.Timeout;
}
