using System.ComponentModel.DataAnnotations;

namespace Cortex.Events.Streams;

/// <summary>
/// The stream keys consumers read (<c>Events:Streams</c>); the names and the partition count must match the gateway's
/// (<c>Gateway:*Stream</c>; the gateway binds this class too, for the partition count).
/// </summary>
public sealed class EventStreamOptions : IValidatableObject
{
    public const string Section = "Events:Streams";

    [Required]
    public string Messages { get; set; } = EventStreams.Messages;

    [Required]
    public string Interactions { get; set; } = EventStreams.Interactions;

    [Required]
    public string Guilds { get; set; } = EventStreams.Guilds;

    /// <summary>
    /// Streams per kind, split by guild (<see cref="EventPartitions"/>). 1 keeps one key per kind under its plain name;
    /// changing it moves new events to other keys, so drain the old ones first (docs/events.md).
    /// </summary>
    [Range(1, EventPartitions.MaxCount)]
    public int Partitions { get; set; } = 1;

    /// <summary>Where each consumer group remembers the event ids it handled (<c>{prefix}:{group}:{id}</c>).</summary>
    [Required]
    public string HandledKeyPrefix { get; set; } = "cortex:events:handled";

    /// <summary>Where each group's live consumers are listed, to share partitions fairly (<c>{prefix}:{group}</c>).</summary>
    [Required]
    public string ConsumersKeyPrefix { get; set; } = "cortex:events:consumers";

    public string KeyOf(Contract.EventStream stream) => stream switch
    {
        Contract.EventStream.Messages => Messages,
        Contract.EventStream.Interactions => Interactions,
        _ => Guilds,
    };

    /// <summary>Every partition's key of <paramref name="stream"/>.</summary>
    public IEnumerable<string> PartitionsOf(Contract.EventStream stream) => EventPartitions.All(KeyOf(stream), Partitions);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var name in new[] { Messages, Interactions, Guilds })
        {
            if (!string.IsNullOrEmpty(name) && EventPartitions.Problem(name, Partitions) is { } problem)
            {
                yield return new ValidationResult($"{Section}: {problem}.", [nameof(Partitions)]);
            }
        }
    }
}
