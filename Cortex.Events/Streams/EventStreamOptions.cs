using System.ComponentModel.DataAnnotations;

namespace Cortex.Events.Streams;

/// <summary>The stream keys consumers read (<c>Events:Streams</c>); they must match the gateway's <c>Gateway:*Stream</c>.</summary>
public sealed class EventStreamOptions
{
    public const string Section = "Events:Streams";

    [Required]
    public string Messages { get; set; } = EventStreams.Messages;

    [Required]
    public string Interactions { get; set; } = EventStreams.Interactions;

    /// <summary>Where each consumer group remembers the event ids it handled (<c>{prefix}:{group}:{id}</c>).</summary>
    [Required]
    public string HandledKeyPrefix { get; set; } = "cortex:events:handled";

    public string KeyOf(Contract.EventStream stream) => stream == Contract.EventStream.Messages ? Messages : Interactions;
}
