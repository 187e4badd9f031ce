using Cortex.Emulator.World;

namespace Cortex.Emulator.Gateway;

/// <summary>
/// The firehose's event mix: 95 MESSAGE_CREATEs of varied length and 5 GUILD_CREATEs of a
/// mid-sized guild (100 members, 30 channels, 20 roles) per 100 events, built once from a fixed
/// seed so every run (and the benchmarks) sees the same bytes.
/// </summary>
public static class RecordedEventMix
{
    private static readonly Lazy<IReadOnlyList<(string EventName, byte[] Data)>> Events = new(Build);

    /// <summary>The mix, in the order the firehose cycles through it.</summary>
    public static IReadOnlyList<(string EventName, byte[] Data)> All => Events.Value;

    private static List<(string, byte[])> Build()
    {
        var random = new Random(20_150_101);
        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        ulong NextId() => ((ulong)random.NextInt64(1L << 40, 1L << 41) << 22) | (uint)random.Next(1 << 22);
        var words = "the quick brown fox jumps over lazy dog cortex shard gateway economy balance transfer daily reward moderation hello world".Split(' ');
        var guildId = NextId();
        var users = Enumerable.Range(0, 100).Select(i => new WorldUser(NextId(), $"user{i}", $"User {i}", Bot: i == 0)).ToList();
        var roles = Enumerable.Range(0, 20).Select(i => new WorldRole(i == 0 ? guildId : NextId(), guildId, i == 0 ? "@everyone" : $"role-{i}", 1071698660929UL, i, random.Next(0xFFFFFF))).ToList();
        var channels = Enumerable.Range(0, 30).Select(i => new WorldChannel(NextId(), guildId, WorldChannel.GuildText, $"channel-{i}", i)).ToList();
        var members = users.Select(u => (new WorldMember(guildId, u.Id, null, [roles[1 + random.Next(19)].Id], epoch), u)).ToList();
        var guild = new WorldGuild(guildId, "Firehose Guild", users[1].Id);
        var guildCreate = DiscordJson.ToBytes(w => DiscordJson.WriteGuildCreate(w, guild, roles, channels, members, epoch));

        var events = new List<(string, byte[])>(100);
        for (var i = 0; i < 100; i++)
        {
            if (i % 20 == 19)
            {
                events.Add(("GUILD_CREATE", guildCreate));
                continue;
            }

            var author = users[1 + random.Next(99)];
            var length = random.Next(3, 60);
            var content = string.Join(' ', Enumerable.Range(0, length).Select(_ => words[random.Next(words.Length)]));
            var message = new WorldMessage(NextId(), channels[random.Next(30)].Id, guildId, author.Id, content, epoch.AddSeconds(i));
            var member = members.First(m => m.u.Id == author.Id).Item1;
            events.Add(("MESSAGE_CREATE", DiscordJson.ToBytes(w => DiscordJson.WriteMessage(w, message, author, member))));
        }

        return events;
    }
}
