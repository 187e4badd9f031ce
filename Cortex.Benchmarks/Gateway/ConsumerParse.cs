using Cortex.Discord.Gateway;
using Cortex.Events.Contract;
using Cortex.Gateway.Cache;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// The parse Cortex's consumers do of what a shard hands over, done here in the shard's process so the firehose
/// compares like with like against a peer that parses every payload: MESSAGE_CREATE and INTERACTION_CREATE decoded
/// into Cortex.Discord's models (as the Cortex.Events consumers do), the guild events applied to the gateway's
/// guild cache (as <c>ShardWorker</c> does, with its default budget: a guild's members are kept on arrival and indexed at its
/// first permission check, which the firehose makes none of). Other events are passed on unparsed, as the gateway passes them.
/// </summary>
internal sealed class ConsumerParse
{
    private readonly GuildCache _cache = new();
    private int _decoded;

    /// <summary>How many models were decoded (read after a run so the work is not optimised away).</summary>
    public int Decoded => _decoded;

    public int CachedGuilds => _cache.Count;

    public void Consume(GatewayDispatch dispatch)
    {
        switch (dispatch.EventName)
        {
            case "MESSAGE_CREATE":
                _decoded += DiscordEvents.MessageCreate.Decode(dispatch.Data.Span).Content.Length > 0 ? 1 : 0;
                break;
            case "INTERACTION_CREATE":
                _decoded += DiscordEvents.InteractionCreate.Decode(dispatch.Data.Span) is null ? 0 : 1;
                break;
            case var name when GuildCache.Handles(name):
                _cache.Apply(dispatch.ShardId, name, dispatch.Data);
                _decoded++;
                break;
        }
    }
}
