using System.Text;
using System.Text.Json;

namespace Cortex.Emulator.Gateway;

/// <summary>
/// The recorded mix's MESSAGE_CREATEs spread over <see cref="Guilds"/> guilds (each message once per guild, its
/// <c>guild_id</c> rewritten): a bot in many guilds, what partitioned streams see. The recorded mix is one guild, so
/// all of it lands in one partition.
/// </summary>
public static class SpreadEventMix
{
    public const int Guilds = 64;

    private static readonly Lazy<IReadOnlyList<(string EventName, byte[] Data)>> Events = new(Build);

    public static IReadOnlyList<(string EventName, byte[] Data)> All => Events.Value;

    private static List<(string, byte[])> Build()
    {
        var messages = RecordedEventMix.All.Where(e => e.EventName == "MESSAGE_CREATE").Select(e => Encoding.UTF8.GetString(e.Data)).ToList();
        using var first = JsonDocument.Parse(messages[0]);
        var guild = ulong.Parse(first.RootElement.GetProperty("guild_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var field = $"\"guild_id\":\"{guild}\"";
        var events = new List<(string, byte[])>(messages.Count * Guilds);
        foreach (var message in messages)
        {
            for (var g = 0UL; g < Guilds; g++)
            {
                // Interleaved, so any run of the firehose touches every guild.
                events.Add(("MESSAGE_CREATE", Encoding.UTF8.GetBytes(message.Replace(field, $"\"guild_id\":\"{guild + (g << 22)}\"", StringComparison.Ordinal))));
            }
        }

        return events;
    }
}
