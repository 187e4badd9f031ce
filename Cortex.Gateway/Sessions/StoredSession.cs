using System.Text.Json.Serialization;
using Cortex.Discord.Gateway;

namespace Cortex.Gateway.Sessions;

/// <summary>The value of <c>session:{shardId}</c>: the seed's shape plus the shard count it was identified with.</summary>
/// <param name="SessionId">READY's session id.</param>
/// <param name="ResumeUrl">READY's resume_gateway_url.</param>
/// <param name="LastSeq">The last sequence handled (routed to the streams), not merely received.</param>
/// <param name="ShardCount">Resume only when the shard count still matches.</param>
/// <param name="SavedAt">Unix milliseconds of the write.</param>
internal sealed record StoredSession(string SessionId, Uri ResumeUrl, int LastSeq, int ShardCount, long SavedAt)
{
    public static StoredSession From(ShardSession session) =>
        new(session.SessionId, session.ResumeUrl, session.Sequence, session.ShardCount, session.SavedAt.ToUnixTimeMilliseconds());

    public ShardSession ToShardSession(int shardId) =>
        new(shardId, ShardCount, SessionId, ResumeUrl, LastSeq, DateTimeOffset.FromUnixTimeMilliseconds(SavedAt));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredSession))]
internal sealed partial class SessionJson : JsonSerializerContext;
