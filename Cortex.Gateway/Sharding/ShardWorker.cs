using System.Threading.Channels;
using Cortex.Discord.Gateway;
using Cortex.Gateway.Cache;
using Cortex.Gateway.Health;
using Cortex.Gateway.Identify;
using Cortex.Gateway.Metrics;
using Cortex.Gateway.Routing;
using Cortex.Gateway.Sessions;
using Cortex.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Cortex.Gateway.Sharding;

/// <summary>
/// One shard inside the gateway process: its <see cref="ShardConnection"/> and the loop that handles its
/// dispatches in order (decode → intent filter → cache → streams). The loop is also where the shard
/// answers health pings and drain requests, so an answer proves the loop itself is alive.
/// </summary>
internal sealed partial class ShardWorker : IAsyncDisposable
{
    private readonly ShardWorkerContext _context;
    private readonly ILogger _logger;
    private readonly ShardConnection _connection;
    private readonly DeliveredSessionStore _sessions;
    private readonly Channel<ShardCommand> _commands = Channel.CreateUnbounded<ShardCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RoutedEvent> _pending = [];
    private readonly RouteLinger _linger;
    private volatile DeliveredPosition _delivered;
    /// <summary>The session of the dispatches this loop handles (the connection may already be in a newer one).</summary>
    private GatewaySession? _session;
    private long _lastEventTicks;
    private volatile WorkerStop? _stopped;
    private Task _completion = Task.CompletedTask;

    private ShardWorker(ShardWorkerContext context, int shardId, ShardSession? saved)
    {
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<ShardWorker>();
        ShardId = shardId;
        _session = saved is null ? null : GatewaySession.Of(saved);
        _delivered = saved is null ? DeliveredPosition.None : new DeliveredPosition(saved.SessionId, saved.Sequence);
        _sessions = new DeliveredSessionStore(context.Sessions, () => _delivered);
        _linger = new RouteLinger(context.Options.RouteLinger, context.Options.RouteBatchSize, context.Time);
        var options = context.Options;
        _connection = new ShardConnection(
            new ShardConnectionOptions
            {
                Token = context.Token,
                GatewayUrl = context.Plan.GatewayUrl,
                ShardId = shardId,
                ShardCount = context.Plan.ShardCount,
                Intents = options.Intents,
                Encoding = options.Encoding,
                Compression = options.Compression,
                ReconnectDelay = options.IdentifyBackoff,
                ReconnectJitter = options.IdentifyBackoffJitter,
                MaxReconnectDelay = options.MaxIdentifyBackoff,
                InvalidSessionDelay = options.InvalidSessionDelay,
            },
            context.IdentifyGate,
            _sessions,
            context.LoggerFactory.CreateLogger<ShardConnection>(),
            context.Time);
    }

    public int ShardId { get; }

    public ShardState State => _connection.State;

    /// <summary>How many times the loop held a batch for more (<see cref="RouteLinger"/>).</summary>
    public int Lingers => _linger.Lingers;

    /// <summary>Set once the shard has stopped, with why.</summary>
    public WorkerStop? Stopped => _stopped;

    /// <summary>Completes when the connection and the loop have both ended.</summary>
    public Task Completion => _completion;

    public DateTimeOffset? LastEventAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastEventTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Creates the shard from its stored session (if any) and starts it.</summary>
    public static async Task<ShardWorker> StartAsync(ShardWorkerContext context, int shardId, CancellationToken cancellationToken)
    {
        var saved = await context.Sessions.LoadAsync(shardId, cancellationToken);
        if (saved is not null && saved.ShardCount != context.Plan.ShardCount)
        {
            saved = null;
        }

        var worker = new ShardWorker(context, shardId, saved);
        worker._completion = worker.RunAsync();
        return worker;
    }

    /// <summary>Asks the shard's loop for its health; null when it does not answer in time.</summary>
    public async Task<ShardHealth?> PingAsync(TimeSpan timeout)
    {
        var answer = new TaskCompletionSource<ShardHealth>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_commands.Writer.TryWrite(new ShardCommand.Ping(answer)))
        {
            return null;
        }

        try
        {
            return await answer.Task.WaitAsync(timeout, _context.Time);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>DRAIN: the loop finishes the batch in hand, records it, acknowledges and takes no more. False on timeout.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_commands.Writer.TryWrite(new ShardCommand.Drain(acknowledged)))
        {
            return false;
        }

        try
        {
            await acknowledged.Task.WaitAsync(timeout, _context.Time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Closes the connection with a resumable code (the session stays in Redis) and waits for the shard to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        _commands.Writer.TryComplete();
        await _completion;
    }

    /// <summary>Stops without touching Redis again: another replica owns the shard now.</summary>
    public async Task AbandonAsync()
    {
        _sessions.Suppressed = true;
        await StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _connection.DisposeAsync();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var loop = Task.Run(LoopAsync);
        WorkerStop stop;
        try
        {
            var reason = await _connection.RunAsync(_stop.Token);
            stop = new WorkerStop(reason.Description, reason.IsFatal, reason.CloseCode);
        }
        catch (SessionStartLimitExhaustedException ex)
        {
            stop = new WorkerStop(ex.Message, Fatal: true, CloseCode: null);
        }
        catch (Exception ex) when (ex.IsRedisFailure() || ex is HttpRequestException or InvalidOperationException)
        {
            stop = new WorkerStop("the shard failed: " + ex.Message, Fatal: false, CloseCode: null);
        }

        // A loop that ended early (drain, lost lease) must not leave the connection running, nor the reverse.
        await _stop.CancelAsync();
        var loopStop = await loop;
        _stopped = loopStop ?? stop;
        if (_stopped.Fatal)
        {
            LogFatal(ShardId, _stopped.Reason);
        }
    }

    private async Task<WorkerStop?> LoopAsync()
    {
        var dispatches = _connection.Dispatches;
        var batch = new List<GatewayDispatch>(_context.Options.RouteBatchSize);
        using var refresh = new PeriodicTimer(_context.Options.SessionRefreshInterval, _context.Time);
        var waits = new LoopWaits();
        Task<bool>? dispatchWait = null;
        Task<bool>? refreshWait = null;
        try
        {
            while (true)
            {
                while (_commands.Reader.TryRead(out var command))
                {
                    if (!Handle(command))
                    {
                        return null;
                    }
                }

                while (batch.Count < _context.Options.RouteBatchSize && dispatches.TryRead(out var dispatch))
                {
                    batch.Add(dispatch);
                }

                if (batch.Count > 0)
                {
                    await _linger.FillAsync(batch, dispatches, _commands.Reader, waits);
                    await ProcessAsync(batch);
                    batch.Clear();
                    continue;
                }

                if (dispatches.Completion.IsCompleted)
                {
                    return null;
                }

                dispatchWait ??= dispatches.WaitToReadAsync().AsTask();
                waits.Command ??= _commands.Reader.WaitToReadAsync().AsTask();
                refreshWait ??= refresh.WaitForNextTickAsync().AsTask();
                var woke = await Task.WhenAny(dispatchWait, waits.Command, refreshWait);
                if (woke == dispatchWait)
                {
                    dispatchWait = null;
                }
                else if (woke == waits.Command)
                {
                    var more = await waits.Command;
                    waits.Command = null;
                    if (!more)
                    {
                        return null;
                    }
                }
                else
                {
                    refreshWait = null;
                    await RouteAsync(State.Sequence ?? 0);
                }
            }
        }
        catch (LeaseLostException ex)
        {
            _sessions.Suppressed = true;
            LogLeaseLost(ShardId);
            return new WorkerStop(ex.Message, Fatal: false, CloseCode: null, LeaseLost: true);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private bool Handle(ShardCommand command)
    {
        switch (command)
        {
            case ShardCommand.Ping ping:
                Answer(ping);
                return true;
            case ShardCommand.Drain drain:
                // Everything taken from the buffer is routed and recorded by now; what is still buffered comes back by replay.
                LogDrained(ShardId, _delivered.Sequence);
                drain.Acknowledged.TrySetResult();
                return false;
            default:
                return true;
        }
    }

    private async Task ProcessAsync(List<GatewayDispatch> batch)
    {
        var started = _context.Time.GetTimestamp();
        var metrics = _context.Metrics;
        var reads = ReadRoutingFields(batch, started);
        var last = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var dispatch = batch[i];
            var name = dispatch.EventName;
            if (name == "READY")
            {
                // A new session: what came before it belongs to the old one and is recorded under it.
                await FlushAsync(last, started);
                _session = dispatch.Started;
                _context.Cache.ForgetShard(ShardId);
            }

            var (stream, fields) = reads[i];
            if (dispatch.Sequence > 0)
            {
                last = dispatch.Sequence;
            }

            if (!_context.Filter.Allows(name, fields.InGuild))
            {
                metrics.Dropped(ShardId, name);
                continue;
            }

            var data = dispatch.Data;
            if (GuildCache.Handles(name))
            {
                var cacheStart = _context.Time.GetTimestamp();
                // A routed GUILD_CREATE's entry is the guild's summary (GuildSummary), read in the cache's pass over it.
                if (name == "GUILD_CREATE" && stream >= 0)
                {
                    data = _context.Cache.ApplyGuildCreate(ShardId, data);
                }
                else
                {
                    _context.Cache.Apply(ShardId, name, data);
                }

                metrics.CacheWritten(ShardId, _context.Time.GetElapsedTime(cacheStart));
            }

            if (stream >= 0)
            {
                _pending.Add(new RoutedEvent(stream, name, dispatch.Sequence, fields.Id, data, fields.GuildId)
                {
                    IdDigits = fields.IdDigits,
                    GuildDigits = fields.GuildDigits,
                });
            }
        }

        Interlocked.Exchange(ref _lastEventTicks, _context.Time.GetUtcNow().UtcTicks);
        await FlushAsync(last, started);
    }

    private async Task FlushAsync(int lastSequence, long batchStarted)
    {
        if (lastSequence == 0 && _pending.Count == 0)
        {
            return;
        }

        var routed = _pending.Count;
        await RouteAsync(lastSequence);
        if (routed > 0)
        {
            // Every dispatch of the batch took the same time from the buffer to the streams: one record for them.
            _context.Metrics.Handled(ShardId, _context.Time.GetElapsedTime(batchStarted));
        }
    }

    private async Task RouteAsync(int lastSequence)
    {
        if (_session is not { } session)
        {
            _pending.Clear();
            return;
        }

        var sessionId = session.Id;
        var confirmed = _delivered.SessionId == sessionId ? _delivered.Sequence : 0;
        var batch = new RouteBatch(ShardId, _context.Plan.ShardCount, sessionId, session.ResumeUrl, _context.Time.GetUtcNow(), confirmed);
        for (var attempt = 0; ; attempt++)
        {
            var started = _context.Time.GetTimestamp();
            try
            {
                var result = await _context.Router.RouteAsync(batch, _pending, lastSequence);
                _delivered = new DeliveredPosition(sessionId, result.Delivered);
                _context.Metrics.RouteBatch(ShardId, _pending.Count, result.Added, result.Skipped, _context.Time.GetElapsedTime(started));
                _pending.Clear();
                return;
            }
            catch (Exception ex) when (ex.IsRedisFailure())
            {
                // Nothing is lost while Redis is away or refusing writes (OOM at its memory limit, LOADING after a
                // restart): the buffer fills, and the socket waits behind it. A lost lease is not a Redis failure.
                LogRouteRetry(ShardId, attempt, ex.Message);
                await WaitForRedisAsync(TimeSpan.FromMilliseconds(Math.Min(100 * (1 << Math.Min(attempt, 6)), 5000)));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {ShardId} stopped for good: {Reason}")]
    private partial void LogFatal(int shardId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId} lost its lease to another replica; it stops here without writing")]
    private partial void LogLeaseLost(int shardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {ShardId} drained at sequence {Sequence}")]
    private partial void LogDrained(int shardId, int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId} could not reach Redis to route (attempt {Attempt}): {Error}")]
    private partial void LogRouteRetry(int shardId, int attempt, string error);

}

/// <summary>Why a shard stopped.</summary>
/// <param name="Reason">A sentence for logs, /shards and the health check.</param>
/// <param name="Fatal">True when restarting unchanged cannot help (fatal close code, no session starts left).</param>
/// <param name="CloseCode">The close code, when one stopped it.</param>
/// <param name="LeaseLost">Another replica owns the shard now.</param>
internal sealed record WorkerStop(string Reason, bool Fatal, int? CloseCode, bool LeaseLost = false);

/// <summary>Messages to a shard's loop.</summary>
internal abstract record ShardCommand
{
    public sealed record Ping(TaskCompletionSource<ShardHealth> Answer) : ShardCommand;

    public sealed record Drain(TaskCompletionSource Acknowledged) : ShardCommand;
}
