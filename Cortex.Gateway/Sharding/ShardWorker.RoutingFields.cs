using Cortex.Discord.Gateway;
using Cortex.Gateway.Routing;

namespace Cortex.Gateway.Sharding;

internal sealed partial class ShardWorker
{
    private (int Stream, DispatchFields Fields)[] _reads = [];

    /// <summary>
    /// Each dispatch's stream (-1: none) and routing fields (the first <c>batch.Count</c> of the array), read in one pass over
    /// the batch before anything else is done with it (reading them changes nothing), so the pass is timed once. The batch's
    /// receive lag and decode time are recorded here, once per batch: per dispatch, their histogram updates cost the gateway
    /// more than the reads they timed.
    /// </summary>
    private (int Stream, DispatchFields Fields)[] ReadRoutingFields(List<GatewayDispatch> batch, long started)
    {
        // Receive buffer lag: from the frame leaving the socket to this loop taking it up, for the batch's oldest dispatch
        // (the longest any of it waited).
        var oldest = 0L;
        foreach (var dispatch in batch)
        {
            if (dispatch.ReceivedTimestamp != 0)
            {
                oldest = oldest == 0 ? dispatch.ReceivedTimestamp : Math.Min(oldest, dispatch.ReceivedTimestamp);
            }
        }

        if (oldest != 0)
        {
            _context.Metrics.ReceiveLag(ShardId, _context.Time.GetElapsedTime(oldest, started));
        }

        if (_reads.Length < batch.Count)
        {
            _reads = new (int, DispatchFields)[batch.Count];
        }

        var decodeStart = _context.Time.GetTimestamp();
        for (var i = 0; i < batch.Count; i++)
        {
            var dispatch = batch[i];
            var name = dispatch.EventName;
            var stream = name switch
            {
                "MESSAGE_CREATE" => StreamRouter.MessagesStream,
                "INTERACTION_CREATE" => StreamRouter.InteractionsStream,
                "GUILD_CREATE" or "GUILD_UPDATE" or "GUILD_DELETE" when _context.Options.RouteGuildEvents => StreamRouter.GuildsStream,
                _ => -1,
            };

            // Reading the routing fields scans the payload until both are found; a GUILD_CREATE has no guild_id,
            // so that scan covered all of its tens of KB for nothing (docs/benchmarks.md, Gateway). Read them only
            // when an entry needs the id or the intent check depends on guild vs. DM; a GUILD_* entry's guild is its
            // own top-level id, and the read stops there.
            var fields = stream == StreamRouter.GuildsStream ? DispatchFields.ReadGuild(dispatch.Data)
                : stream >= 0 || IntentFilter.DependsOnGuild(name) ? DispatchFields.Read(dispatch.Data)
                : default;
            _reads[i] = (stream, fields);
        }

        _context.Metrics.Decoded(ShardId, _context.Time.GetElapsedTime(decodeStart));
        return _reads;
    }
}
