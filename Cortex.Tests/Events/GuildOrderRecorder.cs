using System.Collections.Concurrent;
using System.Globalization;
using Cortex.Discord.Models;
using Cortex.Events.Consuming;

namespace Cortex.Tests.Events;

/// <summary>
/// What several consumers handled, shared between them: per guild, the order its messages were handled in (their
/// content is a per-guild counter), calls per message id, messages per consumer, and how often two of one guild's
/// messages were in handlers at once.
/// </summary>
internal sealed class GuildOrderLedger
{
    private readonly ConcurrentDictionary<ulong, int> _inFlight = new();
    private int _overlaps;

    public ConcurrentDictionary<ulong, ConcurrentQueue<int>> Order { get; } = new();

    public ConcurrentDictionary<ulong, int> Calls { get; } = new();

    public ConcurrentDictionary<string, int> ByConsumer { get; } = new();

    public int Overlaps => Volatile.Read(ref _overlaps);

    public int Handled => Calls.Values.Sum();

    public async Task RecordAsync(Message message, string consumer)
    {
        var guild = message.GuildId!.Value.Value;
        if (_inFlight.AddOrUpdate(guild, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        try
        {
            // A short random pause makes overtaking likely wherever order is not enforced.
            await Task.Delay(Random.Shared.Next(0, 4), CancellationToken.None);
            Order.GetOrAdd(guild, _ => new ConcurrentQueue<int>()).Enqueue(int.Parse(message.Content, CultureInfo.InvariantCulture));
            Calls.AddOrUpdate(message.Id.Value, 1, (_, n) => n + 1);
            ByConsumer.AddOrUpdate(consumer, 1, (_, n) => n + 1);
        }
        finally
        {
            _inFlight.AddOrUpdate(guild, 0, (_, n) => n - 1);
        }
    }
}

/// <summary>One consumer's MESSAGE_CREATE handler, writing into the shared <see cref="GuildOrderLedger"/>.</summary>
internal sealed class GuildOrderHandler(GuildOrderLedger ledger, GuildOrderHandler.Name name) : IEventHandler<Message>
{
    public Task HandleAsync(Message discordEvent, EventContext context, CancellationToken cancellationToken) =>
        ledger.RecordAsync(discordEvent, name.Value);

    public sealed record Name(string Value);
}
