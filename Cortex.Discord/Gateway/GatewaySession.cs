namespace Cortex.Discord.Gateway;

/// <summary>
/// The session a shard resumes: READY's <c>session_id</c> and <c>resume_gateway_url</c>, read once by
/// <see cref="ShardConnection"/> (as twilight's <c>Session</c>). The sequence moves with every dispatch, so it
/// travels beside this value (<see cref="ShardConnection.Session"/>, <see cref="ShardSession"/>), not in it.
/// </summary>
public sealed record GatewaySession(string Id, Uri ResumeUrl)
{
    /// <summary>The session of a stored <see cref="ShardSession"/>.</summary>
    public static GatewaySession Of(ShardSession saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new GatewaySession(saved.SessionId, saved.ResumeUrl);
    }
}
