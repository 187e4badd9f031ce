using StackExchange.Redis;

namespace Cortex.Events.Consuming;

/// <summary>
/// Parks an entry that failed its last allowed delivery in <c>{stream}:dead</c>, capped at the newest
/// <see cref="EventConsumerOptions.DeadLetterMaxLength"/> entries, then acknowledges it so the group moves on.
/// The dead letter keeps the entry's fields and adds where it came from (group, entry id, deliveries, the error's
/// type: never its message, which may carry user content).
/// </summary>
internal static class DeadLetters
{
    public static string StreamOf(string stream) => stream + ":dead";

    public static async Task ParkAsync(IDatabase database, string stream, string group, StreamEntry entry, long deliveries, Exception error, int cap)
    {
        var fields = entry.Values.Concat(
        [
            new NameValueEntry("dead.group", group),
            new NameValueEntry("dead.entry", entry.Id),
            new NameValueEntry("dead.deliveries", deliveries),
            new NameValueEntry("dead.error", error.GetType().FullName),
        ]).ToArray();
        await database.StreamAddAsync(StreamOf(stream), fields, maxLength: cap, useApproximateMaxLength: false);
        await database.StreamAcknowledgeAsync(stream, group, entry.Id);
    }
}
