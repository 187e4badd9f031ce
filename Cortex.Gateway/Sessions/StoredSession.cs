using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Discord.Gateway;

namespace Cortex.Gateway.Sessions;

/// <summary>
/// The value of <c>session:{shardId}</c>: the seed's shape plus the shard count it was identified with. Its one
/// writer format: the session store and the routing scripts (<see cref="Routing.RouteScripts.Fence"/> and the fenced
/// <see cref="Routing.RouteScripts.Append"/>, which SET these bytes as they are) all write <see cref="Serialize"/>'s output.
/// </summary>
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

    public static byte[] Serialize(ShardSession session) =>
        JsonSerializer.SerializeToUtf8Bytes(From(session), SessionJson.Default.StoredSession);

    public static StoredSession? Deserialize(byte[] value) => JsonSerializer.Deserialize(value, SessionJson.Default.StoredSession);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredSession))]
internal sealed partial class SessionJson : JsonSerializerContext;
